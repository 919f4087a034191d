"""due-diligence checks, signed certificates and the organisation inbox

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "diligence_check",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("verdict", sa.String(length=10), nullable=False),
        sa.Column("query_json", sa.Text(), nullable=False),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.Column("coverage_json", sa.Text(), nullable=False),
        sa.Column("photo_hashes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diligence_check")),
    )
    for column in ("created_at", "user_id", "organisation_id"):
        op.create_index(op.f(f"ix_diligence_check_{column}"), "diligence_check", [column])
    op.create_table(
        "diligence_certificate",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("check_id", sa.String(length=40), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("document_json", sa.Text(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["check_id"],
            ["diligence_check.id"],
            ondelete="CASCADE",
            name=op.f("fk_diligence_certificate_check_id_diligence_check"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diligence_certificate")),
        sa.UniqueConstraint("check_id", name=op.f("uq_diligence_certificate_check_id")),
    )
    op.create_table(
        "inbox_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("object_id", sa.String(length=120), nullable=True),
        sa.Column("check_id", sa.String(length=40), nullable=True),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_entry")),
    )
    op.create_index(op.f("ix_inbox_entry_organisation_id"), "inbox_entry", ["organisation_id"])
    op.create_index(op.f("ix_inbox_entry_created_at"), "inbox_entry", ["created_at"])


def downgrade() -> None:
    op.drop_table("inbox_entry")
    op.drop_table("diligence_certificate")
    op.drop_table("diligence_check")

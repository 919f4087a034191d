"""case files: messages among the parties, compensation claims with due-diligence evidence, classified
timeline events

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("case_event") as batch:
        batch.add_column(sa.Column("classification", sa.String(length=20), nullable=True))
    op.create_table(
        "case_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("posted_at", sa.DateTime(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("author_user_id", sa.Integer(), nullable=True),
        sa.Column("author_organisation_id", sa.Integer(), nullable=True),
        sa.Column("author_organisation", sa.String(length=300), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("classification", sa.String(length=20), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["return_case.id"],
            name=op.f("fk_case_message_case_id_return_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["case_document.id"],
            name=op.f("fk_case_message_document_id_case_document"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_message")),
    )
    op.create_index(op.f("ix_case_message_case_id"), "case_message", ["case_id"], unique=False)
    op.create_table(
        "compensation_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("claimant", sa.String(length=500), nullable=False),
        sa.Column("basis", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.String(length=30), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        _text("note"),
        _text("circumstances"),
        _text("character_of_parties"),
        _text("price_paid"),
        _text("register_consulted"),
        sa.Column("register_checks", sa.String(length=500), nullable=False),
        _text("other_information"),
        _text("agencies_consulted"),
        _text("other_steps"),
        _text("provenance_documentation"),
        _text("removal_authorisations"),
        _text("export_certificate"),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["return_case.id"],
            name=op.f("fk_compensation_claim_case_id_return_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compensation_claim")),
    )
    op.create_index(op.f("ix_compensation_claim_case_id"), "compensation_claim", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_compensation_claim_case_id"), table_name="compensation_claim")
    op.drop_table("compensation_claim")
    op.drop_index(op.f("ix_case_message_case_id"), table_name="case_message")
    op.drop_table("case_message")
    with op.batch_alter_table("case_event") as batch:
        batch.drop_column("classification")

"""expert consultations: declared fields of expertise, consultations, invited experts, thread and
attachments; alerts link to the page they are about

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisation_expertise",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_organisation_expertise_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_expertise")),
        sa.UniqueConstraint(
            "organisation_id", "field", name=op.f("uq_organisation_expertise_organisation_id")
        ),
    )
    op.create_index(
        op.f("ix_organisation_expertise_organisation_id"), "organisation_expertise", ["organisation_id"]
    )
    op.create_index(op.f("ix_organisation_expertise_field"), "organisation_expertise", ["field"])
    op.create_table(
        "consultation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("classification", sa.String(length=20), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("object_description", sa.Text(), nullable=False),
        sa.Column("fields", sa.String(length=500), nullable=False),
        sa.Column("target_hours", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("outcome_code", sa.String(length=40), nullable=True),
        sa.Column("outcome_text", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=200), nullable=True),
        sa.Column("object_id", sa.String(length=120), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation")),
    )
    for column in ("created_at", "organisation_id", "status", "object_id", "case_id"):
        op.create_index(op.f(f"ix_consultation_{column}"), "consultation", [column])
    op.create_table(
        "consultation_expert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("invited_for", sa.String(length=300), nullable=False),
        sa.Column("first_response_at", sa.DateTime(), nullable=True),
        sa.Column("response_seconds", sa.Integer(), nullable=True),
        sa.Column("met_target", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_expert_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_expert")),
        sa.UniqueConstraint(
            "consultation_id", "organisation_id", name=op.f("uq_consultation_expert_consultation_id")
        ),
    )
    op.create_index(
        op.f("ix_consultation_expert_consultation_id"), "consultation_expert", ["consultation_id"]
    )
    op.create_index(
        op.f("ix_consultation_expert_organisation_id"), "consultation_expert", ["organisation_id"]
    )
    op.create_table(
        "consultation_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_message_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_message")),
    )
    op.create_index(
        op.f("ix_consultation_message_consultation_id"), "consultation_message", ["consultation_id"]
    )
    op.create_table(
        "consultation_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_attachment_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["consultation_message.id"],
            name=op.f("fk_consultation_attachment_message_id_consultation_message"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_attachment")),
    )
    op.create_index(
        op.f("ix_consultation_attachment_consultation_id"), "consultation_attachment", ["consultation_id"]
    )
    with op.batch_alter_table("alert") as batch:
        batch.add_column(sa.Column("link", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alert") as batch:
        batch.drop_column("link")
    for table in (
        "consultation_attachment",
        "consultation_message",
        "consultation_expert",
        "consultation",
        "organisation_expertise",
    ):
        op.drop_table(table)

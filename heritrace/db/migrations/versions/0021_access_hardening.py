"""access hardening: second-factor codes used once, sign-in lock-out of unknown user names, public
records and alerts of organisations that are not vetted withdrawn from public view

Revision ID: 0021
Revises: 0024
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
    op.create_table(
        "sign_in_attempt",
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_sign_in_attempt")),
    )
    op.create_index(op.f("ix_sign_in_attempt_updated_at"), "sign_in_attempt", ["updated_at"])
    for table in ("cultural_object", "alert"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("public_withdrawn_at", sa.DateTime(), nullable=True))
        # what applicant or suspended organisations made public before this release
        op.execute(
            f"UPDATE {table} SET classification = 'partners', public_withdrawn_at = CURRENT_TIMESTAMP "
            "WHERE classification = 'public' AND organisation_id IN "
            "(SELECT id FROM organisation WHERE vetting <> 'vetted')"
        )


def downgrade() -> None:
    for table in ("cultural_object", "alert"):
        op.execute(f"UPDATE {table} SET classification = 'public' WHERE public_withdrawn_at IS NOT NULL")
        with op.batch_alter_table(table) as batch:
            batch.drop_column("public_withdrawn_at")
    op.drop_index(op.f("ix_sign_in_attempt_updated_at"), table_name="sign_in_attempt")
    op.drop_table("sign_in_attempt")
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("totp_last_step")

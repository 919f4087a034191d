"""access hardening: second-factor codes used once, sign-in lock-out of unknown user names

Revision ID: 0021
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0019"
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


def downgrade() -> None:
    op.drop_index(op.f("ix_sign_in_attempt_updated_at"), table_name="sign_in_attempt")
    op.drop_table("sign_in_attempt")
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("totp_last_step")

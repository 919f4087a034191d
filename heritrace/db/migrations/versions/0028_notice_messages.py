"""notice messages: the message of a system notice (alert, inbox entry), kept to be written in each
reader's language

Revision ID: 0028
Revises: 0025
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("alert", "inbox_entry"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("message", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in ("alert", "inbox_entry"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("message")

"""monitor photo pHash: the 64-bit perceptual hash of each listing photo, stored as a signed 64-bit
value (two's complement), so that retro-screening finds resized and re-encoded copies of a record's
photo; photos archived before keep NULL (found by same file only)

Revision ID: 0030
Revises: 0029
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("monitor_photo") as batch:
        batch.add_column(sa.Column("phash", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("monitor_photo") as batch:
        batch.drop_column("phash")

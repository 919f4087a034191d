"""signed checkpoints of the audit log; the organisations a restricted alert is addressed to

audit_checkpoint holds the head of the audit log signed with the platform's Ed25519 key;
alert_share names, row by row, the organisations of an alert addressed to organisations, so that
the access filter decides in SQL who reads an alert (filled here from audience_values).

Revision ID: 0022
Revises: 0027
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_checkpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("every", sa.Integer(), nullable=False),
        sa.Column("prev_checkpoint", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_checkpoint")),
        sa.UniqueConstraint("entry_id", name=op.f("uq_audit_checkpoint_entry_id")),
    )
    share = op.create_table(
        "alert_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alert.id"], name=op.f("fk_alert_share_alert_id_alert"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_share")),
        sa.UniqueConstraint("alert_id", "organisation_id", name=op.f("uq_alert_share_alert_id")),
    )
    with op.batch_alter_table("alert_share", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_share_alert_id"), ["alert_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alert_share_organisation_id"), ["organisation_id"], unique=False)
    rows = op.get_bind().execute(
        sa.text("SELECT id, audience_values FROM alert WHERE audience = 'organisations'")
    )
    named = [
        {"alert_id": alert_id, "organisation_id": org}
        for alert_id, values in rows
        for org in sorted({v for v in json.loads(values or "[]") if isinstance(v, int)})
    ]
    if named:
        op.bulk_insert(share, named)


def downgrade() -> None:
    with op.batch_alter_table("alert_share", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_share_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_alert_share_alert_id"))
    op.drop_table("alert_share")
    op.drop_table("audit_checkpoint")

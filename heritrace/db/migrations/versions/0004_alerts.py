"""alerts: alerts, subscriptions, deliveries, delivery attempts, acknowledgements; inbox per member

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("classification", sa.String(length=20), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("sender_name", sa.String(length=200), nullable=False),
        sa.Column("audience", sa.String(length=30), nullable=False),
        sa.Column("audience_values", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("region", sa.String(length=200), nullable=True),
        sa.Column("categories", sa.Text(), nullable=False),
        sa.Column("object_ids", sa.Text(), nullable=False),
        sa.Column("requires_action", sa.Boolean(), nullable=False),
        sa.Column("event_key", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert")),
        sa.UniqueConstraint("event_key", name=op.f("uq_alert_event_key")),
    )
    for column in ("created_at", "type", "classification", "organisation_id"):
        op.create_index(op.f(f"ix_alert_{column}"), "alert", [column])
    op.create_table(
        "alert_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("alert_types", sa.Text(), nullable=False),
        sa.Column("countries", sa.Text(), nullable=False),
        sa.Column("object_types", sa.Text(), nullable=False),
        sa.Column("organisation_types", sa.Text(), nullable=False),
        sa.Column("channels", sa.String(length=60), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("webhook_url", sa.String(length=1000), nullable=True),
        sa.Column("webhook_secret", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            ondelete="CASCADE",
            name=op.f("fk_alert_subscription_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            ondelete="CASCADE",
            name=op.f("fk_alert_subscription_user_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_subscription")),
        sa.UniqueConstraint("organisation_id", "user_id", name=op.f("uq_alert_subscription_organisation_id")),
    )
    op.create_index(op.f("ix_alert_subscription_user_id"), "alert_subscription", ["user_id"])
    op.create_table(
        "alert_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("target", sa.String(length=1000), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alert.id"], ondelete="CASCADE", name=op.f("fk_alert_delivery_alert_id_alert")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_delivery")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_alert_delivery_idempotency_key")),
    )
    for column in ("alert_id", "organisation_id", "status"):
        op.create_index(op.f(f"ix_alert_delivery_{column}"), "alert_delivery", [column])
    op.create_table(
        "delivery_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("detail", sa.String(length=1000), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["alert_delivery.id"],
            ondelete="CASCADE",
            name=op.f("fk_delivery_attempt_delivery_id_alert_delivery"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_attempt")),
    )
    op.create_index(op.f("ix_delivery_attempt_delivery_id"), "delivery_attempt", ["delivery_id"])
    op.create_table(
        "alert_ack",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=200), nullable=True),
        sa.Column("acted_at", sa.DateTime(), nullable=True),
        sa.Column("acted_by", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alert.id"], ondelete="CASCADE", name=op.f("fk_alert_ack_alert_id_alert")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_ack")),
        sa.UniqueConstraint("alert_id", "organisation_id", name=op.f("uq_alert_ack_alert_id")),
    )
    with op.batch_alter_table("inbox_entry") as batch:
        batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("alert_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_inbox_entry_user_id"), "inbox_entry", ["user_id"])
    op.create_index(op.f("ix_inbox_entry_alert_id"), "inbox_entry", ["alert_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_inbox_entry_alert_id"), table_name="inbox_entry")
    op.drop_index(op.f("ix_inbox_entry_user_id"), table_name="inbox_entry")
    with op.batch_alter_table("inbox_entry") as batch:
        batch.drop_column("alert_id")
        batch.drop_column("user_id")
    for name in ("alert_ack", "delivery_attempt", "alert_delivery", "alert_subscription", "alert"):
        op.drop_table(name)

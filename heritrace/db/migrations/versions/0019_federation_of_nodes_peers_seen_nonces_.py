"""federation of nodes: peers, seen nonces, organisations of peers, case participants, alerts from peers

Organisations of a peer node are rows of organisation with the peer (node_id) and their id
there (remote_id); the rights this node grants them are the row's own vetting and kind.

Revision ID: 0019
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "federation_peer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=63), nullable=False),
        sa.Column("base_url", sa.String(length=500), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("public_key_pem", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("timeout_s", sa.Float(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_federation_peer")),
        sa.UniqueConstraint("key_id", name=op.f("uq_federation_peer_key_id")),
        sa.UniqueConstraint("name", name=op.f("uq_federation_peer_name")),
    )
    op.create_table(
        "case_share",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["return_case.id"],
            name=op.f("fk_case_share_case_id_return_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", "organisation_id", name=op.f("pk_case_share")),
    )
    with op.batch_alter_table("case_share", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_share_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "federation_nonce",
        sa.Column("peer_id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.String(length=100), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["peer_id"],
            ["federation_peer.id"],
            name=op.f("fk_federation_nonce_peer_id_federation_peer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("peer_id", "nonce", name=op.f("pk_federation_nonce")),
    )
    with op.batch_alter_table("federation_nonce", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_federation_nonce_seen_at"), ["seen_at"], unique=False)

    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin_node", sa.String(length=63), nullable=True))

    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("node_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("remote_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_organisation_node_id"), ["node_id"], unique=False)
        batch_op.create_unique_constraint("uq_organisation_node_id_remote_id", ["node_id", "remote_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_organisation_node_id_federation_peer"),
            "federation_peer",
            ["node_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_organisation_node_id_federation_peer"), type_="foreignkey")
        batch_op.drop_constraint("uq_organisation_node_id_remote_id", type_="unique")
        batch_op.drop_index(batch_op.f("ix_organisation_node_id"))
        batch_op.drop_column("remote_id")
        batch_op.drop_column("node_id")

    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_column("origin_node")

    with op.batch_alter_table("federation_nonce", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_federation_nonce_seen_at"))

    op.drop_table("federation_nonce")
    with op.batch_alter_table("case_share", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_share_organisation_id"))

    op.drop_table("case_share")
    op.drop_table("federation_peer")

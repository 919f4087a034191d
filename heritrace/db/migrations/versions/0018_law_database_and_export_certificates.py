"""law database (instruments, treaty status, national laws, export regimes, proposed changes, history of
every fact) and signed export certificates

Revision ID: 0018
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "export_certificate",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("object_id", sa.String(length=120), nullable=False),
        sa.Column("classification", sa.String(length=20), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("document_json", sa.Text(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_certificate")),
    )
    with op.batch_alter_table("export_certificate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_export_certificate_issued_at"), ["issued_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_export_certificate_object_id"), ["object_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_export_certificate_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "export_regime",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("categories", sa.Text(), nullable=True),
        sa.Column("thresholds_json", sa.Text(), nullable=False),
        sa.Column("competent_authority", sa.Text(), nullable=True),
        sa.Column("contact", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=1), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_regime")),
        sa.UniqueConstraint("country", name=op.f("uq_export_regime_country")),
    )
    op.create_table(
        "law_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("fact_id", sa.String(length=60), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("payload_json", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("classification", sa.String(length=20), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("proposed_by", sa.String(length=200), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("reviewed_by", sa.String(length=200), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_law_change")),
    )
    with op.batch_alter_table("law_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_law_change_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_law_change_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_law_change_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_law_change_status"), ["status"], unique=False)

    op.create_table(
        "law_fact_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("fact_id", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot_json", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_law_fact_version")),
        sa.UniqueConstraint("kind", "fact_id", "version", name=op.f("uq_law_fact_version_kind")),
    )
    with op.batch_alter_table("law_fact_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_law_fact_version_fact_id"), ["fact_id"], unique=False)

    op.create_table(
        "legal_instrument",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("short", sa.String(length=120), nullable=False),
        sa.Column("adopted", sa.String(length=10), nullable=True),
        sa.Column("in_force", sa.String(length=10), nullable=True),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("parties_count_json", sa.Text(), nullable=False),
        sa.Column("settings_json", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=1), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_legal_instrument")),
    )
    op.create_table(
        "national_law",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("title_original", sa.Text(), nullable=False),
        sa.Column("title_english", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("official_reference", sa.String(length=300), nullable=True),
        sa.Column("topics_json", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=1), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_national_law")),
    )
    with op.batch_alter_table("national_law", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_national_law_country"), ["country"], unique=False)

    op.create_table(
        "treaty_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=40), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("party", sa.Boolean(), nullable=True),
        sa.Column("signature", sa.String(length=10), nullable=True),
        sa.Column("ratification", sa.String(length=10), nullable=True),
        sa.Column("ratification_kind", sa.String(length=20), nullable=True),
        sa.Column("entry_into_force", sa.String(length=10), nullable=True),
        sa.Column("date_precision", sa.String(length=5), nullable=False),
        sa.Column("until", sa.String(length=10), nullable=True),
        sa.Column("declarations_json", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=1), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_treaty_status")),
        sa.UniqueConstraint("instrument", "country", name=op.f("uq_treaty_status_instrument")),
    )
    with op.batch_alter_table("treaty_status", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_treaty_status_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_treaty_status_instrument"), ["instrument"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("treaty_status", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_treaty_status_instrument"))
        batch_op.drop_index(batch_op.f("ix_treaty_status_country"))

    op.drop_table("treaty_status")
    with op.batch_alter_table("national_law", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_national_law_country"))

    op.drop_table("national_law")
    op.drop_table("legal_instrument")
    with op.batch_alter_table("law_fact_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_law_fact_version_fact_id"))

    op.drop_table("law_fact_version")
    with op.batch_alter_table("law_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_law_change_status"))
        batch_op.drop_index(batch_op.f("ix_law_change_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_law_change_created_at"))
        batch_op.drop_index(batch_op.f("ix_law_change_country"))

    op.drop_table("law_change")
    op.drop_table("export_regime")
    with op.batch_alter_table("export_certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_certificate_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_export_certificate_object_id"))
        batch_op.drop_index(batch_op.f("ix_export_certificate_issued_at"))

    op.drop_table("export_certificate")

"""registers and inventories as they come: unbounded free text, incident types kept as written,
import jobs, inventories that police may search

Free text of the register becomes unbounded (``TEXT``): registers write whole descriptions into
date and type fields, and an import keeps what it is given. On PostgreSQL ``varchar(n)`` to ``text``
rewrites no row. SQLite does not enforce lengths, and rebuilding ``cultural_object`` there (batch
mode) would drop it with foreign keys on, which deletes its incidents, photos and history by
cascade: the columns stay as they are, and ``migrations/env.py`` compares them as equal.

Revision ID: 0016
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0018"
branch_labels = None
depends_on = None

OBJECT_TEXT = {
    "type_text": 300,
    "title": 1000,
    "maker": 500,
    "materials_techniques": 1000,
    "measurements_text": 500,
    "date_text": 300,
    "country_text": 200,
    "place_of_origin": 500,
    "inventory_number": 200,
}
INCIDENT_TEXT = {"date_text": 200, "place": 500, "reporting_organisation": 300, "reference": 200}


def _widen(table: str, columns: dict[str, int], to_text: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # see the docstring
    for name, length in columns.items():
        old, new = (sa.String(length), sa.Text()) if to_text else (sa.Text(), sa.String(length))
        op.alter_column(table, name, existing_type=old, type_=new, existing_nullable=True)


def upgrade() -> None:
    _widen("cultural_object", OBJECT_TEXT, to_text=True)
    _widen("incident", INCIDENT_TEXT, to_text=True)
    with op.batch_alter_table("incident") as batch:
        batch.add_column(sa.Column("type_text", sa.Text(), nullable=True))
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(
            sa.Column("inventory_police_search", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "import_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classification", sa.String(length=20), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("file_format", sa.String(length=10), nullable=False),
        sa.Column("stored_as", sa.String(length=300), nullable=False),
        sa.Column("profile", sa.Text(), nullable=False),
        sa.Column("inventory", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        *(
            sa.Column(name, sa.Integer(), nullable=False)
            for name in ("total", "processed", "inserted", "updated", "unchanged", "rejected", "flagged")
        ),
        sa.Column("report", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_job")),
    )
    op.create_index(op.f("ix_import_job_organisation_id"), "import_job", ["organisation_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_import_job_organisation_id"), table_name="import_job")
    op.drop_table("import_job")
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("inventory_police_search")
    with op.batch_alter_table("incident") as batch:
        batch.drop_column("type_text")
    _widen("incident", INCIDENT_TEXT, to_text=False)
    _widen("cultural_object", OBJECT_TEXT, to_text=False)

"""Create and migrate the database on first use; the same Alembic migrations serve SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, String, Text, inspect

MIGRATIONS = Path(__file__).parent / "migrations"


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    """FTS5 shadow tables and store-specific text indexes come from the migration, not the models."""
    if type_ == "table" and name and name.startswith("object_fts"):
        return False
    if type_ == "column" and name == "search_vector":
        return False  # PostgreSQL's stored tsvector, generated from search_text by the store
    return not (type_ == "index" and name in ("ix_cultural_object_fts", "ix_cultural_object_maker_trgm"))


def compare_type(context, inspected_column, metadata_column, inspected_type, metadata_type):  # noqa: ANN001, ANN201
    """SQLite stores VARCHAR(n) and TEXT alike and enforces no length: the free-text columns made
    unbounded on PostgreSQL (revision 0016) stay as they were there. None: compare as usual."""
    if (
        context.dialect.name == "sqlite"
        and isinstance(metadata_type, Text)
        and isinstance(inspected_type, String)
    ):
        return False
    return None


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def needs_upgrade(engine: Engine) -> bool:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as conn:
        if "alembic_version" not in inspect(conn).get_table_names():
            return True
        return MigrationContext.configure(conn).get_current_revision() != head

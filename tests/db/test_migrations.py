"""The migrations create exactly the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

import heritrace.db.registry  # noqa: F401
from heritrace.db.base import Base
from heritrace.db.migrate import compare_type, include_object


def test_migrated_schema_matches_the_models(platform):  # noqa: ANN001
    with platform.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": compare_type, "include_object": include_object}
        )
        diffs = compare_metadata(ctx, Base.metadata)
    assert diffs == []


def test_full_text_index_exists(platform):  # noqa: ANN001
    with platform.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            names = inspect(conn).get_table_names()
            assert "object_fts" in names
        else:
            indexes = {i["name"] for i in inspect(conn).get_indexes("cultural_object")}
            assert "ix_cultural_object_fts" in indexes
            assert (
                conn.execute(text("select count(*) from pg_extension where extname='pg_trgm'")).scalar() == 1
            )

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import heritrace.db.registry  # noqa: F401  (imports every domain's tables)
from heritrace.db.base import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from heritrace.core.settings import Settings

    return Settings().effective_database_url


def _configure(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=_include_object,
    )


def _include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001
    # FTS5 shadow tables are created by the migration itself, not by the models
    return not (type_ == "table" and name and name.startswith("object_fts"))


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(_url())
    with engine.begin() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()

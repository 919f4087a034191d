"""Bulk inserts for imports: COPY on PostgreSQL, one prepared executemany on SQLite.

SQLAlchemy's executemany builds and processes a parameter dictionary per row; at register scale
that costs more than the database's own work. Here the statement is written once per table and
column set, values go through the column types' bind processors only where a type has one, and the
driver receives plain tuples, inside the caller's transaction. Python-side column defaults are
applied as SQLAlchemy would (evaluated once per call).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from sqlalchemy import Table
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

# the tables written here during the session's transaction, for the audit's unit of work
# (heritrace.audit.unit), which does not see writes that bypass the ORM
BULK_WRITES = "heritrace.bulk_writes"


def insert_rows(session: Session, table: Table, rows: Sequence[dict]) -> None:
    """Insert ``rows`` (dictionaries keyed by column name, all with the same keys) into ``table``."""
    if not rows:
        return
    session.info.setdefault(BULK_WRITES, set()).add(table.name)
    connection = session.connection()
    dialect = connection.dialect
    given = tuple(rows[0])
    defaults = _defaults(table, given)
    columns = given + tuple(defaults)
    fill = list(defaults.values())
    values = [[row[c] for c in given] + fill for row in rows]
    bind_in_place(table, columns, dialect, values)
    driver = connection.connection.driver_connection
    assert driver is not None  # a session's connection is always open here
    cursor = driver.cursor()
    try:
        if dialect.name == "postgresql":
            with cursor.copy(f'COPY "{table.name}" ({_names(columns)}) FROM STDIN') as copy:
                for row in values:
                    copy.write_row(row)
        else:
            cursor.executemany(_sqlite_insert(table.name, columns), values)
    finally:
        cursor.close()


def bind_in_place(table: Table, columns: Sequence[str], dialect: Dialect, values: list[list]) -> None:
    """Convert the values of ``columns`` (one list per row) as the column types would for the driver."""
    for i, process in _processors(table, tuple(columns), dialect):
        done: dict = {}  # the same timestamps recur on every row of a batch: convert each once
        for row in values:
            value = row[i]
            if value is not None:
                converted = done.get(value)
                if converted is None:
                    converted = done[value] = process(value)
                row[i] = converted


def _defaults(table: Table, given: tuple[str, ...]) -> dict[str, object]:
    out: dict[str, object] = {}
    for column in table.columns:
        if column.name in given or column.default is None or column.primary_key:
            continue
        default = column.default
        if getattr(default, "is_scalar", False):
            out[column.name] = default.arg  # type: ignore[attr-defined]
        elif getattr(default, "is_callable", False):
            out[column.name] = default.arg(None)  # type: ignore[attr-defined]
    return out


def _processors(table: Table, columns: tuple[str, ...], dialect: Dialect) -> list[tuple[int, Callable]]:
    """(position, bind processor) of the columns whose values the driver cannot take as they are."""
    if dialect.name == "postgresql":
        return []  # COPY adapts dates, times and numbers itself
    procs = (
        (i, table.columns[name].type._cached_bind_processor(dialect))
        for i, name in enumerate(columns)
        if name in table.columns  # other values (a staging table's own columns) pass as they are
    )
    return [(i, p) for i, p in procs if p is not None]


@lru_cache(maxsize=64)
def _sqlite_insert(table: str, columns: tuple[str, ...]) -> str:
    return f'INSERT INTO "{table}" ({_names(columns)}) VALUES ({", ".join("?" * len(columns))})'


def _names(columns: tuple[str, ...]) -> str:
    return ", ".join(f'"{c}"' for c in columns)

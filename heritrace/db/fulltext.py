"""Full-text index DDL for the register, per store (used by the migrations)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

SQLITE = [
    """CREATE VIRTUAL TABLE object_fts USING fts5(search_text, content='cultural_object',
       content_rowid='id', tokenize="unicode61 remove_diacritics 2")""",
    """CREATE TRIGGER object_fts_ad AFTER DELETE ON cultural_object BEGIN
       INSERT INTO object_fts(object_fts, rowid, search_text)
       VALUES('delete', old.id, old.search_text); END""",
    """CREATE TRIGGER object_fts_au AFTER UPDATE OF search_text ON cultural_object BEGIN
       INSERT INTO object_fts(object_fts, rowid, search_text) VALUES('delete', old.id, old.search_text);
       INSERT INTO object_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
]
# created by revision 0001 (revision 0008 replaces the expression index, below)
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_cultural_object_fts ON cultural_object USING gin (to_tsvector('simple', search_text))",
    # substring search on makers ("turner" in "J.M.W. Turner") uses trigrams; a trigram index on the
    # whole search text was measured to cut import speed several times over for no query that needs it
    "CREATE INDEX ix_cultural_object_maker_trgm ON cultural_object USING gin (maker_key gin_trgm_ops)",
]
# revision 0008: the words are parsed once into a stored column (see that migration for why)
STORED_VECTOR_POSTGRES = [
    "ALTER TABLE cultural_object ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "DROP INDEX IF EXISTS ix_cultural_object_fts",
    "CREATE INDEX ix_cultural_object_fts ON cultural_object USING gin (search_vector)",
    "ANALYZE cultural_object",
]
EXPRESSION_INDEX_POSTGRES = [
    "DROP INDEX IF EXISTS ix_cultural_object_fts",
    "ALTER TABLE cultural_object DROP COLUMN IF EXISTS search_vector",
    POSTGRES[1],
]
DROP_SQLITE = [
    "DROP TRIGGER IF EXISTS object_fts_ai",
    "DROP TRIGGER IF EXISTS object_fts_ad",
    "DROP TRIGGER IF EXISTS object_fts_au",
    "DROP TABLE IF EXISTS object_fts",
]
DROP_POSTGRES = [
    "ALTER TABLE cultural_object DROP COLUMN IF EXISTS search_vector",
    "DROP INDEX IF EXISTS ix_cultural_object_maker_trgm",
    "DROP INDEX IF EXISTS ix_cultural_object_fts",
]


def index_new_objects(session: Session, object_ids: list[int]) -> None:
    """Add newly inserted records to the SQLite full-text index, one statement per batch.

    New rows are indexed here rather than by a trigger: measured on a 3,000-record batch, one
    INSERT ... SELECT costs 30-60 us a record against 165-185 us through a per-row trigger.
    (Updates and deletes, which are rare, are kept in step by triggers; PostgreSQL maintains its
    GIN index itself.)"""
    if not object_ids or session.get_bind().dialect.name != "sqlite":
        return
    for start in range(0, len(object_ids), 5000):
        chunk = ",".join(str(int(i)) for i in object_ids[start : start + 5000])
        session.execute(
            text(
                f"INSERT INTO object_fts(rowid, search_text) "
                f"SELECT id, search_text FROM cultural_object WHERE id IN ({chunk})"
            )
        )


def rebuild(connection) -> None:  # noqa: ANN001
    """Re-index every record (after rows were written outside the services, e.g. by a benchmark)."""
    if connection.dialect.name == "sqlite":
        connection.execute(text("INSERT INTO object_fts(object_fts) VALUES('rebuild')"))


def create_statements(dialect: str) -> list[str]:
    # search_text is already lower-cased and stripped of diacritics by the service, so both stores
    # are diacritics-insensitive without the unaccent extension
    return SQLITE if dialect == "sqlite" else POSTGRES


def drop_statements(dialect: str) -> list[str]:
    return DROP_SQLITE if dialect == "sqlite" else DROP_POSTGRES

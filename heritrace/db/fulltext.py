"""Full-text index DDL for the register, per store (used by the migrations)."""

from __future__ import annotations

SQLITE = [
    """CREATE VIRTUAL TABLE object_fts USING fts5(search_text, content='cultural_object',
       content_rowid='id', tokenize="unicode61 remove_diacritics 2")""",
    """CREATE TRIGGER object_fts_ai AFTER INSERT ON cultural_object BEGIN
       INSERT INTO object_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    """CREATE TRIGGER object_fts_ad AFTER DELETE ON cultural_object BEGIN
       INSERT INTO object_fts(object_fts, rowid, search_text)
       VALUES('delete', old.id, old.search_text); END""",
    """CREATE TRIGGER object_fts_au AFTER UPDATE OF search_text ON cultural_object BEGIN
       INSERT INTO object_fts(object_fts, rowid, search_text) VALUES('delete', old.id, old.search_text);
       INSERT INTO object_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_cultural_object_fts ON cultural_object USING gin (to_tsvector('simple', search_text))",
    # substring search on makers ("turner" in "J.M.W. Turner") uses trigrams; a trigram index on the
    # whole search text was measured to cut import speed several times over for no query that needs it
    "CREATE INDEX ix_cultural_object_maker_trgm ON cultural_object USING gin (maker_key gin_trgm_ops)",
]
DROP_SQLITE = [
    "DROP TRIGGER IF EXISTS object_fts_ai",
    "DROP TRIGGER IF EXISTS object_fts_ad",
    "DROP TRIGGER IF EXISTS object_fts_au",
    "DROP TABLE IF EXISTS object_fts",
]
DROP_POSTGRES = [
    "DROP INDEX IF EXISTS ix_cultural_object_maker_trgm",
    "DROP INDEX IF EXISTS ix_cultural_object_fts",
]


def create_statements(dialect: str) -> list[str]:
    # search_text is already lower-cased and stripped of diacritics by the service, so both stores
    # are diacritics-insensitive without the unaccent extension
    return SQLITE if dialect == "sqlite" else POSTGRES


def drop_statements(dialect: str) -> list[str]:
    return DROP_SQLITE if dialect == "sqlite" else DROP_POSTGRES

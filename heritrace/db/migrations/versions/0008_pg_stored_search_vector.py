"""PostgreSQL: full text over a stored tsvector column instead of an expression index

The expression index made every heap recheck recompute to_tsvector over the record's search text,
and gave the planner no statistics of the words: a common word (``the``) was looked up through the
index and re-parsed on most of the register (about 250 ms at 100,000 records). A stored generated
column keeps the parsed vector on the row and has word statistics, so the planner walks the newest
records for common words and uses the GIN index for rare ones. SQLite (FTS5) is unchanged.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

from heritrace.db import fulltext

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in fulltext.STORED_VECTOR_POSTGRES:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in fulltext.EXPRESSION_INDEX_POSTGRES:
            op.execute(statement)

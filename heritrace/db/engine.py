"""Engines for the embedded SQLite default and for PostgreSQL.

SQLite allows one writer at a time. A transaction that reads and then writes (BEGIN DEFERRED) cannot
wait for the write lock: SQLite answers "database is locked" at once when another connection holds it
or has committed since the read began, because waiting could not make the read current. So a unit of
work that will write declares it (``writing()``): on SQLite its transaction starts with BEGIN IMMEDIATE,
after taking this process's writer lock, so that writers queue in order (a thread lock hands over at
once; SQLite's own busy handler polls in sleeps) and read what they will change only once they hold
the lock. Readers never wait: WAL lets them read beside the writer. On PostgreSQL ``writing()`` changes
nothing (row locks and the version check do the work there).

``sessions.begin()`` (a ``Sessions`` factory) declares itself: the block it opens is a writer. A unit
of work that reads and then writes without having declared it would be refused "database is locked"
whenever another writer committed since its read began; with ``refuse_undeclared_writes`` (on in
test mode) its first write raises ``UndeclaredWrite`` instead, so that the tests find it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from heritrace.core.nul import refuse_nul_in_statements
from heritrace.core.settings import Settings

_WRITE_INTENT: ContextVar[bool] = ContextVar("heritrace_write_intent", default=False)
_WRITE_STATEMENT = re.compile(r"\s*(insert|update|delete|replace)\b", re.IGNORECASE)
_READ_STATEMENT = re.compile(r"\s*(select|with)\b", re.IGNORECASE)


class UndeclaredWrite(RuntimeError):
    """On SQLite, a transaction read and then wrote without having declared ``writing()``."""


@contextmanager
def writing() -> Iterator[None]:
    """Transactions begun inside this block will write: on SQLite they take the write lock first."""
    token = _WRITE_INTENT.set(True)
    try:
        yield
    finally:
        _WRITE_INTENT.reset(token)


def make_engine(settings: Settings) -> Engine:
    url = settings.effective_database_url
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        # connections are cheap; enough that threads queued for the writer lock (each holding one)
        # never starve the lock holder of a connection for a nested read
        engine = create_engine(
            url,
            connect_args={"timeout": settings.sqlite_busy_timeout_ms / 1000},
            pool_size=10,
            max_overflow=70,
        )
        _configure_sqlite(engine, settings.sqlite_busy_timeout_ms, settings.refuse_undeclared_writes)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
    refuse_nul_in_statements(engine)
    return engine


class WriterLock:
    """The process's turn to write to one SQLite database (one holder; its thread may nest reads)."""

    def __init__(self, timeout_s: float):
        self._lock = threading.Lock()
        self.owner: int | None = None
        self.timeout_s = timeout_s

    def held_here(self) -> bool:
        return self.owner == threading.get_ident()

    def acquire(self) -> None:
        if not self._lock.acquire(timeout=self.timeout_s):
            locked = _Locked("database is locked (the writer queue timed out)")
            raise OperationalError("BEGIN IMMEDIATE", {}, locked)
        self.owner = threading.get_ident()

    def release(self) -> None:
        self.owner = None
        self._lock.release()


class _Locked(Exception):
    pass


def _configure_sqlite(engine: Engine, busy_timeout_ms: int, refuse_undeclared: bool = False) -> None:
    writer = WriterLock(max(busy_timeout_ms, 1000) / 1000)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # noqa: ANN001
        # pysqlite's own transaction handling would defer BEGIN; take it over so writes lock early
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA synchronous=NORMAL")
        # 64 MB of page cache (the default is 2 MB): bulk imports update a dozen B-tree indexes in
        # scattered order and were measured to spend most of their SQLite time re-reading pages
        cur.execute("PRAGMA cache_size=-65536")
        cur.close()

    def _take(conn) -> None:  # noqa: ANN001
        writer.acquire()
        conn.info["heritrace_writer"] = True

    def _give_back(info: dict) -> None:
        if info.pop("heritrace_writer", False):
            writer.release()

    @event.listens_for(engine, "begin")
    def _begin(conn):  # noqa: ANN001
        conn.info.pop("heritrace_read", None)
        # a nested session of the thread that holds the lock only reads (WAL): it must not queue
        # behind its own thread
        if _WRITE_INTENT.get() and not writer.held_here():
            _take(conn)
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            except Exception:
                _give_back(conn.info)
                raise
        else:
            conn.exec_driver_sql("BEGIN")

    @event.listens_for(engine, "before_cursor_execute")
    def _first_write(conn, _cursor, statement, _params, _context, _many):  # noqa: ANN001
        # a unit of work that did not declare its writes: queue for the lock before the first write,
        # so that at least it does not collide with this process's other writers; one that has read
        # first is refused when another writer committed meanwhile, so strict settings refuse it here
        if "heritrace_writer" in conn.info or not conn.in_transaction() or writer.held_here():
            return
        if _WRITE_STATEMENT.match(statement):
            if refuse_undeclared and conn.info.get("heritrace_read"):
                raise UndeclaredWrite(
                    "a unit of work read and then wrote without declaring it: open it with "
                    f"`with writing(), sessions() as s:` or `sessions.begin()` ({statement.strip()[:80]!r})"
                )
            _take(conn)
        elif _READ_STATEMENT.match(statement):
            conn.info["heritrace_read"] = True

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _end(conn):  # noqa: ANN001
        conn.info.pop("heritrace_read", None)
        _give_back(conn.info)

    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_conn, record):  # noqa: ANN001
        _give_back(record.info)


class Sessions(sessionmaker[Session]):
    """The platform's session factory: ``with sessions() as s`` reads (or declares ``writing()``
    first); ``with sessions.begin() as s`` is a unit of work that writes, declared as such."""

    @contextmanager
    def begin(self) -> Iterator[Session]:  # type: ignore[override]
        with writing(), super().begin() as session:
            yield session


def make_sessionmaker(engine: Engine) -> Sessions:
    return Sessions(engine, expire_on_commit=False)

"""Answers to the anonymous public kept in memory while the register has not changed.

The public browses the same register pages again and again (the list, searches, record pages and
their API twins); each answer costs the server the access filter, several queries and a template. This
ASGI middleware keeps the answers that are the same for every anonymous visitor and answers them
again without running the route, as long as nothing was written since:

- **the generation**: every committed write appends to the audit log in the same transaction
  (``heritrace.audit.unit``), and entries are appended one writer at a time (SQLite's write lock,
  PostgreSQL's advisory lock on the chain), so the newest entry's id grows with every commit, in any
  process. It is read (one indexed query) before every cacheable request; a kept answer is served only
  if it was made under the same generation, and one made while a write committed is not kept. An
  answer that shows the matching engine's results (spelling variants on a search page) is kept like
  the others if the engine had caught up with that generation when it answered, else only until the
  engine next checks the register (``keep_at_most``, ``RegisterMatcher.fresh_for``).
- **the key**: path, query string, the reader's language (chosen by ``LanguageMiddleware``,
  outside this one), ``Accept``, host and scheme.
- **what is kept**: only 200 answers to GET requests of the register pages and API (``CACHED``),
  without ``Authorization`` and without a session cookie, answered to the anonymous actor, without
  ``Set-Cookie`` and without the request's CSRF token in the body. Signed-in readers, whose answers
  depend on their rights, never read from it nor write to it.

Each web process has its own cache (``HERITRACE_PAGE_CACHE_ENTRIES``, 0 turns it off), bounded in
entries and bytes, least recently used first out.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from dataclasses import dataclass

import anyio.to_thread
from fastapi import Request
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from heritrace.audit.models import AuditEntry
from heritrace.core.http import SESSION_COOKIE

# the register's list, search and record pages, and the same in the API
CACHED = re.compile(r"^/(?:api/v1/)?objects(?:/[^/]+)?$")
NOT_CACHED = frozenset({"/objects/new"})  # a form: it carries the visitor's CSRF token
MAX_ENTRY_BYTES = 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
_KEEP_AT_MOST = "page_cache_seconds"
_GENERATION = "page_cache_generation"


def generation_of(request: Request) -> int | None:
    """The audit-log generation read before this request was answered (None when its answer is not
    one that may be kept)."""
    return getattr(request.state, _GENERATION, None)


def keep_at_most(request: Request, seconds: float) -> None:
    """This answer may be kept for ``seconds`` at most, even if the register does not change (it
    shows something refreshed on its own schedule, not at each write)."""
    setattr(request.state, _KEEP_AT_MOST, min(seconds, getattr(request.state, _KEEP_AT_MOST, seconds)))


@dataclass(frozen=True)
class Kept:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    until: float  # time.monotonic() after which it is not served


class AnonymousPages:
    """ASGI middleware: anonymous GET answers of the register, kept while nothing is written."""

    def __init__(self, app: ASGIApp, engine: Engine, entries: int) -> None:
        self.app = app
        self.engine = engine
        self.entries = entries
        self._kept: OrderedDict[tuple, Kept] = OrderedDict()
        self._bytes = 0
        self._generation: int | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope) if self.entries > 0 else None
        if key is None:
            await self.app(scope, receive, send)
            return
        try:
            generation = await anyio.to_thread.run_sync(self.generation)
        except SQLAlchemyError:  # the route answers what it answers when storage fails (503)
            await self.app(scope, receive, send)
            return
        if generation != self._generation:
            self._kept.clear()
            self._bytes = 0
            self._generation = generation
        scope.setdefault("state", {})[_GENERATION] = generation
        kept = self._kept.get(key)
        if kept is not None and kept.until > time.monotonic():
            self._kept.move_to_end(key)
            await send({"type": "http.response.start", "status": kept.status, "headers": kept.headers})
            await send({"type": "http.response.body", "body": kept.body})
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    start["complete"] = True
            await send(message)

        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        if generation == self._generation and self._keepable(scope, start, body):
            seconds = scope.get("state", {}).get(_KEEP_AT_MOST, float("inf"))
            if seconds > 0:
                until = time.monotonic() + seconds
                self._keep(key, Kept(start["status"], list(start.get("headers", [])), body, until))

    def generation(self) -> int:
        """The newest audit entry's id: it changes with every committed write, in any process."""
        with self.engine.connect() as conn:
            return conn.scalar(select(func.max(AuditEntry.id))) or 0

    def _key(self, scope: Scope) -> tuple | None:
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        path = scope["path"]
        if not CACHED.match(path) or path in NOT_CACHED:
            return None
        headers = dict(scope.get("headers", []))
        if b"authorization" in headers or SESSION_COOKIE.encode() + b"=" in headers.get(b"cookie", b""):
            return None
        return (
            path,
            scope.get("query_string", b""),
            scope.get("state", {}).get("lang"),
            headers.get(b"accept", b""),
            headers.get(b"host", b""),
            scope.get("scheme", "http"),
        )

    def _keepable(self, scope: Scope, start: Message, body: bytes) -> bool:
        state = scope.get("state", {})
        actor = state.get("actor")
        if (
            start.get("status") != 200
            or not start.get("complete")
            or actor is None
            or not actor.is_anonymous
            or len(body) > MAX_ENTRY_BYTES
            or any(name.lower() == b"set-cookie" for name, _ in start.get("headers", []))
        ):
            return False
        csrf = state.get("csrf")
        return not (csrf and csrf.encode() in body)

    def _keep(self, key: tuple, kept: Kept) -> None:
        old = self._kept.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body)
        self._kept[key] = kept
        self._bytes += len(kept.body)
        while len(self._kept) > self.entries or self._bytes > MAX_TOTAL_BYTES:
            _, dropped = self._kept.popitem(last=False)
            self._bytes -= len(dropped.body)

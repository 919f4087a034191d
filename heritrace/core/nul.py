"""Refuses NUL characters in request text before any handler sees them.

PostgreSQL cannot store NUL (0x00) in text and SQLite would keep it: without this guard the same
input was stored on one store and broke the request on the other. Query strings, JSON bodies and
URL-encoded forms are checked here; multipart bodies carry binary files next to their text fields,
so text reaching the database is checked once more where it is sent (``refuse_nul_in_statements``),
whatever the way in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from sqlalchemy import Engine, event
from starlette.types import Message, Receive, Scope, Send

from heritrace.core.asgi import HttpMiddleware
from heritrace.core.errors import ValidationFailed

# \u0000 in JSON, unless its backslash is itself escaped (\\u0000 is the text "\u0000")
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)
_CHECKED_TYPES = (b"application/json", b"application/x-www-form-urlencoded")
MAX_CHECKED_BODY = 4 * 1024 * 1024
MESSAGE = "text must not contain NUL (0x00) characters"


def has_nul(body: bytes, content_type: bytes) -> bool:
    """Whether a request body of this content type carries a NUL character."""
    if b"\x00" in body:
        return True
    if content_type.startswith(b"application/json"):
        return bool(_JSON_NUL.search(body))
    return b"%00" in body


class RefuseNul(HttpMiddleware):
    """ASGI middleware: 422 with a field-level body for text holding NUL characters."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = scope.get("query_string", b"")
        if b"%00" in query or b"\x00" in query:
            await _refuse(send, "query")
            return
        headers = dict(scope.get("headers", []))
        content_type = headers.get(b"content-type", b"").lower()
        if not content_type.startswith(_CHECKED_TYPES) or _declared_length(headers) > MAX_CHECKED_BODY:
            await self.app(scope, receive, send)
            return
        messages, body = await _read_body(receive)
        if has_nul(body, content_type):
            await _refuse(send, "body")
            return
        await self.app(scope, _replay(messages, receive), send)


def _declared_length(headers: dict[bytes, bytes]) -> int:
    try:
        return int(headers.get(b"content-length", b"0"))
    except ValueError:
        return 0


async def _read_body(receive: Receive) -> tuple[list[Message], bytes]:
    messages, chunks = [], []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return messages, b"".join(chunks)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay


async def _refuse(send: Send, where: str) -> None:
    body = json.dumps({"detail": "invalid input", "errors": {where: MESSAGE}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 422,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def refuse_nul_in_statements(engine: Engine) -> None:
    """Refuse, with ``ValidationFailed`` and before the statement runs, text parameters holding NUL,
    so that no store keeps what the other cannot (the transaction is then rolled back whole)."""

    @event.listens_for(engine, "before_cursor_execute")
    def _check(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001, ANN202, ARG001
        if _holds_nul(parameters):
            raise ValidationFailed({"body": MESSAGE})


def _holds_nul(value: object, depth: int = 0) -> bool:
    """Whether parameters carry text with NUL: a row (a mapping or a sequence, whose values may be
    lists for IN), or many rows with ``executemany``."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        value = list(value.values())
    if depth < 3 and isinstance(value, list | tuple):
        return any(_holds_nul(v, depth + 1) for v in value)
    return False

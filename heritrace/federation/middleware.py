"""Authenticates server-to-server requests (``/federation/v1/...``) before any route runs: the whole
body is read (its digest is signed), the signature checked, and the request passed on with the
peer's person as the actor, or refused with 401."""

from __future__ import annotations

import json

import anyio
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from heritrace.federation.signing import SignatureRefused

PREFIX = "/federation/v1/"
MAX_BODY = 50 * 1024 * 1024  # five photos of a due-diligence check, base64-encoded


class PeerSignatures:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:
            await _refuse(send, 413, "the request body is too large")
            return
        platform = scope["app"].state.heritrace
        headers = Headers(scope=scope)
        url = _url(scope, headers)
        try:
            actor = await anyio.to_thread.run_sync(
                platform.federation.authenticate, scope["method"], url, headers, body
            )
        except SignatureRefused as exc:
            await _refuse(send, 401, str(exc))
            return
        scope.setdefault("state", {})["actor"] = actor
        await self.app(scope, _replay(body), send)


async def _read_body(receive: Receive) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _url(scope: Scope, headers: Headers) -> str:
    host = headers.get("host") or "{}:{}".format(*scope["server"])
    query = scope.get("query_string", b"").decode("latin-1")
    path = scope.get("raw_path", scope["path"].encode()).decode("latin-1")
    return f"{scope.get('scheme', 'http')}://{host}{path}" + (f"?{query}" if query else "")


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail, "errors": {}}).encode()
    await send(
        {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]}
    )
    await send({"type": "http.response.body", "body": body})

"""Request and response guards applied before anything else runs: body size limits, security headers.

``BodyLimit`` refuses a body over its limit with 413 while it streams in, before authentication,
routing or parsing: a declared ``Content-Length`` over the limit is refused without reading a byte,
and an undeclared (chunked) body is counted as it arrives. Text bodies (JSON, forms) get the small
limit; multipart uploads (photos, documents, register files) their own larger one; requests signed by
a peer node the federation's. ``SecurityHeaders`` adds a content security policy, refuses framing and
keeps every answer but the static files out of shared and browser caches.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from heritrace.core.asgi import HttpMiddleware
from heritrace.core.settings import Settings

TOO_LARGE = "the request body is too large"
CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# the API's own documentation page loads its viewer from a CDN: it keeps FastAPI's defaults
_DOCS = "/api/v1/docs"


class BodyTooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(413, TOO_LARGE)


def body_limit(settings: Settings, path: str, content_type: bytes) -> int:
    """The largest body a request may carry."""
    if path.startswith("/federation/v1/"):
        return settings.max_federation_bytes
    if content_type.startswith(b"multipart/form-data"):
        if path.startswith("/imports"):
            return settings.max_import_bytes + settings.max_body_bytes
        # the largest photo or document, plus the form's text fields
        return max(settings.max_upload_bytes, settings.max_attachment_bytes) + settings.max_body_bytes
    return settings.max_body_bytes


class BodyLimit:
    """ASGI middleware: 413 for a body over its limit, as early as it can be known."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        limit = body_limit(self.settings, scope["path"], headers.get(b"content-type", b"").lower())
        declared = headers.get(b"content-length", b"")
        if declared and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge()
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if not started:
                await _too_large(send)


async def _too_large(send: Send) -> None:
    body = json.dumps({"detail": TOO_LARGE, "errors": {}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    # the rest of the body is not read: the client is told to stop sending it
    headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders(HttpMiddleware):
    """ASGI middleware: CSP, no framing, no sniffing, no referrer across sites, and
    ``Cache-Control: private, no-store`` on every answer that does not set its own (pages and
    photos may show what only the signed-in reader may see)."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = [
                    (b"x-frame-options", b"DENY"),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                ]
                if path != _DOCS:
                    extra.append((b"content-security-policy", CSP.encode()))
                if not path.startswith("/static/"):
                    extra.append((b"cache-control", b"private, no-store"))
                headers += [(k, v) for k, v in extra if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)

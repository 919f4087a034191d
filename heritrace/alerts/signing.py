"""Webhook signatures: HMAC-SHA256 over ``timestamp.body``, sent as ``X-Heritrace-Signature: t=..,v1=..``.

The timestamp is inside the signed text, so a receiver that rejects old timestamps cannot be fooled by
a captured request replayed later, nor by a new timestamp glued onto an old body.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Heritrace-Signature"
DEFAULT_TOLERANCE_S = 300


class WebhookSignatureError(ValueError):
    """The request is not signed by the shared secret, or was signed too long ago (a replay)."""


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The header value for ``body`` sent at ``timestamp`` (now by default)."""
    t = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={t},v1={_digest(secret, t, body)}"


def verify_webhook(
    secret: str,
    header: str | None,
    body: bytes,
    tolerance: int = DEFAULT_TOLERANCE_S,
    now: float | None = None,
) -> int:
    """Check a received webhook; returns its timestamp, raises ``WebhookSignatureError`` otherwise."""
    t, signatures = _parse(header)
    expected = _digest(secret, t, body)
    if not any(hmac.compare_digest(expected, s) for s in signatures):
        raise WebhookSignatureError("signature does not match")
    current = time.time() if now is None else now
    if abs(current - t) > tolerance:
        raise WebhookSignatureError(f"timestamp outside the {tolerance} s tolerance (replay?)")
    return t


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def _parse(header: str | None) -> tuple[int, list[str]]:
    if not header:
        raise WebhookSignatureError(f"missing {SIGNATURE_HEADER} header")
    parts = [p.strip().partition("=") for p in header.split(",")]
    stamps = [v for k, _, v in parts if k == "t"]
    signatures = [v for k, _, v in parts if k == "v1"]
    if len(stamps) != 1 or not stamps[0].isdigit() or not signatures:
        raise WebhookSignatureError("malformed signature header")
    return int(stamps[0]), signatures

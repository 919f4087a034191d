"""The outside channels: e-mail over SMTP and signed webhooks. Each send either returns (delivered),
raises ``Retryable`` (the channel is down or busy: try again later) or ``Rejected`` (it will never work)."""

from __future__ import annotations

import re
import smtplib
import urllib.error
import urllib.request
from email.message import EmailMessage

from heritrace.alerts.signing import SIGNATURE_HEADER, sign

_EMAIL = re.compile(r"^[^@\s<>,;]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*$")


class Retryable(Exception):
    """The channel is unavailable now; the delivery stays pending."""


class Rejected(Exception):
    """The far side refused for good (invalid address, endpoint refuses); retrying cannot help."""


def valid_email(address: str | None) -> bool:
    return bool(address) and len(address) <= 320 and bool(_EMAIL.match(address))


def send_email(
    host: str, port: int, timeout: float, sender: str, to: str, subject: str, text: str, message_id: str
) -> None:
    """Hand one message to the SMTP server (its Message-ID is the delivery's idempotency key)."""
    if not valid_email(to):
        raise Rejected(f"invalid e-mail address {to!r}")
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject[:250]
    msg["Message-ID"] = f"<{message_id}@heritrace>"
    msg.set_content(text)
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            smtp.send_message(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        raise (Rejected if all(c >= 500 for c in codes) else Retryable)(
            f"recipient refused: {codes}"
        ) from exc
    except smtplib.SMTPResponseException as exc:
        kind = Rejected if exc.smtp_code >= 500 else Retryable
        raise kind(f"SMTP {exc.smtp_code}: {exc.smtp_error[:200]!r}") from exc
    except (OSError, smtplib.SMTPException) as exc:  # refused, unreachable, timed out, disconnected
        raise Retryable(f"SMTP server unavailable: {exc}") from exc


def post_webhook(url: str, secret: str, body: bytes, idempotency_key: str, timeout: float) -> None:
    """POST the signed JSON body; 2xx delivers, 408/429/5xx and network faults retry, other 4xx reject."""
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(secret, body),
            "Idempotency-Key": idempotency_key,
            "User-Agent": "Heritrace-Alerts/1",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
            response.read(1024)
    except urllib.error.HTTPError as exc:
        if exc.code in (408, 425, 429) or exc.code >= 500:
            raise Retryable(f"HTTP {exc.code}") from exc
        raise Rejected(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        raise Retryable(f"endpoint unavailable: {getattr(exc, 'reason', exc)}") from exc

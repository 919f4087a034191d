"""The outside channels: e-mail over SMTP and signed webhooks. Each send either returns (delivered),
raises ``Retryable`` (the channel is down or busy: try again later) or ``Rejected`` (it will never work)."""

from __future__ import annotations

import http.client
import ipaddress
import re
import smtplib
import socket
import ssl
import urllib.parse
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


def webhook_addresses(url: str, private_ok: bool = False) -> tuple[str, int, list[str]]:
    """(host, port, addresses) of a webhook URL, every address the host resolves to checked: a
    loopback, private, link-local or otherwise non-public address is refused (``Rejected``), so that
    a webhook cannot reach into the node's own network. ``private_ok`` (HERITRACE_WEBHOOK_PRIVATE_ADDRESSES)
    allows them, for closed networks and tests."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Rejected("a webhook URL is an http:// or https:// address")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError, UnicodeError):
        raise Retryable("the webhook's host name does not resolve") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    if not private_ok and not all(_public(a) for a in addresses):
        raise Rejected("the webhook's address is not a public internet address")
    return parts.hostname, port, addresses


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and (ip.ipv4_mapped or ip.sixtofour):
        ip = ip.ipv4_mapped or ip.sixtofour
    return ip.is_global and not ip.is_multicast


class _Pinned(http.client.HTTPConnection):
    """A connection to the address that was checked, whatever the name resolves to by now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedTLS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post_webhook(
    url: str, secret: str, body: bytes, idempotency_key: str, timeout: float, private_ok: bool = False
) -> None:
    """POST the signed JSON body to the checked address; 2xx delivers, 408/429/5xx and network faults
    retry, other answers reject. Redirects are not followed. What went wrong is told in general
    words only: the far side's network errors are not reported back (no port scanning through it)."""
    host, port, addresses = webhook_addresses(url, private_ok)
    parts = urllib.parse.urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    kind = _PinnedTLS if parts.scheme == "https" else _Pinned
    conn = kind(host, port, addresses[0], timeout)
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(secret, body),
        "Idempotency-Key": idempotency_key,
        "User-Agent": "Heritrace-Alerts/1",
    }
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read(1024)
        code = response.status
    except (OSError, http.client.HTTPException):
        raise Retryable("endpoint unavailable") from None
    finally:
        conn.close()
    if 200 <= code < 300:
        return
    if 300 <= code < 400:
        raise Rejected(f"HTTP {code}: redirects are not followed")
    if code in (408, 425, 429) or code >= 500:
        raise Retryable(f"HTTP {code}")
    raise Rejected(f"HTTP {code}")

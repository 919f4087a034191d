"""Polite HTTP for the crawler: robots.txt obeyed, allowed domains only, a delay between requests to
the same host, 429/503 answered by waiting (``Retry-After`` honoured), a User-Agent naming Heritrace.

Responses are asked for without content coding so that what is kept for evidence (the WARC) is the
body exactly as it came over the wire."""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from heritrace.monitor.schemas import SourceConfig, domain_allowed

USER_AGENT = "Heritrace-MarketMonitor/0.1 (+cultural property screening; robots.txt obeyed)"
ROBOTS_AGENT = "Heritrace"
MAX_BODY = 20 * 1024 * 1024
MAX_REDIRECTS = 5
BACKOFF_STATUSES = (429, 503)


@dataclass
class Fetched:
    """One HTTP exchange as received: enough to write it to a WARC later."""

    url: str
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    request_headers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def header(self, name: str) -> str:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), "")

    def text(self) -> str:
        charset = "utf-8"
        content_type = self.header("content-type")
        if "charset=" in content_type:
            charset = content_type.split("charset=", 1)[1].split(";")[0].strip() or "utf-8"
        return self.body.decode(charset, errors="replace")


@dataclass
class FetchCounts:
    requests: int = 0
    refused_by_robots: int = 0
    backoffs: int = 0
    errors: int = 0


def retry_after(value: str, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if unreadable."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class PoliteFetcher:
    """Fetches for one source. Thread-safe: the crawl's workers share it (and its delays)."""

    def __init__(
        self,
        config: SourceConfig,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_retries: int = 4,
        max_wait_s: float = 600.0,
        timeout_s: float = 30.0,
    ):
        self.config = config
        self.client = client or httpx.Client(
            timeout=timeout_s,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
        )
        self.sleep = sleep
        self.max_retries = max_retries
        self.max_wait_s = max_wait_s
        self.counts = FetchCounts()
        self._robots: dict[str, RobotFileParser] = {}
        self._next_at: dict[str, float] = {}
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}

    def close(self) -> None:
        self.client.close()

    def may_fetch(self, url: str) -> bool:
        """Inside the allowed domains and allowed by the site's robots.txt."""
        if urlsplit(url).scheme not in ("http", "https") or not domain_allowed(
            url, self.config.allowed_domains
        ):
            return False
        return self._robots_for(url).can_fetch(ROBOTS_AGENT, url)

    def get(self, url: str) -> Fetched | None:
        """The response (following redirects inside the allowed domains), or None when robots.txt or
        the domains forbid the address or the site could not be reached."""
        for _ in range(MAX_REDIRECTS + 1):
            if not self.may_fetch(url):
                with self._lock:
                    self.counts.refused_by_robots += 1
                return None
            fetched = self._get_with_backoff(url)
            if fetched is None or fetched.status not in (301, 302, 303, 307, 308):
                return fetched
            url = urljoin(url, fetched.header("location"))
        return None

    def _get_with_backoff(self, url: str) -> Fetched | None:
        for attempt in range(self.max_retries + 1):
            fetched = self._polite_get(url)
            if fetched is None or fetched.status not in BACKOFF_STATUSES or attempt == self.max_retries:
                return fetched
            wait = retry_after(fetched.header("retry-after"))
            wait = wait if wait is not None else min(60.0, 2.0**attempt)
            if wait > self.max_wait_s:
                return fetched  # the site asks for a longer pause than a crawl waits: try next time
            with self._lock:
                self.counts.backoffs += 1
            self._hold_host(url, wait)
        return None

    def _polite_get(self, url: str) -> Fetched | None:
        host = urlsplit(url).netloc
        with self._host_lock(host):
            delay = max(self.config.delay_s, self._crawl_delay(url))
            wait = self._next_at.get(host, 0.0) - time.monotonic()
            if wait > 0:
                self.sleep(wait)
            try:
                fetched = self._request(url)
            finally:
                self._next_at[host] = max(self._next_at.get(host, 0.0), time.monotonic() + delay)
        return fetched

    def _hold_host(self, url: str, seconds: float) -> None:
        host = urlsplit(url).netloc
        with self._host_lock(host):
            self._next_at[host] = max(self._next_at.get(host, 0.0), time.monotonic() + seconds)

    def _host_lock(self, host: str) -> threading.Lock:
        with self._lock:
            return self._host_locks.setdefault(host, threading.Lock())

    def _request(self, url: str) -> Fetched | None:
        with self._lock:
            self.counts.requests += 1
        try:
            with self.client.stream("GET", url) as response:
                body = b""
                for chunk in response.iter_raw():
                    body += chunk
                    if len(body) > MAX_BODY:
                        break
                return Fetched(
                    url=url,
                    status=response.status_code,
                    reason=response.reason_phrase,
                    http_version=response.http_version,
                    headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw],
                    body=body,
                    fetched_at=datetime.now(UTC).replace(tzinfo=None),
                    request_headers=[
                        (k.decode("latin-1"), v.decode("latin-1")) for k, v in response.request.headers.raw
                    ],
                )
        except httpx.HTTPError:
            with self._lock:
                self.counts.errors += 1
            return None

    def _crawl_delay(self, url: str) -> float:
        parts = urlsplit(url)
        with self._lock:
            parser = self._robots.get(f"{parts.scheme}://{parts.netloc}")
        delay = parser.crawl_delay(ROBOTS_AGENT) if parser is not None else None
        return float(delay) if delay else 0.0

    def _robots_for(self, url: str) -> RobotFileParser:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            parser = self._robots.get(origin)
        if parser is not None:
            return parser
        parser = RobotFileParser(origin + "/robots.txt")
        fetched = self._get_with_backoff(origin + "/robots.txt") if self._robots_allowed(origin) else None
        if fetched is None or fetched.status >= 500:
            parser.disallow_all = True  # unreachable robots.txt: crawl nothing there (RFC 9309 2.3.1.4)
        elif fetched.status >= 400:
            parser.allow_all = True
        else:
            parser.parse(fetched.text().splitlines())
        with self._lock:
            self._robots[origin] = parser
        return parser

    def _robots_allowed(self, origin: str) -> bool:
        return domain_allowed(origin, self.config.allowed_domains)

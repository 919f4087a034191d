"""The polite fetcher on its own: Retry-After forms, 503 back-off, redirects kept inside the
allowed domains, robots.txt unreachable forbids the site."""

from __future__ import annotations

import email.utils
import time

import httpx

from heritrace.monitor.fetch import PoliteFetcher, retry_after
from heritrace.monitor.schemas import SourceConfig


def _config() -> SourceConfig:
    return SourceConfig(
        name="t", start_urls=["http://shop.example/"], allowed_domains=["shop.example"], delay_s=0
    )


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after("120") == 120.0
    now = time.time()
    assert 29 <= retry_after(email.utils.formatdate(now + 30, usegmt=True), now) <= 30
    assert retry_after(email.utils.formatdate(now - 30, usegmt=True), now) == 0.0
    assert retry_after("soon") is None and retry_after("") is None


def _r(status: int, body: bytes = b"ok", **headers: str) -> httpx.Response:
    # a streamed body, as a real transport gives: the fetcher reads the raw bytes
    return httpx.Response(status, headers=headers, stream=httpx.ByteStream(body))


def _fetcher(handler, waits: list[float]) -> PoliteFetcher:  # noqa: ANN001
    client = httpx.Client(transport=httpx.MockTransport(handler))
    return PoliteFetcher(_config(), client=client, sleep=waits.append)


def test_503_is_retried_after_the_asked_pause_and_redirects_stay_inside() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if request.url.path == "/robots.txt":
            return _r(404)
        if request.url.path == "/busy" and calls.count("/busy") == 1:
            return _r(503, **{"Retry-After": "7"})
        if request.url.path == "/away":
            return _r(302, Location="http://elsewhere.example/x")
        return _r(200, **{"Content-Type": "text/html"})

    waits: list[float] = []
    fetcher = _fetcher(handler, waits)
    assert fetcher.get("http://shop.example/busy").status == 200
    assert calls.count("/busy") == 2 and any(6.5 <= w <= 7 for w in waits)
    assert fetcher.get("http://shop.example/away") is None  # the redirect leaves the allowed domains
    assert fetcher.get("http://elsewhere.example/") is None and "/x" not in calls


def test_an_unreachable_robots_txt_forbids_the_site() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return _r(500 if request.url.path == "/robots.txt" else 200)

    waits: list[float] = []
    fetcher = PoliteFetcher(_config(), client=httpx.Client(transport=httpx.MockTransport(handler)),
                            sleep=waits.append, max_retries=0)  # fmt: skip
    assert fetcher.get("http://shop.example/") is None and fetcher.counts.refused_by_robots == 1

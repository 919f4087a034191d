"""Browser tests: Debian's Chromium driven by Playwright, against the app served on an ephemeral port."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from heritrace.app import create_app
from tests.conftest import _skip_or_fail
from tests.receivers import serving

CHROMIUM = os.environ.get("HERITRACE_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        _skip_or_fail("HERITRACE_REQUIRE_BROWSER", f"Chromium not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(params=["sqlite"])
def backend(request) -> str:  # noqa: ANN001
    # the browser suite exercises the UI; storage is covered on both stores by the API suites
    return request.param


@pytest.fixture
def server(platform) -> Iterator[str]:  # noqa: ANN001
    with serving(create_app(platform=platform)) as url:
        yield url


@pytest.fixture
def page(browser, server):  # noqa: ANN001
    context = browser.new_context(base_url=server)
    p = context.new_page()
    yield p
    context.close()


# what sticks out of a page sideways (tables, `.scroll` boxes and `pre` scroll inside themselves)
OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('table, .scroll, pre'))
    .slice(0, 5)
    .map(e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + Math.round(e.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


def assert_fits_a_phone(page) -> None:  # noqa: ANN001
    """The page now shown, loaded again at 390 px, does not scroll sideways; the window is put back."""
    before, url = page.viewport_size, page.url.split("#")[0]
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto(url)
        found = page.evaluate(OVERFLOW)
        assert found["scroll"] <= found["width"], (url, found)
    finally:
        page.set_viewport_size(before)
        page.goto(url)


def sign_in_page(page, username: str, password: str) -> None:  # noqa: ANN001
    page.goto("/sign-in")
    page.fill("#f-username", username)
    page.fill("#f-password", password)
    page.click("main button[type=submit]")
    page.wait_for_selector("#signed-in-as")


@pytest.fixture
def registrar_page(page, registrar):  # noqa: ANN001
    """A browser signed in as the registrar of a vetted museum."""
    sign_in_page(page, registrar.username, registrar.password)
    return page

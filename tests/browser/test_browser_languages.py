"""Every interface language in a real browser, on a phone (390 px) and a laptop (1,280 px): <html lang>
and dir, and no English interface text left on a translated page."""

from __future__ import annotations

import re
from functools import cache

import pytest
from babel.messages.pofile import read_po

from heritrace.core.i18n import LANGUAGES, catalogue_path

WIDTHS = (390, 1280)
PUBLIC_PAGES = ("/objects", "/sign-in", "/alerts/public")
SIGNED_IN_PAGES = (
    "/objects",
    "/objects/new",
    "/due-diligence",
    "/identify",
    "/cases",
    "/cases/new",
    "/account",
    "/inbox",
    "/library",
    "/training",
    "/meetings",
    "/results",
    "/alerts/subscription",
    "/alerts/new",
    "/due-diligence/history",
    "/monitor/sources",  # refused to a registrar: the refusal is translated too
    "/no-such-page",  # the 404 page
)
# words people see on these pages in English, which a translated page must not show
KNOWN = (
    "Register of stolen and missing objects",
    "Register an object",
    "Due diligence",
    "Identify by photo",
    "Sign out",
    "Sign in",
    "Filter",
    "Public alerts",
    "Run the check",
    "Return and restitution cases",
    "Type of object",
    "Your account",
    "Which alerts reach me",
    "Send an alert",
    "My due-diligence checks",
    "there is no page at this address",
    "the market monitor is for analysts and investigators",
)
# the visible text of every element, and the texts people read in attributes
TEXTS_JS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const n = walker.currentNode, p = n.parentElement;
    if (!p || ["SCRIPT", "STYLE"].includes(p.tagName)) continue;
    if (p.closest("[hidden]") || p.closest("[translate=no]")) continue;  // user content: names
    const t = n.textContent.replace(/\\s+/g, " ").trim();
    if (t) out.push(t);
  }
  for (const e of document.querySelectorAll("[placeholder],[aria-label],[alt],[title]"))
    for (const a of ["placeholder", "aria-label", "alt", "title"]) {
      const v = e.getAttribute(a);
      if (v) out.push(v.trim());
    }
  out.push(document.title);
  return out;
}"""


@cache
def english_messages(lang: str) -> frozenset[str]:
    """Interface messages that read differently in ``lang``: seeing one of them on a ``lang`` page
    means a message was left untranslated (variables, and words spelt alike, aside)."""
    with catalogue_path(lang).open("rb") as f:
        cat = read_po(f, locale=lang)
    return frozenset(
        m.id
        for m in cat
        if m.id
        and isinstance(m.id, str)
        and "%" not in m.id
        and m.string
        and m.string != m.id
        and len(m.id) > 3
    )


def english_left(page, lang: str) -> list[str]:  # noqa: ANN001
    texts = page.evaluate(TEXTS_JS)
    body = " ".join(texts)
    left = sorted({t for t in texts if t in english_messages(lang)})
    left += [k for k in KNOWN if re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", body)]
    return left


def check(page, path: str, lang: str, width: int) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{path}?lang={lang}")
    html = page.locator("html")
    assert html.get_attribute("lang") == lang, (path, lang)
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr"), (path, lang)
    if lang != "en":
        assert not english_left(page, lang), (path, lang, width, english_left(page, lang))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages_in_each_language(page, lang):  # noqa: ANN001
    for width in WIDTHS:
        for path in PUBLIC_PAGES:
            check(page, path, lang, width)


@pytest.fixture
def record(client) -> str:  # noqa: ANN001
    r = client.post(
        "/api/v1/objects",
        json={
            "id": "UA-KH-0042",
            "title": "Portrait of a Girl",
            "type_of_object": "painting",
            "status": "looted",
        },
    )
    assert r.status_code == 201
    return "/objects/UA-KH-0042"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_signed_in_pages_in_each_language(registrar_page, record, lang):  # noqa: ANN001
    for width in WIDTHS:
        for path in (*SIGNED_IN_PAGES, record):
            check(registrar_page, path, lang, width)


def test_the_check_sees_english_left_on_a_page(registrar_page):  # noqa: ANN001
    # the English page itself, read as if it were French, is full of English
    registrar_page.goto("/objects/new?lang=en")
    left = english_left(registrar_page, "fr")
    assert "Register an object" in left and "Type of object" in left


def test_switching_language_in_the_layout(page):  # noqa: ANN001
    page.goto("/objects?lang=en")
    page.click("#language-switch a[hreflang=ar]")
    page.wait_for_url("**lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto("/sign-in")  # remembered
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.inner_text("h1") == "تسجيل الدخول"

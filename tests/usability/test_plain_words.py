"""Pages speak plain words: no data-model codes in the text a reader sees (SQLite and PostgreSQL)."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from heritrace.app import create_app
from heritrace.core.labels import label, labels
from tests.cases.helpers import build_cast, case_body

CODES = ("law_enforcement", "illegally_exported", "no_limit", "org_admin", "requesting_state",
         "current_possessor", "platform_admin")  # fmt: skip


def raw_codes(text: str) -> list[str]:
    """The codes standing alone in ``text`` (a user name such as "m-org_admin" is not one)."""
    return [code for code in CODES if re.search(rf"(?<![-\w]){code}(?!\w)", text)]


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_labels_turn_codes_into_words():
    assert label("law_enforcement") == "Law enforcement only"
    assert label("no_limit") == "No time limit"
    assert label("some_new_code") == "Some new code"  # never the raw code
    assert labels(["registrar", "org_admin"]) == "Registrar, Organisation administrator"


def test_case_and_account_pages_show_no_raw_codes(platform):  # noqa: ANN001
    cast = build_cast(platform, roles=("org_admin", "registrar"))
    admin = cast.people["org_admin"]
    with TestClient(create_app(platform=platform), headers=admin.headers) as c:
        body = case_body(cast.objects, claim="illegally_exported", classification="law_enforcement",
                         holding_state="DE", event_date="2010-01-01")  # fmt: skip
        r = c.post("/api/v1/cases", json=body)
        assert r.status_code == 201, r.text
        page = c.get(f"/cases/{r.json()['id']}")
        assert page.status_code == 200
        text = visible_text(page.text)
        assert raw_codes(text) == []
        assert "Illegally exported" in text and "Law enforcement only" in text
        assert "<details" in page.text and "Legal reasoning" in text  # the reasoning folded away
        text = visible_text(c.get("/cases/new").text)
        assert raw_codes(text) == []

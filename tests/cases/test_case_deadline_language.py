"""The legal reasoning of a deadline in the reader's language: its sentences are translated, what it
quotes from the rule book (the rule's text, its source) stays as written."""

from __future__ import annotations

import pytest

from heritrace.core.i18n import use_locale
from heritrace.legal import compute_deadlines, parse_facts
from tests.cases.helpers import case_body

FACTS = {
    "requesting_state": "IT",
    "holding_state": "FR",
    "claim": "stolen",
    "object_category": ["public_collection"],
    "event_date": "2015-03-01",
    "knowledge_date": "2024-06-01",
    "notification_date": "2024-07-01",
    "as_of": "2025-01-01",
}


def _relative(deadlines):  # noqa: ANN001, ANN202
    return next(d for d in deadlines if d.instrument == "EU-2014/60" and d.limit == "relative")


def test_the_reasoning_of_a_deadline_in_spanish():
    english = _relative(compute_deadlines(parse_facts(FACTS)).deadlines)
    with use_locale("es"):
        spanish = _relative(compute_deadlines(parse_facts(FACTS)).deadlines)
    assert (spanish.due, spanish.status) == (english.due, english.status)
    assert "Status running at as_of" in english.reason and "Source:" in english.reason
    assert "Estado en curso a la fecha as_of 2025-01-01: quedan 881 días" in spanish.reason, spanish.reason
    assert "Fuente:" in spanish.reason and "Ámbito:" in spanish.reason and "3 años" in spanish.reason
    assert "(plazo relativo)" in spanish.reason and "(relative limit)" in english.reason
    for english_words in ("Status running", "Source:", "Scope:", "days left", "in force for"):
        assert english_words not in spanish.reason, english_words
    # quoted from the rule book, as written
    assert english.source in spanish.reason


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_case_page_folds_the_reasoning_in_the_readers_language(api, cast):  # noqa: ANN001
    case = api.post("/api/v1/cases", json=case_body(cast.objects)).json()
    panel = api.get(
        f"/api/v1/cases/{case['id']}/deadlines",
        params={"as_of": "2025-01-01"},
        headers={"Accept-Language": "es"},
    ).json()
    reasons = " ".join(d["reason"] for d in panel["deadlines"])
    assert "Fuente:" in reasons and "Source:" not in reasons
    page = api.get(f"/cases/{case['id']}?lang=es&as_of=2025-01-01", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Fuente:" in page.text

"""The EU import and export checks' own sentences (outcome, reasons, what is needed, warnings, the
documents to file) in the reader's language; the provisions they quote stay in the language of the
law's text as the rule book holds it (docs/i18n.md)."""

from __future__ import annotations

import pytest

from heritrace.core.i18n import use_locale
from heritrace.legal.eu_export import check_export, parse_export
from heritrace.legal.eu_import import check_import, parse_import

IMPORT = {
    "annex_category": "c",
    "age_years": 300,
    "value_eur": 30000,
    "country_of_creation_or_discovery": "EG",
    "exported_from": "EG",
    "procedure": "release_for_free_circulation",
    "date": "2026-01-01",
}
STATEMENT = {
    "annex_category": "h",
    "age_years": 300,
    "value_eur": 30000,
    "country_of_creation_or_discovery": "unknown",
    "exported_from": "TR",
    "procedure": "temporary_admission",
    "purpose": "commercial_art_fair",
    "years_in_exported_from": 10,
    "date": "2026-01-01",
}
EXPORT = {
    "category": "3",
    "age_years": 80,
    "value_eur": 200000,
    "destination": "US",
    "exporting_member_state": "FR",
    "date": "2026-01-01",
}
DOCUMENT_WORDS = ("title", "filed_by", "decided_by", "declaration")


def _sentences(result: dict) -> list[str]:
    """What the check writes itself (not the provisions, the Annex's category names, the research
    notes or the codes of the answer)."""
    out = [result["summary"], *result["reasons"], *result["needs"], *result["warnings"]]
    for document in result["documents"]:
        out += [document[k] for k in DOCUMENT_WORDS if document.get(k)]
        out += document["description"]["to_complete"]
        out += [document.get("evidence", {}).get("must_show", "")]
    return [s for s in out if s]


def _checks() -> list[dict]:
    return [
        check_import(parse_import(IMPORT)).to_json(),
        check_import(parse_import(STATEMENT)).to_json(),
        check_export(parse_export(EXPORT)).to_json(),
    ]


@pytest.mark.parametrize("lang", ["fr", "es", "ar", "ru", "uk"])
def test_every_sentence_of_the_checks_is_in_the_readers_language(lang: str):
    english = _checks()
    with use_locale(lang):
        translated = _checks()
    for en, other in zip(english, translated, strict=True):
        assert en["requirement"] == other["requirement"] and en["articles"] == other["articles"]
        assert en["provisions"] == other["provisions"]  # the law's text, as the rule book holds it
        pairs = list(zip(_sentences(en), _sentences(other), strict=True))
        assert pairs
        for english_text, text in pairs:
            assert text != english_text, text
        words = " ".join(_sentences(other) + other["unverified"])
        for left in ("Egypt", "Türkiye", "EUR 30,000", "partly verified", "title or name of the object"):
            assert left not in words, left


def test_country_names_amounts_and_verification_in_french():
    with use_locale("fr"):
        imported, statement, exported = _checks()
    text = " ".join(_sentences(imported))
    assert "Égypte (EG)" in text and "30\u202f000 EUR" in text
    assert "titre ou nom du bien" in imported["documents"][0]["description"]["to_complete"]
    assert "Turquie (TR)" in " ".join(_sentences(statement))
    assert any(u.endswith("(partiellement vérifié)") for u in exported["unverified"])
    assert "150\u202f000 EUR" in " ".join(exported["reasons"])


def test_english_is_unchanged():
    imported, _statement, exported = _checks()
    assert "Egypt (EG)" in " ".join(_sentences(imported)) and "EUR 30,000" in " ".join(_sentences(imported))
    assert "EUR 150,000" in " ".join(exported["reasons"])
    assert any("(partly verified)" in u for u in exported["unverified"])


def test_the_api_and_the_page_follow_the_readers_language(client):  # noqa: ANN001
    r = client.post("/api/v1/legal/eu-import", json=IMPORT, headers={"Accept-Language": "ru"})
    assert r.status_code == 200
    body = r.json()
    assert "Египет (EG)" in " ".join(body["reasons"])
    assert "название или наименование предмета" in body["documents"][0]["description"]["to_complete"]
    query = "&".join(f"{k}={v}" for k, v in EXPORT.items())
    page = client.get(f"/legal/eu-export?lang=es&{query}").text
    assert "150.000 EUR" in page or "150\u00a0000 EUR" in page, page
    assert "EUR 150,000" not in page

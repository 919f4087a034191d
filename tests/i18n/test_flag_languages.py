"""The review flags of a record (what an import could not read, or read with a guess) in the
reader's language, on the review page, the record's page and the API (docs/i18n.md)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from heritrace.core.actor import SYSTEM
from heritrace.core.i18n import use_locale
from heritrace.objects.describe import describe, flag_text, moved_flag
from heritrace.objects.schemas import ObjectIn
from heritrace.objects.service import flag_entries
from heritrace.objects.transfer import RegisterImporter

RECORD = {
    "id": "FL-1",
    "title": "Icône",
    "type_of_object": "zzgadget",
    "materials_techniques": "unobtainium",
    "measurements": "as big as a door",
    "date_or_period": "1900s",
    "country": "Atlantis",
    "status": "gone, probably",
    "classification": "partners",
    "date_documented": "spring",
    "incident": {"type": "taken during the works", "date": "sometime"},
}
ENGLISH = ("could not be read", "kept as text", "vocabulary", "recorded as", "is not a day",
           "read as the century", "ISO 3166-1 country", "incident 1:")  # fmt: skip


def _flags() -> list[dict]:
    return describe(ObjectIn(**RECORD), today=date(2026, 1, 1), lenient=True).flags


def test_flags_keep_english_and_their_message():
    flags = _flags()
    messages = {f["field"]: f["message"] for f in flags}
    assert messages["measurements"] == "measurements 'as big as a door' could not be read (kept as text)"
    assert messages["status"] == "status 'gone, probably' could not be read; recorded as missing"
    assert messages["incident.0.type"].startswith("incident 1: type 'taken during the works'")
    assert messages["date_or_period"] == "date or period: '1900s' read as the century 1900-1999"
    assert all(f["msg"] for f in flags)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", ("dimensions : « as big as a door » n'a pas pu être lu (conservé tel quel)",
                "« années 1900 » lu comme le siècle 1900-1999", "enregistré comme « disparu »")),
        ("es", ("medidas: «as big as a door» no se pudo leer", "incidente 1: tipo")),
        ("ar", ("تعذّرت قراءة «as big as a door»",)),
        ("ru", ("«Atlantis» — не страна по ISO 3166-1", "происшествие 1: дата")),
        ("uk", ("«zzgadget» немає в словнику", "«spring» — не дата дня")),
    ],
)  # fmt: skip
def test_flags_are_shown_in_the_readers_language(lang: str, expected: tuple[str, ...]):
    flags = _flags()
    with use_locale(lang):
        shown = " | ".join(flag_text(f) for f in flags)
    for words in expected:
        assert words in shown, shown
    for english in ENGLISH:
        assert english not in shown, english


def test_a_flag_stored_with_its_english_text_only_is_shown_as_stored():
    with use_locale("fr"):
        assert flag_text({"field": "record", "message": "an old flag"}) == "an old flag"


def test_review_and_record_pages_and_api_show_flags_in_the_readers_language(
    platform, client, registrar, tmp_path
):  # noqa: ANN001
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(RECORD) + "\n")
    actor = replace(SYSTEM, organisation_id=registrar.organisation_id)
    assert RegisterImporter(platform.sessions, platform.images, actor).run(path).flagged == 1
    stored = client.get("/api/v1/objects/FL-1").json()["id"]  # the registrar's shorthand
    assert flag_entries(platform.objects.get(SYSTEM, stored))[0]["msg"]  # stored with its message

    review = client.get("/review?lang=fr").text
    assert (
        "n&#39;a pas pu être lu (conservé tel quel)" in review
        or "n'a pas pu être lu (conservé tel quel)" in review
    )
    record = client.get("/objects/FL-1?lang=ru").text
    assert "не удалось прочитать (сохранено как текст)" in record
    api = client.get("/api/v1/objects/FL-1?lang=uk").json()
    assert any("не вдалося прочитати" in f for f in api["flags"])
    for text in (review, record, json.dumps(api["flags"], ensure_ascii=False)):
        for english in ENGLISH:
            assert english not in text, english


def test_an_incident_flag_moved_to_its_place_names_that_incident():
    flag = next(f for f in _flags() if f["field"] == "incident.0.date")
    moved = moved_flag(flag, "incident.2.date")
    assert moved["field"] == "incident.2.date" and moved["message"].startswith("incident 3: date 'sometime'")
    with use_locale("es"):
        assert flag_text(moved).startswith("incidente 3: fecha: «sometime»")

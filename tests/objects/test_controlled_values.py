"""Nothing real is refused for its form: controlled values read by label in every supported language,
unreadable ones kept and flagged, long text kept, a date found inside a longer text."""

from __future__ import annotations

import pytest

from heritrace.core.actor import SYSTEM
from heritrace.objects.choices import read_choice
from heritrace.objects.describe import describe
from heritrace.objects.parsing import find_date_in, parse_country
from heritrace.objects.schemas import ImportedObject, ObjectIn
from heritrace.objects.service import flag_entries
from heritrace.objects.transfer import RegisterImporter
from heritrace.vocab.service import LANGUAGES
from tests.objects.test_import_export import write_jsonl

# (language, kind, as written, code): at least one label of each kind in each supported language
LABELS = [
    ("en", "incident_type", "Illegal excavation", "illegal_excavation"),
    ("en", "status", "Stolen", "stolen"),
    ("en", "classification", "Law enforcement", "law_enforcement"),
    ("fr", "incident_type", "Fouilles clandestines", "illegal_excavation"),
    ("fr", "status", "Volé", "stolen"),
    ("fr", "classification", "Confidentiel", "restricted"),
    ("es", "incident_type", "Excavación ilegal", "illegal_excavation"),
    ("es", "status", "Desaparecido", "missing"),
    ("es", "classification", "Público", "public"),
    ("de", "incident_type", "Raubgrabung", "illegal_excavation"),
    ("de", "status", "Gestohlen", "stolen"),
    ("de", "classification", "Öffentlich", "public"),
    ("it", "incident_type", "Scavo clandestino", "illegal_excavation"),
    ("it", "status", "Rubato", "stolen"),
    ("it", "classification", "Forze dell'ordine", "law_enforcement"),
    ("nl", "incident_type", "Diefstal", "theft"),
    ("nl", "status", "Vermist", "missing"),
    ("nl", "classification", "Openbaar", "public"),
    ("ar", "incident_type", "سرقة", "theft"),
    ("ar", "status", "مسروق", "stolen"),
    ("ar", "classification", "عام", "public"),
    ("uk", "incident_type", "Крадіжка", "theft"),
    ("uk", "status", "Викрадено", "stolen"),
    ("uk", "classification", "Поліція", "law_enforcement"),
    ("ru", "incident_type", "кража", "theft"),
    ("ru", "status", "Изъят", "seized"),
    ("ru", "classification", "Ограниченный", "restricted"),
]


def test_the_label_table_covers_every_supported_language():
    assert {lang for lang, *_ in LABELS} == set(LANGUAGES)
    for lang in LANGUAGES:
        assert {kind for lg, kind, *_ in LABELS if lg == lang} == {
            "incident_type",
            "status",
            "classification",
        }


@pytest.mark.parametrize(("lang", "kind", "written", "code"), LABELS)
def test_controlled_values_are_read_by_label(lang, kind, written, code):  # noqa: ANN001
    assert read_choice(written, kind) == code
    assert read_choice(written.upper(), kind) == code
    assert read_choice(f"  {written}  ", kind) == code


@pytest.mark.parametrize(
    "written", ["illegal excavation", "ILLEGAL_EXCAVATION", "Illegal  excavation", "illegal-excavation"]
)
def test_case_spacing_and_separators_do_not_matter(written):  # noqa: ANN001
    assert read_choice(written, "incident_type") == "illegal_excavation"


def test_the_same_word_names_the_right_code_for_each_list():
    # "stolen" is a status, and as the type of an incident it is a theft
    assert read_choice("stolen", "status") == "stolen"
    assert read_choice("stolen", "incident_type") == "theft"
    assert read_choice("Raub", "incident_type") == "theft"  # robbery; "Raubgrabung" is a looting dig
    assert read_choice("nonsense", "status") is None


@pytest.mark.parametrize(
    ("written", "code"),
    [("مصر", "EG"), ("سوريا", "SY"), ("العراق", "IQ"), ("إيطاليا", "IT"), ("اليمن", "YE")],
)
def test_countries_in_arabic(written, code):  # noqa: ANN001
    assert parse_country(written) == code


DESCRIPTION_IN_DATE = (
    "Polychrome wooden statue of Saint Anthony holding the Child, with a gilded halo and a "
    "damaged left hand; the base bears the painted arms of the confraternity that commissioned "
    "it. Kept in the side chapel of the parish church until the night of the theft, when the "
    "door of the sacristy was forced. The parish inventory describes it as carved in 1732 by a "
    "workshop of the valley, restored in 1951 after water damage, and photographed for the "
    "diocesan catalogue; the priest remembers a small paper label glued under the base with a "
    "handwritten number. Height about 95 cm, the paint worn on the face and the hands of the "
    "Child, traces of woodworm at the back."
)


def test_a_date_inside_a_description_typed_into_the_date_field_is_found_and_flagged():
    assert len(DESCRIPTION_IN_DATE) > 600
    found = find_date_in(DESCRIPTION_IN_DATE)
    assert found is not None and found[0].earliest == 1732 and "1732" in found[1]
    data = ImportedObject(id="P-1", date_or_period=DESCRIPTION_IN_DATE)
    described = describe(data, lenient=True)
    assert not described.errors
    assert described.columns["date_text"] == DESCRIPTION_IN_DATE  # kept whole
    assert (described.columns["date_earliest"], described.columns["date_latest"]) == (1732, 1732)
    flag = next(f for f in described.flags if f["field"] == "date_or_period")
    assert "1732" in flag["message"] and "check" in flag["message"]


def test_a_long_text_without_a_date_is_kept_and_flagged_as_unread():
    text = "Described by the owner as very old, from the grandmother's house, no papers. " * 3
    described = describe(ImportedObject(id="P-2", date_or_period=text), lenient=True)
    assert not described.errors and described.columns["date_earliest"] is None
    assert [f["field"] for f in described.flags] == ["date_or_period"]
    assert "could not be read" in described.flags[0]["message"]


def test_the_api_still_refuses_a_value_it_cannot_read():
    described = describe(ObjectIn(title="x", classification="top secret"))
    assert "classification" in described.errors
    assert not describe(ObjectIn(title="x", classification="Öffentlich")).errors


def test_import_reads_labels_flags_the_unreadable_and_rejects_only_the_wrong(platform, tmp_path):  # noqa: ANN001
    records = [
        {"id": "R-1", "title": "Amphora", "status": "Gestohlen",
         "incident": {"type": "Illegal excavation", "date": "2019", "country": "العراق"}},
        {"id": "R-2", "title": "Icon", "status": "викрадено", "classification": "Öffentlich",
         "incident": {"type": "кража"}},
        {"id": "R-3", "title": "Chalice", "status": "gone, probably", "classification": "only us",
         "incident": {"type": "taken during the renovation works"}, "date_documented": "17.05.2003"},
        {"id": "R-4", "title": "Statue", "date_or_period": DESCRIPTION_IN_DATE},
        {"id": "R-5", "title": "Too tall", "measurements": "90000 x 60 cm"},
        {"id": "R-6", "title": "Future", "date_or_period": "2190"},
    ]  # fmt: skip
    path = write_jsonl(tmp_path / "reg.jsonl", records)
    report = RegisterImporter(platform.sessions, platform.images, SYSTEM).run(path)
    assert report.inserted == 4
    assert sorted(r.record_id for r in report.rejected) == ["R-5", "R-6"]

    r1 = platform.objects.get(SYSTEM, "R-1")
    assert r1.status == "stolen" and r1.incidents[0].type == "illegal_excavation"
    assert r1.incidents[0].country == "IQ" and not r1.flags
    r2 = platform.objects.get(SYSTEM, "R-2")
    assert (r2.status, r2.classification, r2.incidents[0].type) == ("stolen", "public", "theft")

    r3 = platform.objects.get(SYSTEM, "R-3")
    assert (r3.status, r3.classification) == ("missing", "restricted")  # safe defaults, flagged
    assert r3.incidents[0].type == "other"
    assert r3.incidents[0].type_text == "taken during the renovation works"
    assert str(r3.date_documented) == "2003-05-17"
    flagged = {f["field"]: f for f in flag_entries(r3)}
    assert flagged["status"]["text"] == "gone, probably"
    assert flagged["classification"]["text"] == "only us"
    assert "incident.0.type" in flagged

    r4 = platform.objects.get(SYSTEM, "R-4")
    assert r4.date_text == DESCRIPTION_IN_DATE and r4.date_earliest == 1732
    assert any("1732" in f["message"] for f in flag_entries(r4))

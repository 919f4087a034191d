"""Every PDF is drawn in the reader's language with the bundled Unicode font: translated labels, and
register content in Cyrillic or Arabic printed as written (no '?', no missing glyph), Arabic shaped
and laid out right to left."""

from __future__ import annotations

import unicodedata
from datetime import date
from functools import cache

import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont
from fpdf.enums import TextDirection

from heritrace.alerts.poster import wanted_poster
from heritrace.cases.outputs import request_pdf
from heritrace.cases.report import summary_pdf
from heritrace.core.i18n import catalogue_path, use_locale
from heritrace.core.pdf import FONT_FILES, HeritracePdf
from heritrace.diligence.certificate_pdf import render as diligence_pdf
from heritrace.diligence.coverage import STATEMENT
from heritrace.exports.pdf import render as export_pdf
from heritrace.results.export import annual_report_pdf
from heritrace.training.certificate_pdf import render_certificate
from tests.pdfs import pdf_text

# register content as written: Russian and Arabic
CYRILLIC = "Икона Богоматери Одигитрии"
ARABIC = "إبريق نحاسي مملوكي"
LANGS = ("ar", "ru")
REGISTER_SOURCE = "Heritrace register of stolen and missing cultural objects (text and attributes)"


@cache
def _glyphs() -> frozenset[int]:
    found: set[int] = set()
    for path in FONT_FILES.values():
        found |= set(TTFont(str(path)).getBestCmap())
    return frozenset(found)


def _read(pdf: bytes) -> str:
    """The PDF's text; every letter in it has a glyph in the font (nothing drawn as a blank box).
    A control character can come back where one letter is drawn as two glyphs (an Arabic letter and
    its vowel mark): the PDF's text map names the pair once."""
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    missing = {
        ch
        for ch in text
        if unicodedata.category(ch) != "Cc" and not ch.isspace() and ord(ch) not in _glyphs()
    }
    assert not missing, missing
    return text


@pytest.mark.parametrize("lang", ["fr", "es", "ar", "ru", "uk"])
def test_the_bundled_font_draws_every_translated_message(lang: str):
    """No label of any PDF can come out as a blank box: the font has every letter of every catalogue."""
    with catalogue_path(lang).open("rb") as f:
        catalogue = read_po(f, locale=lang)
    letters = set()
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        letters |= {ch for text in strings for ch in text or "" if not ch.isspace()}
    assert letters and not {ch for ch in letters if ord(ch) not in _glyphs()}


def _content_intact(text: str) -> None:
    assert CYRILLIC in text and ARABIC in text
    assert "???" not in text


def _certificate() -> dict:
    return {
        "certificate_id": "HTC-20260101-ABC",
        "issued_at": "2026-01-02T10:00:00Z",
        "check_id": "CHK-1",
        "checked_at": "2026-01-02T09:59:00Z",
        "requested_by": {"name": "Галерея Восток", "organisation": "دار المزادات"},
        "query": {"title": CYRILLIC, "description": ARABIC},
        "photos": [],
        "verdict": "possible",
        "candidates": [
            {"object_id": "IT-1", "verdict": "possible", "title": CYRILLIC, "score": 2.5, "maker": ARABIC},
            {
                "object_id": None,
                "verdict": "possible",
                "notice": "possible match, contact the originating authority",
            },
        ],
        "coverage": {
            "searched": [
                {
                    "source": REGISTER_SOURCE,
                    "records": 12,
                    "photos": None,
                    "last_updated": "2026-01-01T00:00:00Z",
                }
            ],
            "not_searched": ["Art Loss Register"],
            "statement": STATEMENT,
        },
    }


LABELS = {
    # (PDF kind, language): a label the PDF must carry in that language
    ("diligence", "ar"): "شهادة العناية الواجبة",
    ("diligence", "ru"): "Сертификат должной осмотрительности",
    ("export", "ar"): "يُبطل التوقيع",
    ("export", "ru"): "Подписано Ed25519",
    ("training", "ar"): "نشهد بأن",
    ("training", "ru"): "Настоящим удостоверяется, что",
    ("request", "ar"): "الدولة الطالبة",
    ("request", "ru"): "Запрашивающее государство",
    ("report", "ar"): "تقرير موجز عن القضية",
    ("report", "ru"): "Сводный отчёт по делу",
    ("poster", "ar"): "مطلوب",
    ("poster", "ru"): "РАЗЫСКИВАЕТСЯ",
    ("annual", "ar"): "نتائج السنة",
    ("annual", "ru"): "Итоги года",
}


def _export() -> bytes:
    from heritrace.exports.form import BOXES, FORM

    boxes = {n: {"label": label, "value": None} for n, label in BOXES.items()}
    boxes["14"]["value"] = CYRILLIC
    boxes["15"]["value"] = ARABIC
    certificate = {
        "certificate_id": "EXC-1",
        "issued_at": "2026-01-02",
        "object": {"register_id": "IT-1"},
        "form": FORM,
        "notice": "-",
        "boxes": boxes,
    }
    return export_pdf(certificate, "key-1", None)


def _training() -> bytes:
    certificate = {
        "certificate_id": "TRC-1",
        "issued_at": "2026-01-02",
        "completed_at": "2026-01-01",
        "score": 90,
        "learner": {"name": CYRILLIC, "organisation": ARABIC},
        "course": {"title": "Курс", "modules": 3, "offered_by": None, "pass_mark": 70},
    }
    return render_certificate(certificate, "key-1")


def _form() -> dict:
    return {
        "form": "Standard form concerning requests for return or restitution (ICPRCP)",
        "form_number": "1 of 1",
        "case_id": 7,
        "case_title": CYRILLIC,
        "generated_on": "2026-01-02",
        "requesting_state": "UA",
        "holding_state": None,
        "legal_basis": "1970 UNESCO Convention, Art. 7(b)(ii)",
        "procedure_state": "Opened",
        "facts": {},
        "circumstances": ARABIC,
        "parties": [{"role": "Owner", "name": "Музей", "country": "UA"}],
        "documents": [],
        "object": {"external_id": "UA-1", "title": CYRILLIC, "description": ARABIC, "incidents": []},
    }


def _report() -> dict:
    return {
        "report": "Case summary report",
        "case_id": 7,
        "title": CYRILLIC,
        "generated_on": "2026-01-02",
        "classification": "partners",
        "legal_basis": "1970 UNESCO Convention, Art. 7(b)(ii)",
        "state": "Opened",
        "returned_on": None,
        "facts": {},
        "unverified_facts": [],
        "objects": [{"external_id": "UA-1", "title": CYRILLIC, "maker": ARABIC}],
        "parties": [],
        "history": [],
        "deadlines": [],
        "deadlines_needed": [],
        "documents": [],
        "messages": 2,
        "compensation": [],
        "due_diligence_checks": [],
    }


def _poster() -> bytes:
    alert = {
        "id": 3,
        "title": CYRILLIC,
        "body": ARABIC,
        "sender": "Музей",
        "objects": [{"id": "UA-1", "title": CYRILLIC, "maker": ARABIC, "status": "stolen", "photos": []}],
    }
    return wanted_poster(alert, lambda sha: None)


def _annual() -> bytes:
    from heritrace.results.providers import figures as all_figures
    from heritrace.results.providers import medians

    figures = {
        "year": 2026,
        "country": None,
        "organisation_type": None,
        "threshold": 5,
        "public": False,
        "suppressed": [],
        **dict.fromkeys(all_figures(), 3),
        **dict.fromkeys(medians()),
        "by_year": {k: [(2026, 3)] for k in all_figures()},
        "by_country": {"returns": {CYRILLIC: 2, ARABIC: 1}},
        "by_organisation_type": {},
        "breakdowns": {"source": {"market_hits": {"shop.example": 6}}},
    }
    return annual_report_pdf(figures, date(2026, 12, 31))


DRAWN = {
    "diligence": lambda: diligence_pdf(_certificate(), "key-1", "https://heritrace.example/verify"),
    "export": _export,
    "training": _training,
    "request": lambda: request_pdf([_form()]),
    "report": lambda: summary_pdf(_report()),
    "poster": _poster,
    "annual": _annual,
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(DRAWN))
def test_every_pdf_is_drawn_in_the_readers_language_with_content_as_written(kind: str, lang: str):
    with use_locale(lang):
        text = _read(DRAWN[kind]())
    assert LABELS[(kind, lang)] in text, text[:400]
    if kind in ("training", "request", "report", "poster", "annual"):
        _content_intact(text)
    elif kind == "diligence":
        _content_intact(text)
        assert "Галерея Восток" in text
    else:
        assert CYRILLIC in text and ARABIC in text
    english = {
        "diligence": "Due-diligence certificate",
        "request": "Requesting State",
        "annual": "Results of",
    }
    assert english.get(kind, "Signed with Ed25519") not in text  # no English label left
    if kind == "annual":
        assert "shop.example" in text and ", by source" not in text  # a provider's own breakdown too


def test_arabic_is_shaped_and_right_to_left_others_left_to_right():
    with use_locale("ar"):
        arabic = HeritracePdf()
    with use_locale("ru"):
        russian = HeritracePdf()
    assert arabic.text_shaping["use_shaping_engine"] and arabic.text_shaping["direction"] == TextDirection.RTL
    assert arabic.align == "R" and russian.align == "L"
    assert russian.text_shaping["use_shaping_engine"]  # Arabic content in a Russian PDF is joined too

    def width(pdf: HeritracePdf, shaped: bool) -> float:
        pdf.add_page()
        pdf.style(12)
        pdf.set_text_shaping(use_shaping_engine=shaped)
        return pdf.get_string_width(ARABIC)

    # joined letters take their contextual forms: the shaped word is not the isolated letters side by side
    assert width(HeritracePdf(), True) != width(HeritracePdf(), False)


def test_poster_follows_the_readers_language_over_http(client, anon_client):  # noqa: ANN001
    record = {"id": "UA-7", "title": CYRILLIC, "status": "stolen", "classification": "public"}
    assert client.post("/api/v1/objects", json=record).status_code == 201
    theft = next(a for a in client.get("/api/v1/alerts").json() if a["type"] == "theft_or_loss")["id"]
    arabic = _read(anon_client.get(f"/alerts/{theft}/poster.pdf?lang=ar").content)
    assert "مطلوب" in arabic and CYRILLIC in arabic and "WANTED" not in arabic
    assert "Stolen" not in arabic and "Register record" not in arabic  # the alert's own text is Heritrace's
    russian = _read(anon_client.get(f"/alerts/{theft}/poster.pdf?lang=ru").content)
    assert "РАЗЫСКИВАЕТСЯ" in russian and CYRILLIC in russian
    assert "WANTED" in _read(anon_client.get(f"/alerts/{theft}/poster.pdf?lang=en").content)


def test_a_signed_in_callers_pdf_is_in_the_language_kept_on_their_account(platform, registrar, client):  # noqa: ANN001
    from heritrace.accounts.models import User
    from heritrace.accounts.service import actor_of
    from heritrace.partners.models import Organisation

    assert "Results of the year" in _read(client.get("/results/report.pdf").content)
    with platform.sessions() as s:
        actor = actor_of(s.get(User, registrar.user_id), s.get(Organisation, registrar.organisation_id))
    platform.accounts.set_language(actor, "ru")
    # an API token carries no cookie: the account's language decides, ?lang= still wins
    assert "Итоги года" in _read(client.get("/results/report.pdf").content)
    assert "نتائج السنة" in _read(client.get("/results/report.pdf?lang=ar").content)

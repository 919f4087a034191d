"""The words left in English in PDFs: a compensation claim's basis, the case documents' integrity
messages and the due-diligence certificate's match contributions, in the reader's language."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from heritrace.cases import compensation
from heritrace.cases.compensation import BASES, FACTORS, STATUS_LABELS
from heritrace.cases.documents import DocumentStore
from heritrace.cases.report import summary_pdf
from heritrace.core.i18n import use_locale
from heritrace.diligence.certificate_pdf import render as diligence_pdf
from heritrace.diligence.evidence import photo_contribution
from heritrace.images.service import PhotoHit
from heritrace.matching import comparisons
from heritrace.matching.attribution import QUALIFIER_FAMILY
from heritrace.matching.labels import COMPARISONS, LEVELS, QUALIFIERS, contribution_line
from tests.i18n.test_pdf_languages import _report as case_report
from tests.pdfs import pdf_text

SHA = "ab" * 32


def _report(tmp_path: Path) -> dict:
    store = DocumentStore(tmp_path, 1000)
    sha = store.put(b"letter of the ministry")
    basis = BASES["unidroit_1995_art6_1"]
    return {
        **case_report(),  # the report of test_pdf_languages, with a claim and documents
        "documents": [
            {
                "title": "Lettre",
                "classification": "partners",
                "sha256": sha,
                "integrity": store.verify(sha).message,
            },
            {
                "title": "Scan",
                "classification": "partners",
                "sha256": SHA,
                "integrity": store.verify(SHA).message,
            },
        ],
        "messages": 0,
        "compensation": [
            {
                "claimant": "Galerie Nord",
                "basis": basis.label,
                "basis_status": STATUS_LABELS[basis.status],
                "amount": 1200,
                "currency": "EUR",
                "status": "claimed",
                "note": "",
                "due_diligence": {f.label: "oui" for f in FACTORS},
                "register_checks": [],
            }
        ],
        "due_diligence_checks": [],
    }


ENGLISH_REPORT = (
    "UNIDROIT Convention",
    "illegally exported",
    "partly verified",
    "the stored file",
    *(f.label for f in FACTORS),
)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            ("Convention d'UNIDROIT de 1995, art. 6(1)", "partiellement vérifié", "Prix payé", "est intact"),
        ),
        ("es", ("Convenio de UNIDROIT de 1995, art. 6(1)", "Precio pagado", "archivo conservado")),
        ("ru", ("Конвенция УНИДРУА 1995 года, ст. 6(1)", "Уплаченная цена", "сохранённый файл отсутствует")),
        ("uk", ("Конвенція УНІДРУА 1995 року, ст. 6(1)", "Сплачена ціна", "збережений файл відсутній")),
        ("ar", ("اليونيدروا", "الثمن المدفوع")),
    ],
)
def test_the_case_report_gives_the_basis_factors_and_integrity_in_the_readers_language(
    tmp_path: Path, lang: str, expected: tuple[str, ...]
):
    with use_locale(lang):
        text = pdf_text(summary_pdf(_report(tmp_path)))
    for words in expected:
        assert words in text, words
    for english in ENGLISH_REPORT:
        assert english not in text, english
    # in English, the same report carries the English words
    english_text = pdf_text(summary_pdf(_report(tmp_path)))
    assert "illegally exported" in english_text and "the stored file is intact" in english_text


def test_the_integrity_check_of_the_api_follows_the_readers_language(tmp_path: Path):
    store = DocumentStore(tmp_path, 1000)
    with use_locale("ru"):
        assert store.verify(SHA).to_json()["message"] == "сохранённый файл отсутствует"
    assert store.verify(SHA).to_json()["message"] == "the stored file is missing"


def _certificate() -> dict:
    photo = PhotoHit("IT-1", "Vaso", 1, SHA, 0.9, "match", 14, {})
    return {
        "certificate_id": "HTC-20260101-ABC",
        "issued_at": "2026-01-02T10:00:00Z",
        "check_id": "CHK-1",
        "checked_at": "2026-01-02T09:59:00Z",
        "requested_by": {"name": "Галерея", "organisation": None},
        "query": {"title": "Vaso a figure rosse"},
        "photos": [],
        "verdict": "possible",
        "candidates": [
            {
                "object_id": "IT-1",
                "verdict": "possible",
                "title": "Vaso",
                "score": 2.5,
                "maker": None,
                "contributions": [
                    {"comparison": "prior", "level": "prior odds", "weight": -6.0, "detail": ""},
                    {
                        "comparison": "title",
                        "level": "most words",
                        "weight": 3.1,
                        "detail": "67% of title weight: vaso, figure",
                    },
                    {
                        "comparison": "maker",
                        "level": "surname, circle of",
                        "weight": 1.5,
                        "detail": "circle of Euphronios",
                    },
                    {"comparison": "object_type", "level": "not recorded", "weight": 0.0, "detail": ""},
                    {"comparison": "materials", "level": "not stated", "weight": -0.4, "detail": ""},
                    {"comparison": "date", "level": "same century", "weight": 0.8, "detail": "-500 vs -510"},
                    {"comparison": "inscriptions", "level": "none", "weight": -0.2, "detail": ""},
                    photo_contribution(photo, 1),
                ],
            }
        ],
        "coverage": {"searched": [], "not_searched": [], "statement": "-"},
    }


ENGLISH_BARS = ("prior odds", "most words", "title weight", "circle of", "not recorded", "not stated",
                "same century", "geometrically verified", "object_type", "maker [")  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", ("probabilité a priori", "titre [la plupart des mots]",
                "auteur [nom de famille, entourage de]", "type d'objet [absent de la fiche]",
                "14 correspondances vérifiées géométriquement")),
        ("es", ("autor [apellido, círculo de]", "mismo siglo", "14 correspondencias verificadas")),
        ("ru", ("автор [фамилия, круг]", "тот же век", "14 геометрически проверенных соответствий")),
        ("uk", ("автор [прізвище, коло]", "те саме століття", "14 геометрично перевірених відповідностей")),
        ("ar", ("الصانع", "القرن نفسه")),
    ],
)  # fmt: skip
def test_the_certificate_names_the_match_contributions_in_the_readers_language(lang: str, expected):  # noqa: ANN001
    with use_locale(lang):
        text = pdf_text(diligence_pdf(_certificate(), "key-1"))
    for words in expected:
        assert words in text, words
    for english in ENGLISH_BARS:
        assert english not in text, english
    assert "Euphronios" in text and "vaso, figure" in text  # what the bars quote is kept as written


def _levels_written_by_the_engine() -> set[str]:
    """Every level the comparisons can give: the texts of ``Outcome(...)`` and ``level = ...``; the
    listing title's levels are composed ("<quoted|headline> <all|most|some|none>") and named here."""
    found: set[str] = {comparisons.NOT_RECORDED, comparisons.NOT_STATED}
    found |= {
        f"{kind} {share}" for kind in ("quoted", "headline") for share in ("all", "most", "some", "none")
    }
    tree = ast.parse(inspect.getsource(comparisons))
    functions = [f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name != "compare_listing_title"]
    for node in (n for f in functions for n in ast.walk(f)):
        values: list[ast.AST] = []
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Outcome" and node.args:
            values.append(node.args[0])
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "level" for t in node.targets):
            values.append(node.value)
        for value in values:
            if isinstance(value, ast.JoinedStr):
                continue
            found |= {
                c.value for c in ast.walk(value) if isinstance(c, ast.Constant) and isinstance(c.value, str)
            }
    return found


def test_every_comparison_level_and_qualifier_of_the_engine_has_a_label():
    assert set(comparisons.COMPARISONS) <= set(COMPARISONS)
    assert _levels_written_by_the_engine() <= set(LEVELS)
    assert set(QUALIFIER_FAMILY) - {"by"} <= set(QUALIFIERS)


def test_a_level_or_detail_the_tables_do_not_know_is_shown_as_written():
    bar = {"comparison": "colour", "level": "bright", "weight": 0.5, "detail": "red, gold"}
    with use_locale("fr"):
        assert contribution_line(bar) == "+0.50  colour [bright] red, gold"


def test_compensation_texts_are_marked_for_translation():
    source = inspect.getsource(compensation)
    for basis in BASES.values():
        assert f'N_("{basis.label}")' in source
    for factor in FACTORS:
        assert f'N_("{factor.label}")' in source

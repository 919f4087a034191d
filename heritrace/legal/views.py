"""Pages of the EU import and export checks: a form, and the answer in plain words with what it rests on.

The forms use GET, so that an answer can be linked to (from a case, a due-diligence check, a register
record) and bookmarked; nothing is stored.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from heritrace.core.http import get_platform
from heritrace.core.i18n import N_
from heritrace.legal.compliance import STATUS_WORDS, CheckInputError, load_regulation
from heritrace.legal.eu_export import check_export, parse_export
from heritrace.legal.eu_import import PROCEDURES, PURPOSES, check_import, parse_import
from heritrace.platform import Heritrace
from heritrace.web.pages import render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]

REQUIREMENT_WORDS = {
    "prohibited": N_("Entry prohibited"),
    "import_licence": N_("Import licence needed"),
    "importer_statement": N_("Importer statement needed"),
    "export_licence": N_("Export licence needed"),
    "none": N_("No licence or statement needed"),
}
PROCEDURE_WORDS = {
    "release_for_free_circulation": N_("release for free circulation (ordinary import)"),
    "customs_warehousing": N_("customs warehousing"),
    "free_zone": N_("free zone"),
    "temporary_admission": N_("temporary admission"),
    "end_use": N_("end-use"),
    "inward_processing": N_("inward processing"),
    "transit": N_("transit"),
}
PURPOSE_WORDS = {
    "exhibition": N_("exhibition"),
    "education": N_("education"),
    "science": N_("science"),
    "research": N_("research by an academic institution"),
    "conservation": N_("conservation"),
    "restoration": N_("restoration"),
    "digitisation": N_("digitisation"),
    "performing_arts": N_("performing arts"),
    "museum_cooperation": N_("cooperation between museums"),
    "commercial_art_fair": N_("commercial art fair"),
    "trade_fair": N_("trade fair"),
    "safekeeping": N_("safekeeping by a public authority"),
    "returned_goods": N_("returned goods (re-import after export from the EU)"),
    "sale": N_("sale"),
    "other": N_("other"),
}
IMPORT_NUMBERS = ("age_years", "value_eur", "years_in_exported_from")
IMPORT_FLAGS = ("removed_in_breach", "left_origin_before_1972")
IMPORT_TEXT = (
    "annex_category",
    "country_of_creation_or_discovery",
    "exported_from",
    "procedure",
    "purpose",
    "date",
)
EXPORT_NUMBERS = ("age_years", "value_eur")
EXPORT_TEXT = ("category", "destination", "exporting_member_state", "date")


@router.get("/legal/eu-import", response_class=HTMLResponse)
def import_page(request: Request, platform: Platform) -> HTMLResponse:
    values = dict(request.query_params)
    result, errors, status = None, {}, 200
    if values.get("annex_category"):
        try:
            raw = _from_form(values, IMPORT_TEXT, IMPORT_NUMBERS, IMPORT_FLAGS)
            result = check_import(parse_import(raw), platform.laws.states_table()).to_json()
        except CheckInputError as exc:
            errors, status = exc.errors, 422
    context = {
        "values": values,
        "errors": errors,
        "result": result,
        "categories": load_regulation("reg_2019_880").annex["categories"],
        "procedures": [(p, PROCEDURE_WORDS[p]) for p in PROCEDURES],
        "purposes": [(p, PURPOSE_WORDS[p]) for p in PURPOSES],
        **_words(),
    }
    return render(request, "legal/eu_import.html", context, status)


@router.get("/legal/eu-export", response_class=HTMLResponse)
def export_page(request: Request, platform: Platform) -> HTMLResponse:
    values = dict(request.query_params)
    result, errors, status = None, {}, 200
    if values.get("category"):
        try:
            raw = _from_form(values, EXPORT_TEXT, EXPORT_NUMBERS, ("belongs_to_originator",))
            laws = platform.laws
            result = check_export(parse_export(raw), laws.states_table(), laws.export_regime_words).to_json()
        except CheckInputError as exc:
            errors, status = exc.errors, 422
    categories = load_regulation("reg_116_2009").annex["categories"]
    context = {"values": values, "errors": errors, "result": result, "categories": categories, **_words()}
    return render(request, "legal/eu_export.html", context, status)


def _from_form(values: dict[str, str], text: tuple, numbers: tuple, flags: tuple) -> dict[str, Any]:
    """Form strings to check input; an unreadable number is passed on as given, so the check names it."""
    raw: dict[str, Any] = {k: values[k].strip() for k in text if values.get(k, "").strip()}
    for name in numbers:
        given = values.get(name, "").strip().replace(",", "")
        if given:
            try:
                raw[name] = float(given)
            except ValueError:
                raw[name] = given
    for name in flags:
        answer = values.get(name, "")
        if answer in ("yes", "no"):
            raw[name] = answer == "yes"
    return raw


def _words() -> dict[str, Any]:
    return {"requirement_words": REQUIREMENT_WORDS, "status_words": STATUS_WORDS}

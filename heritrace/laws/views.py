"""Pages of the law database: countries, a country's facts, an instrument's States, proposing a change
(national focal points) and reviewing proposals (the operator)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from heritrace.core.actor import Actor
from heritrace.core.collation import country_name, sort_key
from heritrace.core.errors import ValidationFailed
from heritrace.core.http import get_actor, get_platform
from heritrace.core.i18n import N_, _, current_locale
from heritrace.laws.api import fact_out
from heritrace.laws.facts import KINDS
from heritrace.laws.forms import PROPOSAL_KINDS, fact_from_form, form_from_fact
from heritrace.laws.models import PRECISION_WORDS, RATIFICATION_WORDS, STATUSES, TOPICS
from heritrace.laws.schemas import ProposalIn, ReviewIn
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields
from heritrace.web.pages import check_csrf, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]


@router.get("/laws", response_class=HTMLResponse)
def laws_page(request: Request, platform: Platform) -> HTMLResponse:
    instruments = [fact_out(k, r) for k, r in platform.laws.instruments()]
    lang = current_locale()  # countries by their names in the reader's language
    listed = sorted(platform.laws.countries(), key=lambda c: sort_key(country_name(c["country"], lang), lang))
    context = {"countries": listed, "instruments": instruments, "statuses": STATUSES}
    return render(request, "laws/index.html", context)


@router.get("/laws/countries/{country}", response_class=HTMLResponse)
def country_page(request: Request, platform: Platform, country: str) -> HTMLResponse:
    facts = platform.laws.country(country)
    code = country.strip().upper()
    context = {
        "code": code,
        "name": country_name(code),
        "treaties": [fact_out(k, r) for k, r in facts["treaty_status"]],
        "laws": [fact_out(k, r) for k, r in facts["law"]],
        "regime": fact_out(*facts["export_regime"][0]) if facts["export_regime"] else None,
        "statuses": STATUSES,
        "topics": TOPICS,
    }
    return render(request, "laws/country.html", context)


@router.get("/laws/instruments/{code:path}", response_class=HTMLResponse)
def instrument_page(request: Request, platform: Platform, code: str) -> HTMLResponse:
    head, states = platform.laws.instrument(code)
    context = {
        "instrument": fact_out(*head),
        "states": [fact_out(k, r) for k, r in states],
        "statuses": STATUSES,
    }
    return render(request, "laws/instrument.html", context)


@router.get("/laws/propose", response_class=HTMLResponse)
def propose_form(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    params = request.query_params
    kind = params.get("kind") if params.get("kind") in PROPOSAL_KINDS else "law"
    fact_id = params.get("fact_id") or None
    values: dict[str, Any] = {"country": (params.get("country") or "").upper()}
    if fact_id:
        fact_kind, row = platform.laws.fact(kind, fact_id)
        values = form_from_fact(kind, fact_kind.to_fact(row))
    return _proposal_form(request, platform, kind, fact_id, values, {})


@router.post("/laws/proposals", response_class=HTMLResponse)
def propose_submit(request: Request, platform: Platform, actor: CurrentActor, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    kind = str(form.get("kind") or "")
    fact_id = str(form.get("fact_id") or "") or None
    values = {k: str(v) for k, v in form.multi_items() if k not in ("topics", "csrf_token")}
    values["topics"] = [str(t) for t in form.getlist("topics")]
    if kind not in PROPOSAL_KINDS:
        return _proposal_form(
            request, platform, "law", fact_id, values, {"kind": "choose what to change"}, 422
        )
    try:
        base = KINDS[kind].to_fact(platform.laws.fact(kind, fact_id)[1]) if fact_id else {}
        proposal = ProposalIn(
            kind=kind,
            fact_id=fact_id,
            fact=fact_from_form(kind, values, base),
            reason=values.get("reason", ""),
        )
        change = platform.laws.propose(actor, proposal)
    except ValidationFailed as exc:
        return _proposal_form(request, platform, kind, fact_id, values, exc.errors, 422)
    except ValueError as exc:  # pydantic on ProposalIn itself (reason too short)
        return _proposal_form(
            request, platform, kind, fact_id, values, {"reason": str(exc).splitlines()[-1]}, 422
        )
    return RedirectResponse(f"/laws/proposals#proposal-{change.id}", status_code=303)


@router.get("/laws/proposals", response_class=HTMLResponse)
def proposals_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    changes = [
        {"change": c, "rows": fact_rows(json.loads(c.payload_json)), "name": country_name(c.country)}
        for c in platform.laws.proposals(actor)
    ]
    may_review = actor.has_role("platform_admin")
    context = {"changes": changes, "may_review": may_review}
    context |= {"kinds": PROPOSAL_WORDS, "states": PROPOSAL_STATES}
    return render(request, "laws/proposals.html", context)


# what a proposal is about and where it stands, in the words of the proposal form
PROPOSAL_WORDS = {
    "law": N_("a law or decree"),
    "treaty_status": N_("a convention status"),
    "export_regime": N_("the export regime"),
}
PROPOSAL_STATES = {
    "pending": N_("waiting for review"),
    "accepted": N_("accepted"),
    "rejected": N_("Rejected"),
}
# a proposed fact's fields, labelled as the proposal form labels them
FIELD_WORDS = {
    "instrument": N_("Instrument"),
    "country": N_("Country"),
    "party": N_("Party"),
    "signature": N_("Signature (YYYY-MM-DD)"),
    "ratification": N_("Deposit of the instrument (YYYY-MM-DD)"),
    "ratification_kind": N_("Kind of instrument"),
    "entry_into_force": N_("Entry into force (YYYY-MM-DD, or YYYY)"),
    "date_precision": N_("Entry into force known to the"),
    "until": N_("Withdrawal or denunciation (YYYY-MM-DD)"),
    "title_original": N_("Title in the original language"),
    "title_english": N_("Title in English"),
    "language": N_("Language (ISO 639 code)"),
    "year": N_("Year"),
    "official_reference": N_("Official reference"),
    "topics": N_("Topics"),
    "url": N_("Address of the text"),
    "summary": N_("Summary of the regime"),
    "categories": N_("Categories controlled"),
    "competent_authority": N_("Competent authority"),
    "contact": N_("Contact"),
    "source": N_("Source (citation or address)"),
    "status": N_("Verification"),
    "note": N_("What was not verified"),
}


def fact_rows(fact: dict[str, Any]) -> list[tuple[str, str]]:
    """A proposed fact as (label, value) rows in the reader's words: codes as words, empty fields left out."""
    rows = []
    for key, value in fact.items():
        if value in (None, "", [], {}):
            continue
        if key == "status":
            shown = _(STATUSES.get(value, value))
        elif key == "country":
            shown = country_name(value)
        elif key == "party":
            shown = _("yes") if value else _("no")
        elif key == "topics":
            shown = ", ".join(_(TOPICS[t]) if t in TOPICS else t for t in value)
        elif key == "ratification_kind":
            shown = _(RATIFICATION_WORDS.get(value, value))
        elif key == "date_precision":
            shown = _(PRECISION_WORDS.get(value, value))
        elif isinstance(value, dict | list):
            shown = json.dumps(value, ensure_ascii=False)
        else:
            shown = str(value)
        rows.append((_(FIELD_WORDS[key]) if key in FIELD_WORDS else key.replace("_", " "), shown))
    return rows


@router.post("/laws/proposals/{change_id}/review")
def review_submit(
    request: Request, platform: Platform, actor: CurrentActor, change_id: int, form: FormFields
) -> RedirectResponse:
    check_csrf(request, form.get("csrf_token"))
    decision = "accept" if form.get("decision") == "accept" else "reject"
    note = str(form.get("note") or "").strip() or None
    platform.laws.review(actor, change_id, ReviewIn(decision=decision, note=note))
    return RedirectResponse(f"/laws/proposals#proposal-{change_id}", status_code=303)


def _proposal_form(
    request: Request,
    platform: Platform,
    kind: str,
    fact_id: str | None,
    values: dict,
    errors: dict,
    status: int = 200,
) -> HTMLResponse:
    context = {
        "kind": kind,
        "fact_id": fact_id,
        "values": values,
        "errors": errors,
        "instruments": [fact_out(k, r) for k, r in platform.laws.instruments()],
        "statuses": STATUSES,
        "topics": TOPICS,
        "ratification_kinds": RATIFICATION_WORDS,
        "precisions": PRECISION_WORDS,
    }
    return render(request, "laws/propose.html", context, status)

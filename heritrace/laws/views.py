"""Pages of the law database: countries, a country's facts, an instrument's States, proposing a change
(national focal points) and reviewing proposals (the operator)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from heritrace.core.actor import Actor
from heritrace.core.errors import ValidationFailed
from heritrace.core.http import get_actor, get_platform
from heritrace.laws.api import fact_out
from heritrace.laws.facts import KINDS
from heritrace.laws.forms import PROPOSAL_KINDS, fact_from_form, form_from_fact
from heritrace.laws.models import RATIFICATION_KINDS, STATUSES, TOPICS
from heritrace.laws.schemas import ProposalIn, ReviewIn
from heritrace.laws.service import country_label
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields
from heritrace.web.pages import check_csrf, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]


@router.get("/laws", response_class=HTMLResponse)
def laws_page(request: Request, platform: Platform) -> HTMLResponse:
    instruments = [fact_out(k, r) for k, r in platform.laws.instruments()]
    context = {"countries": platform.laws.countries(), "instruments": instruments, "statuses": STATUSES}
    return render(request, "laws/index.html", context)


@router.get("/laws/countries/{country}", response_class=HTMLResponse)
def country_page(request: Request, platform: Platform, country: str) -> HTMLResponse:
    facts = platform.laws.country(country)
    code = country.strip().upper()
    context = {
        "code": code,
        "name": country_label(code),
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
        {"change": c, "fact": json.loads(c.payload_json), "name": country_label(c.country)}
        for c in platform.laws.proposals(actor)
    ]
    may_review = actor.has_role("platform_admin")
    return render(
        request, "laws/proposals.html", {"changes": changes, "may_review": may_review, "statuses": STATUSES}
    )


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
        "ratification_kinds": RATIFICATION_KINDS,
    }
    return render(request, "laws/propose.html", context, status)

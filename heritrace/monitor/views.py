"""Market monitor pages: the analysts' review queue (dismiss, escalate) and the sources."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from heritrace.cases.schemas import LEGAL_BASES
from heritrace.consultations.models import EXPERTISE_FIELDS
from heritrace.consultations.views import whole_numbers
from heritrace.core.actor import Actor
from heritrace.core.errors import DomainError, Forbidden, ValidationFailed
from heritrace.core.http import get_actor, get_platform
from heritrace.core.i18n import _
from heritrace.monitor.schemas import DismissIn, EscalateIn, parse_source
from heritrace.monitor.service import may_review
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields
from heritrace.web.pages import check_csrf, form_errors, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
STATES = ("open", "dismissed", "escalated")


def _queue(
    request: Request, platform: Heritrace, actor: Actor, message: str | None = None, status: int = 200
):  # noqa: ANN202
    state = request.query_params.get("state", "open")
    state = state if state in STATES else "open"
    source = request.query_params.get("source") or None
    hits = platform.monitor.hits(actor, source=source, state=state)
    context = {
        "hits": hits, "state": state, "states": STATES, "source": source, "message": message,
        "sources": [s["name"] for s in platform.monitor.sources()], "legal_bases": LEGAL_BASES,
        # the consultation's experts, chosen as on the consultation form
        "experts": platform.consultations.expert_choices(actor) if hits else [],
        "expertise_fields": EXPERTISE_FIELDS,
    }  # fmt: skip
    return render(request, "monitor/queue.html", context, status)


@router.get("/monitor", response_class=HTMLResponse)
def queue_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    return _queue(request, platform, actor)


@router.post("/monitor/hits/{hit_id}/dismiss", response_model=None)
def dismiss(request: Request, platform: Platform, actor: CurrentActor, hit_id: int, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        platform.monitor.dismiss(actor, hit_id, DismissIn(reason=str(form.get("reason") or "")))
    except ValidationError as exc:
        return _queue(request, platform, actor, f"Hit {hit_id}: {_text(form_errors(exc))}", 422)
    return RedirectResponse("/monitor", status_code=303)


@router.post("/monitor/hits/{hit_id}/escalate", response_model=None)
def escalate(request: Request, platform: Platform, actor: CurrentActor, hit_id: int, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        data = EscalateIn(
            kind=str(form.get("kind") or ""), note=str(form.get("note") or ""),
            legal_basis=str(form.get("legal_basis") or "unesco_1970_art7bii"),
            fields=[str(f) for f in form.getlist("fields")],
            expert_organisation_ids=whole_numbers(form.getlist("expert_organisation_ids")),
        )  # type: ignore[arg-type]  # fmt: skip
        done = platform.monitor.escalate(actor, hit_id, data)
    except ValidationError as exc:
        return _queue(request, platform, actor, f"Hit {hit_id}: {_text(form_errors(exc))}", 422)
    except (ValidationFailed, Forbidden) as exc:
        return _queue(request, platform, actor, f"Hit {hit_id}: {exc}", exc.status_code)
    kind, _, number = done["reference"].partition(":")
    target = {"alert": "/alerts", "consultation": f"/consultations/{number}", "case": f"/cases/{number}"}
    return RedirectResponse(target.get(kind, "/monitor"), status_code=303)


@router.get("/monitor/sources", response_class=HTMLResponse)
def sources_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    return _sources(request, platform, actor)


def _sources(
    request: Request,
    platform: Heritrace,
    actor: Actor,
    errors: dict | None = None,
    text: str = "",
    status: int = 200,
):  # noqa: ANN202
    if not may_review(actor):
        raise Forbidden(_("the market monitor is for analysts and investigators"))
    context = {
        "sources": platform.monitor.sources(), "errors": errors or {}, "text": text,
        "is_operator": actor.has_role("platform_admin"),
    }  # fmt: skip
    return render(request, "monitor/sources.html", context, status)


@router.post("/monitor/sources", response_model=None)
def add_source(request: Request, platform: Platform, actor: CurrentActor, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    text = str(form.get("config") or "")
    try:
        platform.monitor.add_source(actor, parse_source(text, str(form.get("syntax") or "toml")))
    except ValidationFailed as exc:
        return _sources(request, platform, actor, exc.errors, text, 422)
    return RedirectResponse("/monitor/sources", status_code=303)


@router.post("/monitor/sources/{name}/remove")
def remove_source(
    request: Request, platform: Platform, actor: CurrentActor, name: str, form: FormFields
) -> RedirectResponse:
    check_csrf(request, form.get("csrf_token"))
    platform.monitor.remove_source(actor, name)
    return RedirectResponse("/monitor/sources", status_code=303)


def _text(errors: dict) -> str:
    return "; ".join(f"{k}: {v}" for k, v in errors.items())


__all__ = ["DomainError", "router"]

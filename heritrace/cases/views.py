"""Web pages of case files: list, opening form, case page (state, next steps, deadlines, documents,
timeline), results. Thin handlers: forms are read into the API's shapes and given to ``CaseService``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from heritrace.access.policy import can_write
from heritrace.cases.compensation import BASES, CLAIM_STATUSES, FACTORS, STATUS_LABELS
from heritrace.cases.messages import MESSAGE_CLASSIFICATIONS, default_classification
from heritrace.cases.presenters import case_out, check_out, summary_out
from heritrace.cases.schemas import LEGAL_BASES, PARTY_ROLES, CaseIn, CaseUpdate, CompensationIn, TransitionIn
from heritrace.cases.states import LABELS
from heritrace.core.actor import Actor
from heritrace.core.errors import Conflict, Forbidden, ValidationFailed
from heritrace.core.http import get_actor, get_platform
from heritrace.legal.facts import OBJECT_CATEGORIES
from heritrace.legal.prefill import check_links
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields, read_upload
from heritrace.web.pages import check_csrf, form_errors, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
FACT_TEXT = (
    "requesting_state",
    "holding_state",
    "claim",
    "event_date",
    "knowledge_date",
    "notification_date",
    "proceedings_date",
)
CHOICES = {
    "legal_bases": LEGAL_BASES,
    "party_roles": PARTY_ROLES,
    "categories": OBJECT_CATEGORIES,
    "labels": LABELS,
    "compensation_bases": BASES,
    "claim_statuses": CLAIM_STATUSES,
    "factors": FACTORS,
    "status_labels": STATUS_LABELS,
    "message_classifications": MESSAGE_CLASSIFICATIONS,
}


def _form_values(form) -> dict:  # noqa: ANN001
    values = {k: (str(form.get(k) or "").strip() or None) for k in FACT_TEXT}
    values["object_categories"] = form.getlist("object_categories")
    values["unverified_facts"] = form.getlist("unverified_facts")
    values["title"] = str(form.get("title") or "").strip()
    values["summary"] = str(form.get("summary") or "")
    values["classification"] = str(form.get("classification") or "restricted")
    values["legal_basis"] = str(form.get("legal_basis") or "")
    values["parties"] = _parties(str(form.get("parties") or "")) + _party_rows(form)
    return values


def _party_rows(form) -> list[dict]:  # noqa: ANN001
    """Parties chosen on the form: a role from the list, a name and a country per row."""
    rows = zip(
        form.getlist("party_role"), form.getlist("party_name"), form.getlist("party_country"), strict=False
    )
    return [
        {"role": str(role), "name": str(name).strip(), "country": str(country).strip().upper() or None}
        for role, name, country in rows
        if str(name).strip()
    ]


def _parties(text: str) -> list[dict]:
    """Parties typed one a line as 'role | name | country'."""
    out = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) >= 2 and cells[1]:
            out.append(
                {"role": cells[0], "name": cells[1], "country": (cells[2] if len(cells) > 2 else "") or None}
            )
    return out


@router.get("/cases", response_class=HTMLResponse)
def list_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    found = platform.cases.list(actor, request.query_params.get("state") or None)
    readable = platform.cases.readable_object_ids(actor, found)
    cases = [summary_out(c, readable) for c in found]
    return render(
        request, "cases/list.html", {"cases": cases, "can_open": can_write(actor, actor.organisation_id)}
    )


@router.get("/cases/new", response_class=HTMLResponse)
def new_page(request: Request, actor: CurrentActor) -> HTMLResponse:
    return render(request, "cases/new.html", {"values": {}, "errors": {}, **CHOICES})


@router.post("/cases/new", response_class=HTMLResponse)
def open_submit(request: Request, platform: Platform, actor: CurrentActor, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    values = _form_values(form)
    values["object_ids"] = [i.strip() for i in str(form.get("object_ids") or "").replace(",", " ").split()]
    try:
        case = platform.cases.create(actor, CaseIn.model_validate(values))
    except ValidationError as exc:
        return render(request, "cases/new.html", {"values": form, "errors": form_errors(exc), **CHOICES}, 422)
    except ValidationFailed as exc:
        return render(request, "cases/new.html", {"values": form, "errors": exc.errors, **CHOICES}, 422)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.get("/cases/results", response_class=HTMLResponse)
def results_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    return render(request, "cases/results.html", {"stats": platform.cases.results(actor)})


def _case_page(
    request: Request, platform: Heritrace, actor: Actor, case_id: int, message: str = "", status: int = 200
):  # noqa: ANN202
    case = platform.cases.get(actor, case_id)
    readable = platform.cases.readable_object_ids(actor, [case])
    out = case_out(case, actor, platform.cases.visible_documents(actor, case), readable)
    as_of = request.query_params.get("as_of")
    panel = platform.cases.deadlines(actor, case_id, date.fromisoformat(as_of) if as_of else None)
    context = {
        "case": out,
        "panel": panel,
        "message": message,
        "can_edit": can_write(actor, case.organisation_id),
        "checks": [check_out(c) for c in platform.cases.due_diligence(actor, case_id)],
        "message_default": default_classification(case),
        "compliance": check_links(case.requesting_state, None),
    }
    return render(request, "cases/detail.html", {**context, **CHOICES}, status)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, platform: Platform, actor: CurrentActor, case_id: int) -> HTMLResponse:
    return _case_page(request, platform, actor, case_id)


@router.post("/cases/{case_id}/transition", response_class=HTMLResponse)
def transition_submit(
    request: Request, platform: Platform, actor: CurrentActor, case_id: int, form: FormFields
):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        move = TransitionIn(
            to_state=str(form.get("to_state") or ""),
            note=str(form.get("note") or ""),
            version=int(str(form.get("version") or "0")) or None,
            returned_on=str(form.get("returned_on") or "").strip() or None,
        )
        platform.cases.transition(actor, case_id, move)
    except (ValidationFailed, Conflict) as exc:
        return _case_page(request, platform, actor, case_id, exc.message, exc.status_code)
    except (ValidationError, ValueError) as exc:
        return _case_page(request, platform, actor, case_id, f"invalid input: {exc}", 422)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/facts", response_class=HTMLResponse)
def facts_submit(request: Request, platform: Platform, actor: CurrentActor, case_id: int, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    values = _form_values(form)
    values["version"] = str(form.get("version") or "0")
    values["returned_on"] = str(form.get("returned_on") or "").strip() or None
    return _saved(
        request,
        platform,
        actor,
        case_id,
        lambda: platform.cases.update(actor, case_id, CaseUpdate.model_validate(values)),
    )


def _saved(
    request: Request,
    platform: Heritrace,
    actor: Actor,
    case_id: int,
    write: Callable[[], object],
    anchor: str = "",
):  # noqa: ANN202
    """Run a form's write: back to the case page on success, the page with the reason on refusal."""
    try:
        write()
    except (ValidationFailed, Conflict, Forbidden) as exc:
        return _case_page(request, platform, actor, case_id, exc.message, exc.status_code)
    except ValidationError as exc:
        return _case_page(request, platform, actor, case_id, f"invalid input: {form_errors(exc)}", 422)
    return RedirectResponse(f"/cases/{case_id}{anchor}", status_code=303)


@router.post("/cases/{case_id}/documents", response_class=HTMLResponse)
def document_submit(
    request: Request, platform: Platform, actor: CurrentActor, case_id: int, form: FormFields
):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        file = read_upload(form.get("file"), platform.settings.max_upload_bytes)
    except ValidationFailed as exc:
        return _case_page(request, platform, actor, case_id, exc.message, 422)
    if file is None:
        return _case_page(request, platform, actor, case_id, "choose a file to upload", 422)
    title, classification = str(form.get("title") or ""), str(form.get("classification") or "restricted")
    return _saved(
        request,
        platform,
        actor,
        case_id,
        lambda: platform.cases.add_document(
            actor, case_id, title, file.filename, file.media_type, file.data, classification
        ),
    )


@router.post("/cases/{case_id}/messages", response_class=HTMLResponse)
def message_submit(request: Request, platform: Platform, actor: CurrentActor, case_id: int, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        file = read_upload(form.get("file"), platform.settings.max_upload_bytes)
    except ValidationFailed as exc:
        return _case_page(request, platform, actor, case_id, exc.message, 422)
    text, classification = str(form.get("text") or ""), str(form.get("classification") or "") or None
    return _saved(
        request,
        platform,
        actor,
        case_id,
        lambda: platform.cases.post_message(actor, case_id, text, classification, file),
        "#messages",
    )


def _claim_values(form) -> dict:  # noqa: ANN001
    values = {k: str(form.get(k) or "") for k in ("claimant", "basis", "status", "note", "version")}
    values.update({f.key: str(form.get(f.key) or "") for f in FACTORS})
    values["amount"] = str(form.get("amount") or "").strip() or None
    values["currency"] = str(form.get("currency") or "").strip().upper() or None
    values["register_checks"] = str(form.get("register_checks") or "").replace(",", " ").split()
    return values


def _claim_submit(
    request: Request, platform: Heritrace, actor: Actor, case_id: int, claim_id: int | None, form: FormFields
):  # noqa: ANN202
    check_csrf(request, form.get("csrf_token"))

    def write() -> object:
        data = CompensationIn.model_validate(_claim_values(form))
        if claim_id is None:
            return platform.cases.add_claim(actor, case_id, data)
        return platform.cases.update_claim(actor, case_id, claim_id, data)

    return _saved(request, platform, actor, case_id, write, "#compensation")


@router.post("/cases/{case_id}/compensation", response_class=HTMLResponse)
def claim_submit(request: Request, platform: Platform, actor: CurrentActor, case_id: int, form: FormFields):  # noqa: ANN201
    return _claim_submit(request, platform, actor, case_id, None, form)


@router.post("/cases/{case_id}/compensation/{claim_id}", response_class=HTMLResponse)
def claim_edit_submit(
    request: Request, platform: Platform, actor: CurrentActor, case_id: int, claim_id: int, form: FormFields
):  # noqa: ANN201
    return _claim_submit(request, platform, actor, case_id, claim_id, form)

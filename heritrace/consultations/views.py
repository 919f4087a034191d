"""Consultation pages: the list (and the organisation's declared expertise), the opening form, the
thread with its answer form and attachments, and the closing form. Thin handlers over the service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from heritrace.consultations.models import DEFAULT_TARGET_HOURS, EXPERTISE_FIELDS, OUTCOMES
from heritrace.consultations.presenters import consultation_out, names_for, summary_out
from heritrace.consultations.schemas import CloseIn, ConsultationIn, ExpertiseIn
from heritrace.consultations.service import may_open, may_write
from heritrace.core.actor import ADMIN_ROLES, Actor
from heritrace.core.errors import Conflict, Forbidden, ValidationFailed
from heritrace.core.http import get_actor, get_platform
from heritrace.core.i18n import _
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields, read_upload
from heritrace.web.pages import check_csrf, form_errors, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
CHOICES = {"expertise_fields": EXPERTISE_FIELDS, "outcomes": OUTCOMES}


def whole_numbers(values: list) -> list[int]:
    try:
        return [int(v) for v in values]
    except ValueError:
        raise ValidationFailed(
            {"expert_organisation_ids": _("organisations are named by their number")}
        ) from None


def _files(form, name: str) -> list[UploadFile]:  # noqa: ANN001
    return [f for f in form.getlist(name) if isinstance(f, UploadFile) and f.filename]


@router.get("/consultations", response_class=HTMLResponse)
def list_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    service = platform.consultations
    found = service.list(actor)
    names = service.organisation_names({c.organisation_id for c in found})
    context = {
        "consultations": [summary_out(c, names) for c in found],
        "can_open": may_open(actor),
        "is_admin": bool(ADMIN_ROLES & actor.roles),
        "declared": service.declared_fields(actor.organisation_id),
        **CHOICES,
    }
    return render(request, "consultations/list.html", context)


@router.post("/consultations/expertise")
def expertise_submit(
    request: Request, platform: Platform, actor: CurrentActor, form: FormFields
) -> RedirectResponse:
    check_csrf(request, form.get("csrf_token"))
    try:
        data = ExpertiseIn.model_validate({"fields": form.getlist("fields")})
    except ValidationError as exc:
        raise ValidationFailed(form_errors(exc)) from exc
    platform.consultations.declare_expertise(actor, data)
    return RedirectResponse("/consultations", status_code=303)


def _new_page(request: Request, platform: Heritrace, actor: Actor, values, errors: dict, status: int = 200):  # noqa: ANN001, ANN202
    experts = platform.consultations.expert_choices(actor)
    chosen = values.getlist("fields") if hasattr(values, "getlist") else []
    context = {"values": values, "errors": errors, "experts": experts, "chosen": chosen, **CHOICES}
    return render(request, "consultations/new.html", context, status)


@router.get("/consultations/new", response_class=HTMLResponse)
def new_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    if not may_open(actor):
        raise Forbidden(_("consultations are opened by police, customs or named authorities"))
    return _new_page(request, platform, actor, {}, {})


@router.post("/consultations/new", response_class=HTMLResponse)
def open_submit(request: Request, platform: Platform, actor: CurrentActor, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    limit = platform.settings.max_attachment_bytes
    try:
        data = ConsultationIn.model_validate(
            {
                "question": str(form.get("question") or ""),
                "object_description": str(form.get("object_description") or ""),
                "object_id": str(form.get("object_id") or "").strip() or None,
                "expert_organisation_ids": whole_numbers(form.getlist("expert_organisation_ids")),
                "fields": form.getlist("fields"),
                "target_hours": int(str(form.get("target_hours") or DEFAULT_TARGET_HOURS)),
            }
        )
        photos = [read_upload(f, limit) for f in _files(form, "photos")]
        c = platform.consultations.open(actor, data, photos)
    except ValidationError as exc:
        return _new_page(request, platform, actor, form, form_errors(exc), 422)
    except ValueError:
        return _new_page(request, platform, actor, form, {"target_hours": _("a whole number of hours")}, 422)
    except ValidationFailed as exc:
        return _new_page(request, platform, actor, form, exc.errors, exc.status_code)
    return RedirectResponse(f"/consultations/{c.id}", status_code=303)


def _thread(request: Request, platform: Heritrace, actor: Actor, consultation_id: int, message: str = "",
            status: int = 200):  # fmt: skip  # noqa: ANN202
    c = platform.consultations.get(actor, consultation_id)
    shown = consultation_out(c, actor, platform.consultations.organisation_names(names_for(c)))
    context = {"c": shown, "message": message, "may_write": may_write(actor, c), **CHOICES}
    return render(request, "consultations/thread.html", context, status)


@router.get("/consultations/{consultation_id}", response_class=HTMLResponse)
def thread_page(
    request: Request, platform: Platform, actor: CurrentActor, consultation_id: int
) -> HTMLResponse:
    return _thread(request, platform, actor, consultation_id)


@router.post("/consultations/{consultation_id}/messages", response_class=HTMLResponse)
def message_submit(
    request: Request, platform: Platform, actor: CurrentActor, consultation_id: int, form: FormFields
):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    files = _files(form, "file")
    try:
        upload = read_upload(files[0], platform.settings.max_attachment_bytes) if files else None
        platform.consultations.post_message(actor, consultation_id, str(form.get("body") or ""), upload)
    except (ValidationFailed, Conflict) as exc:
        return _thread(request, platform, actor, consultation_id, exc.message, exc.status_code)
    return RedirectResponse(f"/consultations/{consultation_id}", status_code=303)


@router.post("/consultations/{consultation_id}/close", response_class=HTMLResponse)
def close_submit(
    request: Request, platform: Platform, actor: CurrentActor, consultation_id: int, form: FormFields
):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        case = str(form.get("case_id") or "").strip()
        data = CloseIn.model_validate(
            {
                "outcome_code": str(form.get("outcome_code") or ""),
                "outcome_text": str(form.get("outcome_text") or ""),
                "object_id": str(form.get("object_id") or "").strip() or None,
                "case_id": int(case) if case else None,
            }
        )
        platform.consultations.close(actor, consultation_id, data)
    except ValidationError as exc:
        return _thread(request, platform, actor, consultation_id, f"invalid input: {form_errors(exc)}", 422)
    except ValueError:
        return _thread(request, platform, actor, consultation_id, "the case is named by its number", 422)
    except (ValidationFailed, Conflict) as exc:
        return _thread(request, platform, actor, consultation_id, exc.message, exc.status_code)
    return RedirectResponse(f"/consultations/{consultation_id}", status_code=303)

"""Meeting pages: series and meetings, the new-meeting form, a meeting from agenda to minutes
(participants, documents, decisions, actions), the action tracker and the ``.ics`` files. Thin
handlers: forms are read into the API's shapes and given to ``MeetingService``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from heritrace.core.actor import Actor
from heritrace.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from heritrace.core.http import get_actor, get_platform
from heritrace.core.i18n import _
from heritrace.db.base import utcnow
from heritrace.meetings.calendar import calendar
from heritrace.meetings.models import ACTION_LABELS, ACTION_STATES, MEETING_STATES, PARTICIPANT_ROLES
from heritrace.meetings.presenters import action_out, meeting_out, names_for, series_out, summary_out
from heritrace.meetings.schemas import (
    ActionIn,
    ActionUpdateIn,
    AgendaItemIn,
    DecisionIn,
    MeetingIn,
    MinutesIn,
    ParticipantIn,
    SeriesIn,
)
from heritrace.meetings.service import may_convene, may_edit
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields, read_upload
from heritrace.web.pages import check_csrf, form_errors, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
CHOICES = {"action_states": ACTION_STATES, "meeting_states": MEETING_STATES, "roles": PARTICIPANT_ROLES}
ICS = "text/calendar; charset=utf-8"


def _text(form, name: str) -> str:  # noqa: ANN001
    return str(form.get(name) or "").strip()


def _optional_int(form, name: str) -> int | None:  # noqa: ANN001
    value = _text(form, name)
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationFailed({name: _("a number")}) from None


def _parse(model: type[BaseModel], data: dict) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(form_errors(exc)) from exc


def _base_url(request: Request, platform: Heritrace) -> str:
    return platform.settings.public_url or str(request.base_url)


# -- lists, series, new meeting --------------------------------------------------------------------


@router.get("/meetings", response_class=HTMLResponse)
def list_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    service = platform.meetings
    meetings = service.list(actor)
    series = service.list_series(actor)
    names = service.organisation_names(
        {m.organisation_id for m in meetings} | {s.organisation_id for s, _ in series}
    )
    titles = service.series_names({m.series_id for m in meetings})
    context = {
        "meetings": [summary_out(m, names, titles) for m in meetings],
        "series": [series_out(s, n, names) for s, n in series],
        "can_convene": may_convene(actor),
        "errors": {},
        **CHOICES,
    }
    return render(request, "meetings/list.html", context)


@router.post("/meetings/series")
def series_submit(
    request: Request, platform: Platform, actor: CurrentActor, form: FormFields
) -> RedirectResponse:
    check_csrf(request, form.get("csrf_token"))
    data = _parse(
        SeriesIn,
        {
            "title": _text(form, "title"),
            "description": _text(form, "description"),
            "classification": _text(form, "classification") or "partners",
        },
    )
    series = platform.meetings.create_series(actor, data)  # type: ignore[arg-type]
    return RedirectResponse(f"/meetings/series/{series.id}", status_code=303)


def _new_page(request: Request, platform: Heritrace, actor: Actor, values, errors: dict, status: int = 200):  # noqa: ANN001, ANN202
    series = [s for s, _ in platform.meetings.list_series(actor)]
    context = {
        "values": values,
        "errors": errors,
        "series": series,
        "organisations": platform.meetings.organisations(),
        **CHOICES,
    }
    return render(request, "meetings/new.html", context, status)


@router.get("/meetings/new", response_class=HTMLResponse)
def new_page(
    request: Request, platform: Platform, actor: CurrentActor, series_id: int | None = None
) -> HTMLResponse:
    if not may_convene(actor):
        raise Forbidden(_("meetings are convened by registrars and administrators of partners"))
    return _new_page(request, platform, actor, {"series_id": str(series_id or "")}, {})


@router.post("/meetings/new", response_class=HTMLResponse)
def new_submit(request: Request, platform: Platform, actor: CurrentActor, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        agenda = [line.strip() for line in _text(form, "agenda").splitlines() if line.strip()]
        participants = [
            {"organisation_id": int(v), "role": "member"}
            for v in form.getlist("participants")
            if str(v).strip()
        ]
        data = _parse(
            MeetingIn,
            {
                "title": _text(form, "title"),
                "series_id": _optional_int(form, "series_id"),
                "starts_at": _text(form, "starts_at"),
                "ends_at": _text(form, "ends_at") or None,
                "place": _text(form, "place"),
                "online_url": _text(form, "online_url") or None,
                "classification": _text(form, "classification") or "partners",
                "agenda": agenda,
                "participants": participants,
            },
        )
        m = platform.meetings.create(actor, data)  # type: ignore[arg-type]
    except ValueError:
        return _new_page(
            request, platform, actor, form, {"participants": "organisations are named by number"}, 422
        )
    except (ValidationFailed, NotFound) as exc:
        errors = exc.errors if isinstance(exc, ValidationFailed) else {"series_id": exc.message}
        return _new_page(request, platform, actor, form, errors, exc.status_code)
    return RedirectResponse(f"/meetings/{m.id}", status_code=303)


@router.get("/meetings/actions", response_class=HTMLResponse)
def tracker_page(
    request: Request, platform: Platform, actor: CurrentActor, status: str = "", series_id: int | None = None
) -> HTMLResponse:
    wanted = status if status in {*ACTION_LABELS, "open", "overdue"} else None
    found = platform.meetings.actions(actor, wanted, None, series_id)
    names = platform.meetings.organisation_names({a.owner_organisation_id for a, _ in found})
    context = {
        "actions": [action_out(a, m, names, actor) for a, m in found],
        "status": wanted or "",
        **CHOICES,
    }
    return render(request, "meetings/actions.html", context)


@router.post("/meetings/actions/{action_id}")
def action_update_submit(
    request: Request, platform: Platform, actor: CurrentActor, action_id: int, form: FormFields
) -> RedirectResponse:
    check_csrf(request, form.get("csrf_token"))
    data = _parse(
        ActionUpdateIn,
        {
            "status": _text(form, "status") or None,
            "notes": str(form.get("notes")) if "notes" in form else None,
        },
    )
    platform.meetings.update_action(actor, action_id, data)  # type: ignore[arg-type]
    back = _text(form, "back")
    target = back if back.startswith("/meetings") and "//" not in back else "/meetings/actions"
    return RedirectResponse(target, status_code=303)


@router.get("/meetings/series/{series_id}", response_class=HTMLResponse)
def series_page(request: Request, platform: Platform, actor: CurrentActor, series_id: int) -> HTMLResponse:
    service = platform.meetings
    series, meetings = service.get_series(actor, series_id)
    names = service.organisation_names({series.organisation_id} | {m.organisation_id for m in meetings})
    found = service.actions(actor, "open", None, series_id)
    action_names = service.organisation_names({a.owner_organisation_id for a, _ in found})
    context = {
        "series": series_out(series, len(meetings), names),
        "meetings": [summary_out(m, names, {series.id: series.title}) for m in meetings],
        "open_actions": [action_out(a, m, action_names, actor) for a, m in found],
        "can_convene": may_convene(actor) and may_edit(actor, series.organisation_id),
        **CHOICES,
    }
    return render(request, "meetings/series.html", context)


@router.get("/meetings/series/{series_id}/calendar.ics")
def series_calendar(request: Request, platform: Platform, actor: CurrentActor, series_id: int) -> Response:
    series, meetings = platform.meetings.get_series(actor, series_id)
    body = calendar(meetings, series.title, _base_url(request, platform), {series.id: series.title}, utcnow())
    return _ics(body, f"series-{series_id}.ics")


# -- one meeting -----------------------------------------------------------------------------------


def _meeting_page(request: Request, platform: Heritrace, actor: Actor, meeting_id: int, message: str = "",
                  status: int = 200):  # fmt: skip  # noqa: ANN202
    service = platform.meetings
    m = service.get(actor, meeting_id)
    names = service.organisation_names(names_for([m]))
    shown = meeting_out(m, actor, names, service.series_names({m.series_id}), pages=True)
    context = {"m": shown, "message": message, "organisations": service.organisations(), **CHOICES}
    return render(request, "meetings/meeting.html", context, status)


@router.get("/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting_page(request: Request, platform: Platform, actor: CurrentActor, meeting_id: int) -> HTMLResponse:
    return _meeting_page(request, platform, actor, meeting_id)


@router.get("/meetings/{meeting_id}/calendar.ics")
def meeting_calendar(request: Request, platform: Platform, actor: CurrentActor, meeting_id: int) -> Response:
    m = platform.meetings.get(actor, meeting_id)
    titles = platform.meetings.series_names({m.series_id})
    return _ics(
        calendar([m], m.title, _base_url(request, platform), titles, utcnow()), f"meeting-{meeting_id}.ics"
    )


def _ics(body: bytes, filename: str) -> Response:
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "X-Content-Type-Options": "nosniff",
    }
    return Response(body, media_type=ICS, headers=headers)


def _write(request: Request, platform: Heritrace, actor: Actor, meeting_id: int, form, do) -> Response:  # noqa: ANN001
    """Run ``do(form)``; a refused input re-renders the meeting with the message."""
    check_csrf(request, form.get("csrf_token"))
    try:
        do(form)
    except (ValidationFailed, Conflict) as exc:
        detail = (
            "; ".join(f"{k}: {v}" for k, v in exc.errors.items()) if isinstance(exc, ValidationFailed) else ""
        )
        return _meeting_page(request, platform, actor, meeting_id, detail or exc.message, exc.status_code)
    anchor = form.get("anchor")
    suffix = f"#{anchor}" if isinstance(anchor, str) and anchor.isidentifier() else ""
    return RedirectResponse(f"/meetings/{meeting_id}{suffix}", status_code=303)


@router.post("/meetings/{meeting_id}/agenda", response_class=HTMLResponse)
def agenda_submit(
    request: Request, platform: Platform, actor: CurrentActor, meeting_id: int, form: FormFields
):  # noqa: ANN201
    def do(form) -> None:  # noqa: ANN001
        data = _parse(AgendaItemIn, {"title": _text(form, "title"), "notes": _text(form, "notes")})
        platform.meetings.add_agenda_item(actor, meeting_id, data)  # type: ignore[arg-type]

    return _write(request, platform, actor, meeting_id, form, do)


@router.post("/meetings/{meeting_id}/participants", response_class=HTMLResponse)
def participant_submit(
    request: Request, platform: Platform, actor: CurrentActor, meeting_id: int, form: FormFields
):  # noqa: ANN201
    def do(form) -> None:  # noqa: ANN001
        data = _parse(
            ParticipantIn,
            {
                "organisation_id": _optional_int(form, "organisation_id"),
                "person": _text(form, "person"),
                "role": _text(form, "role") or "member",
            },
        )
        platform.meetings.add_participant(actor, meeting_id, data)  # type: ignore[arg-type]

    return _write(request, platform, actor, meeting_id, form, do)


@router.post("/meetings/{meeting_id}/documents", response_class=HTMLResponse)
def document_submit(
    request: Request, platform: Platform, actor: CurrentActor, meeting_id: int, form: FormFields
):  # noqa: ANN201
    def do(form) -> None:  # noqa: ANN001
        upload = read_upload(form.get("file"), platform.settings.max_attachment_bytes)
        if upload is None:
            raise ValidationFailed({"file": _("choose a file")})
        platform.meetings.add_document(actor, meeting_id, _text(form, "title"), upload)

    return _write(request, platform, actor, meeting_id, form, do)


@router.post("/meetings/{meeting_id}/minutes", response_class=HTMLResponse)
def minutes_submit(
    request: Request, platform: Platform, actor: CurrentActor, meeting_id: int, form: FormFields
):  # noqa: ANN201
    def do(form) -> None:  # noqa: ANN001
        data = _parse(MinutesIn, {"minutes": str(form.get("minutes") or "")})
        platform.meetings.record_minutes(actor, meeting_id, data)  # type: ignore[arg-type]

    return _write(request, platform, actor, meeting_id, form, do)


@router.post("/meetings/{meeting_id}/cancel", response_class=HTMLResponse)
def cancel_submit(
    request: Request, platform: Platform, actor: CurrentActor, meeting_id: int, form: FormFields
):  # noqa: ANN201
    def do(form) -> None:  # noqa: ANN001
        platform.meetings.cancel(actor, meeting_id)

    return _write(request, platform, actor, meeting_id, form, do)


@router.post("/meetings/{meeting_id}/decisions", response_class=HTMLResponse)
def decision_submit(
    request: Request, platform: Platform, actor: CurrentActor, meeting_id: int, form: FormFields
):  # noqa: ANN201
    def do(form) -> None:  # noqa: ANN001
        data = _parse(
            DecisionIn, {"text": _text(form, "text"), "agenda_item_id": _optional_int(form, "agenda_item_id")}
        )
        platform.meetings.add_decision(actor, meeting_id, data)  # type: ignore[arg-type]

    return _write(request, platform, actor, meeting_id, form, do)


@router.post("/meetings/{meeting_id}/actions", response_class=HTMLResponse)
def action_submit(
    request: Request, platform: Platform, actor: CurrentActor, meeting_id: int, form: FormFields
):  # noqa: ANN201
    def do(form) -> None:  # noqa: ANN001
        due = _text(form, "due_on")
        data = _parse(
            ActionIn,
            {
                "title": _text(form, "title"),
                "owner_organisation_id": _optional_int(form, "owner_organisation_id"),
                "due_on": due or None,
                "decision_id": _optional_int(form, "decision_id"),
                "notes": _text(form, "notes"),
            },
        )
        platform.meetings.add_action(actor, meeting_id, data)  # type: ignore[arg-type]

    return _write(request, platform, actor, meeting_id, form, do)

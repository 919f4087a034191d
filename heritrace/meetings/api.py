"""REST API of regular meetings (``/api/v1/meetings``, ``/api/v1/meeting-series``) and the action
tracker (``/api/v1/meeting-actions``): thin handlers over ``MeetingService``."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, Path, Query, UploadFile
from fastapi.responses import Response

from heritrace.core.actor import Actor
from heritrace.core.errors import ValidationFailed
from heritrace.core.http import error_responses, get_actor, get_platform, opaque_download
from heritrace.core.i18n import _
from heritrace.meetings.models import Meeting
from heritrace.meetings.presenters import action_out, meeting_out, names_for, series_out, summary_out
from heritrace.meetings.schemas import (
    ActionIn,
    ActionOut,
    ActionUpdateIn,
    AgendaItemIn,
    AgendaItemOut,
    DecisionIn,
    DecisionOut,
    DocumentOut,
    MeetingIn,
    MeetingOut,
    MeetingSummary,
    MinutesIn,
    ParticipantIn,
    SeriesIn,
    SeriesOut,
)
from heritrace.platform import Heritrace
from heritrace.web.forms import read_upload

router = APIRouter(prefix="/api/v1", tags=["meetings"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
Id = Annotated[int, Path(ge=1, le=2_000_000_000)]
READ_ERRORS = error_responses(404, 422, 503)
WRITE_ERRORS = error_responses(404, 409, 413, 422, 503)
ActionFilter = Literal["open", "overdue", "in_progress", "done", "dropped", "cancelled"]


def out(platform: Heritrace, actor: Actor, m: Meeting) -> MeetingOut:
    service = platform.meetings
    names = service.organisation_names(names_for([m]))
    return MeetingOut(**meeting_out(m, actor, names, service.series_names({m.series_id})))


@router.get("/meeting-series", responses=error_responses(503))
def list_series(platform: Platform, actor: CurrentActor) -> list[SeriesOut]:
    found = platform.meetings.list_series(actor)
    names = platform.meetings.organisation_names({s.organisation_id for s, _ in found})
    return [SeriesOut(**series_out(s, n, names)) for s, n in found]


@router.post("/meeting-series", status_code=201, responses=error_responses(422, 503))
def create_series(platform: Platform, actor: CurrentActor, body: SeriesIn) -> SeriesOut:
    series = platform.meetings.create_series(actor, body)
    return SeriesOut(**series_out(series, 0, platform.meetings.organisation_names({series.organisation_id})))


@router.get("/meeting-series/{series_id}", responses=READ_ERRORS)
def get_series(platform: Platform, actor: CurrentActor, series_id: Id) -> SeriesOut:
    series, meetings = platform.meetings.get_series(actor, series_id)
    names = platform.meetings.organisation_names({series.organisation_id})
    return SeriesOut(**series_out(series, len(meetings), names))


@router.get("/meetings", responses=error_responses(422, 503))
def list_meetings(
    platform: Platform,
    actor: CurrentActor,
    series_id: Annotated[int | None, Query(ge=1, le=2_000_000_000)] = None,
) -> list[MeetingSummary]:
    found = platform.meetings.list(actor, series_id)
    names = platform.meetings.organisation_names({m.organisation_id for m in found})
    series = platform.meetings.series_names({m.series_id for m in found})
    return [MeetingSummary(**summary_out(m, names, series)) for m in found]


@router.post("/meetings", status_code=201, responses=error_responses(404, 422, 503))
def create_meeting(platform: Platform, actor: CurrentActor, body: MeetingIn) -> MeetingOut:
    return out(platform, actor, platform.meetings.create(actor, body))


@router.get("/meetings/{meeting_id}", responses=READ_ERRORS)
def get_meeting(platform: Platform, actor: CurrentActor, meeting_id: Id) -> MeetingOut:
    return out(platform, actor, platform.meetings.get(actor, meeting_id))


@router.post("/meetings/{meeting_id}/agenda", status_code=201, responses=WRITE_ERRORS)
def add_agenda_item(
    platform: Platform, actor: CurrentActor, meeting_id: Id, body: AgendaItemIn
) -> AgendaItemOut:
    item = platform.meetings.add_agenda_item(actor, meeting_id, body)
    return AgendaItemOut(
        id=item.id, position=item.position, title=item.title, notes=item.notes, action_id=None
    )


@router.post("/meetings/{meeting_id}/participants", status_code=201, responses=WRITE_ERRORS)
def add_participant(
    platform: Platform, actor: CurrentActor, meeting_id: Id, body: ParticipantIn
) -> MeetingOut:
    platform.meetings.add_participant(actor, meeting_id, body)
    return out(platform, actor, platform.meetings.get(actor, meeting_id))


@router.post("/meetings/{meeting_id}/documents", status_code=201, responses=WRITE_ERRORS)
def add_document(
    platform: Platform,
    actor: CurrentActor,
    meeting_id: Id,
    file: Annotated[UploadFile, File()],
    title: Annotated[str, Form(max_length=300)] = "",
) -> DocumentOut:
    upload = read_upload(file, platform.settings.max_attachment_bytes)
    if upload is None:
        raise ValidationFailed({"file": _("choose a file")})
    doc = platform.meetings.add_document(actor, meeting_id, title, upload)
    return DocumentOut(
        id=doc.id, title=doc.title, filename=doc.filename, media_type=doc.media_type, size=doc.size,
        sha256=doc.sha256, url=f"/api/v1/meetings/{meeting_id}/documents/{doc.id}",
    )  # fmt: skip


@router.get(
    "/meetings/{meeting_id}/documents/{document_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}, **READ_ERRORS},
)
def document(platform: Platform, actor: CurrentActor, meeting_id: Id, document_id: Id) -> Response:
    doc, data = platform.meetings.document(actor, meeting_id, document_id)
    return opaque_download(data, doc.filename)


@router.put("/meetings/{meeting_id}/minutes", responses=WRITE_ERRORS)
def record_minutes(platform: Platform, actor: CurrentActor, meeting_id: Id, body: MinutesIn) -> MeetingOut:
    return out(platform, actor, platform.meetings.record_minutes(actor, meeting_id, body))


@router.patch("/meetings/{meeting_id}/agenda/{item_id}", responses=WRITE_ERRORS)
def edit_agenda_item(
    platform: Platform, actor: CurrentActor, meeting_id: Id, item_id: Id, body: AgendaItemIn
) -> MeetingOut:
    return out(platform, actor, platform.meetings.edit_agenda_item(actor, meeting_id, item_id, body))


@router.delete("/meetings/{meeting_id}/agenda/{item_id}", responses=WRITE_ERRORS)
def remove_agenda_item(platform: Platform, actor: CurrentActor, meeting_id: Id, item_id: Id) -> MeetingOut:
    return out(platform, actor, platform.meetings.edit_agenda_item(actor, meeting_id, item_id, None))


@router.patch("/meetings/{meeting_id}/decisions/{decision_id}", responses=WRITE_ERRORS)
def edit_decision(
    platform: Platform, actor: CurrentActor, meeting_id: Id, decision_id: Id, body: DecisionIn
) -> MeetingOut:
    return out(platform, actor, platform.meetings.edit_decision(actor, meeting_id, decision_id, body))


@router.delete("/meetings/{meeting_id}/decisions/{decision_id}", responses=WRITE_ERRORS)
def remove_decision(platform: Platform, actor: CurrentActor, meeting_id: Id, decision_id: Id) -> MeetingOut:
    return out(platform, actor, platform.meetings.edit_decision(actor, meeting_id, decision_id, None))


@router.delete("/meetings/{meeting_id}/participants/{participant_id}", responses=WRITE_ERRORS)
def remove_participant(
    platform: Platform, actor: CurrentActor, meeting_id: Id, participant_id: Id
) -> MeetingOut:
    return out(platform, actor, platform.meetings.remove_participant(actor, meeting_id, participant_id))


@router.post("/meetings/{meeting_id}/cancel", responses=WRITE_ERRORS)
def cancel_meeting(platform: Platform, actor: CurrentActor, meeting_id: Id) -> MeetingOut:
    return out(platform, actor, platform.meetings.cancel(actor, meeting_id))


@router.post("/meetings/{meeting_id}/decisions", status_code=201, responses=WRITE_ERRORS)
def add_decision(platform: Platform, actor: CurrentActor, meeting_id: Id, body: DecisionIn) -> DecisionOut:
    d = platform.meetings.add_decision(actor, meeting_id, body)
    return DecisionOut(id=d.id, text=d.text, agenda_item_id=d.agenda_item_id, created_at=d.created_at)


@router.post("/meetings/{meeting_id}/actions", status_code=201, responses=WRITE_ERRORS)
def add_action(platform: Platform, actor: CurrentActor, meeting_id: Id, body: ActionIn) -> ActionOut:
    a = platform.meetings.add_action(actor, meeting_id, body)
    return _action(platform, actor, a.id)


@router.get("/meeting-actions", responses=error_responses(422, 503))
def list_actions(
    platform: Platform,
    actor: CurrentActor,
    status: ActionFilter | None = None,
    owner_organisation_id: Annotated[int | None, Query(ge=1, le=2_000_000_000)] = None,
    series_id: Annotated[int | None, Query(ge=1, le=2_000_000_000)] = None,
) -> list[ActionOut]:
    """The action tracker across every meeting the caller reads (open first, by due date)."""
    found = platform.meetings.actions(actor, status, owner_organisation_id, series_id)
    names = platform.meetings.organisation_names({a.owner_organisation_id for a, _ in found})
    return [ActionOut(**action_out(a, m, names)) for a, m in found]


@router.patch("/meeting-actions/{action_id}", responses=WRITE_ERRORS)
def update_action(platform: Platform, actor: CurrentActor, action_id: Id, body: ActionUpdateIn) -> ActionOut:
    platform.meetings.update_action(actor, action_id, body)
    return _action(platform, actor, action_id)


def _action(platform: Heritrace, actor: Actor, action_id: int) -> ActionOut:
    a, m = platform.meetings.action(actor, action_id)
    names = platform.meetings.organisation_names({a.owner_organisation_id})
    return ActionOut(**action_out(a, m, names))

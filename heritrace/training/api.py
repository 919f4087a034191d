"""REST API of training (``/api/v1/training``) and the events' ``.ics`` invitations: thin handlers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Request, UploadFile
from fastapi.responses import Response

from heritrace.core.actor import Actor
from heritrace.core.http import error_responses, get_actor, get_platform, opaque_download, reader_language
from heritrace.core.i18n import use_locale
from heritrace.library.api import parse_json
from heritrace.platform import Heritrace
from heritrace.training.ics import event_calendar
from heritrace.training.presenters import (
    attempt_out,
    certificate_links,
    course_out,
    course_summary,
    event_out,
)
from heritrace.training.schemas import (
    AnswersIn,
    AttendanceIn,
    CourseIn,
    DecisionIn,
    DrawIn,
    EvaluationIn,
    EventIn,
    ModuleIn,
    QuestionIn,
    RegistrationIn,
)
from heritrace.web.forms import read_upload

router = APIRouter(prefix="/api/v1/training", tags=["training"])
calendar_router = APIRouter(include_in_schema=False)  # a download beside the pages, not under /api
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
Id = Annotated[int, Path(ge=1, le=2_000_000_000)]
READ_ERRORS = error_responses(404, 422, 503)
WRITE_ERRORS = error_responses(403, 404, 409, 413, 422, 503)


def course_view(platform: Heritrace, actor: Actor, course_id: int) -> dict:
    view = platform.training.learner_view(actor, course_id)
    orgs = {view["course"].organisation_id, *(p.organisation_id for p in view["learners"])}
    return course_out(view, platform.training.organisation_names(orgs))


def event_view(platform: Heritrace, actor: Actor, event_id: int) -> dict:
    t = platform.training
    e = t.event(actor, event_id)
    names = t.organisation_names({e.organisation_id, *(r.organisation_id for r in e.registrations)})
    return event_out(e, actor, names, t.evaluation_summary(e))


@router.get("/courses", responses=error_responses(503))
def courses(platform: Platform, actor: CurrentActor) -> list[dict]:
    found = platform.training.courses(actor)
    names = platform.training.organisation_names({c.organisation_id for c in found})
    return [course_summary(c, names) for c in found]


@router.post("/courses", status_code=201, responses=WRITE_ERRORS)
def create_course(platform: Platform, actor: CurrentActor, body: CourseIn) -> dict:
    course = platform.training.create_course(actor, body)
    return course_view(platform, actor, course.id)


@router.get("/courses/{course_id}", responses=READ_ERRORS)
def get_course(platform: Platform, actor: CurrentActor, course_id: Id) -> dict:
    return course_view(platform, actor, course_id)


@router.post("/courses/{course_id}/modules", status_code=201, responses=WRITE_ERRORS)
def add_module(
    platform: Platform,
    actor: CurrentActor,
    course_id: Id,
    module: Annotated[str, Form(max_length=200_000, description="ModuleIn as JSON")],
    file: Annotated[UploadFile | None, File()] = None,
) -> dict:
    data = parse_json(ModuleIn, module, "module")
    upload = read_upload(file, platform.settings.max_attachment_bytes)
    platform.training.add_module(actor, course_id, data, upload)
    return course_view(platform, actor, course_id)


@router.get(
    "/courses/{course_id}/modules/{module_id}/file",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}, **READ_ERRORS},
)
def module_file(platform: Platform, actor: CurrentActor, course_id: Id, module_id: Id) -> Response:
    module, data = platform.training.module_file(actor, course_id, module_id)
    return opaque_download(data, module.filename or "module")


@router.post("/courses/{course_id}/questions", status_code=201, responses=WRITE_ERRORS)
def add_question(
    platform: Platform,
    actor: CurrentActor,
    course_id: Id,
    question: Annotated[str, Form(max_length=50_000, description="QuestionIn as JSON")],
    photo: Annotated[UploadFile | None, File()] = None,
) -> dict:
    data = parse_json(QuestionIn, question, "question")
    upload = read_upload(photo, platform.settings.max_upload_bytes)
    q = platform.training.add_question(actor, course_id, data, upload)
    return {"id": q.id, "kind": q.kind, "position": q.position}


@router.post("/courses/{course_id}/draw", status_code=201, responses=WRITE_ERRORS)
def draw(platform: Platform, actor: CurrentActor, course_id: Id, body: DrawIn) -> list[dict]:
    added = platform.training.draw_identification(actor, course_id, body)
    return [{"id": q.id, "kind": q.kind, "position": q.position} for q in added]


@router.get(
    "/courses/{course_id}/questions/{question_id}/photo",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}}, **READ_ERRORS},
)
def question_photo(platform: Platform, actor: CurrentActor, course_id: Id, question_id: Id) -> Response:
    data = platform.training.question_photo(actor, course_id, question_id)
    return Response(data, media_type="image/jpeg", headers={"X-Content-Type-Options": "nosniff"})


@router.post("/courses/{course_id}/modules/{module_id}/done", responses=WRITE_ERRORS)
def module_done(platform: Platform, actor: CurrentActor, course_id: Id, module_id: Id) -> dict:
    platform.training.complete_module(actor, course_id, module_id)
    return course_view(platform, actor, course_id)


@router.post("/courses/{course_id}/attempts", status_code=201, responses=WRITE_ERRORS)
def submit(platform: Platform, actor: CurrentActor, course_id: Id, body: AnswersIn) -> dict:
    attempt = platform.training.submit(actor, course_id, body)
    return {**attempt_out(attempt), "course": course_view(platform, actor, course_id)}


@router.post("/courses/{course_id}/certificate", status_code=201, responses=WRITE_ERRORS)
def certificate(request: Request, platform: Platform, actor: CurrentActor, course_id: Id) -> dict:
    with use_locale(reader_language(request)):  # the PDF is drawn in the learner's language
        return certificate_links(platform.training.certificate(actor, course_id).id)


@router.get("/certificates/{certificate_id}.json", responses=READ_ERRORS)
def certificate_json(platform: Platform, actor: CurrentActor, certificate_id: str) -> Response:
    row = platform.training.get_certificate(actor, certificate_id)
    return Response(
        row.document_json,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{row.id}.json"'},
    )


@router.get(
    "/certificates/{certificate_id}.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **READ_ERRORS},
)
def certificate_pdf(platform: Platform, actor: CurrentActor, certificate_id: str) -> Response:
    row = platform.training.get_certificate(actor, certificate_id)
    return Response(
        row.pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{row.id}.pdf"'},
    )


@router.get("/events", responses=error_responses(503))
def events(platform: Platform, actor: CurrentActor) -> list[dict]:
    t = platform.training
    found = t.events(actor)
    names = t.organisation_names({e.organisation_id for e in found})
    return [event_out(e, actor, names, {}) | {"registrations": []} for e in found]


@router.post("/events", status_code=201, responses=WRITE_ERRORS)
def create_event(platform: Platform, actor: CurrentActor, body: EventIn) -> dict:
    return event_view(platform, actor, platform.training.create_event(actor, body).id)


@router.get("/events/{event_id}", responses=READ_ERRORS)
def get_event(platform: Platform, actor: CurrentActor, event_id: Id) -> dict:
    return event_view(platform, actor, event_id)


@router.post("/events/{event_id}/cancel", responses=WRITE_ERRORS)
def cancel(platform: Platform, actor: CurrentActor, event_id: Id) -> dict:
    platform.training.cancel_event(actor, event_id)
    return event_view(platform, actor, event_id)


@router.post("/events/{event_id}/registrations", status_code=201, responses=WRITE_ERRORS)
def register(platform: Platform, actor: CurrentActor, event_id: Id, body: RegistrationIn) -> dict:
    reg = platform.training.register(actor, event_id, body)
    return {"id": reg.id, "status": reg.status, "email": reg.email}


@router.post("/events/{event_id}/registrations/{registration_id}/decision", responses=WRITE_ERRORS)
def decide(
    platform: Platform, actor: CurrentActor, event_id: Id, registration_id: Id, body: DecisionIn
) -> dict:
    reg = platform.training.decide(actor, event_id, registration_id, body)
    return {"id": reg.id, "status": reg.status}


@router.post("/events/{event_id}/registrations/{registration_id}/attendance", responses=WRITE_ERRORS)
def attendance(
    platform: Platform, actor: CurrentActor, event_id: Id, registration_id: Id, body: AttendanceIn
) -> dict:
    reg = platform.training.attendance(actor, event_id, registration_id, body)
    return {"id": reg.id, "status": reg.status, "attended": reg.attended}


@router.post("/events/{event_id}/evaluation", status_code=201, responses=WRITE_ERRORS)
def evaluate(platform: Platform, actor: CurrentActor, event_id: Id, body: EvaluationIn) -> dict:
    reg = platform.training.evaluate(actor, event_id, body)
    return {"id": reg.id, "rating": reg.rating, "usefulness": reg.usefulness}


@calendar_router.get(
    "/training/events/{event_id}/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, **READ_ERRORS},
)
def calendar(request: Request, platform: Platform, actor: CurrentActor, event_id: Id) -> Response:
    event = platform.training.event(actor, event_id)
    body = event_calendar(event, platform.settings.node_name, str(request.base_url))
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="training-event-{event_id}.ics"'},
    )

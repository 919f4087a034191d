"""Training pages: the catalogue of courses and events, a course as the learner follows it (modules,
assessment with identification exercises, result, certificate), and an event (registration, the
organiser's approvals and attendance, the evaluation form). Thin handlers over ``Training``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from heritrace.core.actor import Actor
from heritrace.core.errors import Conflict, Forbidden, ValidationFailed
from heritrace.core.http import get_actor, get_platform, reader_language
from heritrace.core.i18n import _, use_locale
from heritrace.library.service import may_publish
from heritrace.platform import Heritrace
from heritrace.training.api import course_view, event_view
from heritrace.training.models import EVENT_KINDS, NOT_REGISTERED, REGISTRATION_STATES
from heritrace.training.presenters import attempt_out, course_summary, event_out
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
from heritrace.web.forms import FormFields, read_upload
from heritrace.web.pages import check_csrf, form_errors, render

router = APIRouter(include_in_schema=False)
authoring = APIRouter(include_in_schema=False)  # the fixed "new" pages, mounted before the ones with ids
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]


@router.get("/training", response_class=HTMLResponse)
def training_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    t = platform.training
    courses, events = t.courses(actor), t.events(actor)
    names = t.organisation_names({c.organisation_id for c in courses} | {e.organisation_id for e in events})
    context = {
        "may_publish": may_publish(actor),
        "courses": [course_summary(c, names) for c in courses],
        "events": [event_out(e, actor, names, {}) for e in events],
        "event_kinds": EVENT_KINDS,
    }
    return render(request, "training/index.html", context)


def _course_page(request, platform, actor, course_id, result=None, message="", status=200):  # noqa: ANN001, ANN202
    context = {
        "c": course_view(platform, actor, course_id),
        "result": result,
        "message": message,
        "not_registered": NOT_REGISTERED,
        "signed_in": not actor.is_anonymous,
    }
    return render(request, "training/course.html", context, status)


@router.get("/training/courses/{course_id}", response_class=HTMLResponse)
def course_page(request: Request, platform: Platform, actor: CurrentActor, course_id: int) -> HTMLResponse:
    return _course_page(request, platform, actor, course_id)


@router.post("/training/courses/{course_id}/modules/{module_id}/done")
def module_done(
    request: Request,
    platform: Platform,
    actor: CurrentActor,
    course_id: int,
    module_id: int,
    form: FormFields,
) -> RedirectResponse:
    check_csrf(request, form.get("csrf_token"))
    platform.training.complete_module(actor, course_id, module_id)
    return RedirectResponse(f"/training/courses/{course_id}#module-{module_id}", status_code=303)


@router.post("/training/courses/{course_id}/assessment", response_class=HTMLResponse)
def assessment_submit(
    request: Request, platform: Platform, actor: CurrentActor, course_id: int, form: FormFields
):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    answers = {k[2:]: str(v) for k, v in form.items() if k.startswith("q-") and isinstance(v, str)}
    try:
        attempt = platform.training.submit(actor, course_id, AnswersIn(answers=answers))
    except ValidationError as exc:
        message = "; ".join(f"{k}: {v}" for k, v in form_errors(exc).items())
        return _course_page(request, platform, actor, course_id, message=message, status=422)
    except Conflict as exc:
        return _course_page(request, platform, actor, course_id, message=exc.message, status=409)
    return _course_page(request, platform, actor, course_id, result=attempt_out(attempt))


@router.post("/training/courses/{course_id}/certificate", response_class=HTMLResponse)
def certificate_submit(
    request: Request, platform: Platform, actor: CurrentActor, course_id: int, form: FormFields
):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        with use_locale(reader_language(request)):  # the PDF is drawn in the learner's language
            platform.training.certificate(actor, course_id)
    except Conflict as exc:
        return _course_page(request, platform, actor, course_id, message=exc.message, status=409)
    return RedirectResponse(f"/training/courses/{course_id}#certificate", status_code=303)


def _event_page(request, platform, actor, event_id, message="", status=200):  # noqa: ANN001, ANN202
    context = {
        "e": event_view(platform, actor, event_id),
        "message": message,
        "signed_in": not actor.is_anonymous,
        "event_kinds": EVENT_KINDS,
        "registration_states": REGISTRATION_STATES,
    }
    return render(request, "training/event.html", context, status)


@router.get("/training/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, platform: Platform, actor: CurrentActor, event_id: int) -> HTMLResponse:
    return _event_page(request, platform, actor, event_id)


@router.post("/training/events/{event_id}/register", response_class=HTMLResponse)
def register_submit(
    request: Request, platform: Platform, actor: CurrentActor, event_id: int, form: FormFields
):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        if form.get("self"):
            platform.training.register_self(actor, event_id)
        else:
            data = RegistrationIn(
                name=str(form.get("name") or ""),
                email=str(form.get("email") or ""),
                username=str(form.get("username") or "") or None,
            )
            platform.training.register(actor, event_id, data)
    except ValidationError as exc:
        message = "; ".join(f"{k}: {v}" for k, v in form_errors(exc).items())
        return _event_page(request, platform, actor, event_id, message, 422)
    except (ValidationFailed, Conflict, Forbidden) as exc:
        return _event_page(request, platform, actor, event_id, exc.message, exc.status_code)
    return RedirectResponse(f"/training/events/{event_id}", status_code=303)


@router.post("/training/events/{event_id}/cancel", response_class=HTMLResponse)
def cancel_submit(request: Request, platform: Platform, actor: CurrentActor, event_id: int, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        platform.training.cancel_event(actor, event_id)
    except Conflict as exc:
        return _event_page(request, platform, actor, event_id, exc.message, exc.status_code)
    return RedirectResponse(f"/training/events/{event_id}", status_code=303)


@router.post("/training/events/{event_id}/registrations/{registration_id}", response_class=HTMLResponse)
def registration_submit(  # noqa: ANN201
    request: Request,
    platform: Platform,
    actor: CurrentActor,
    event_id: int,
    registration_id: int,
    form: FormFields,
):
    check_csrf(request, form.get("csrf_token"))
    action = str(form.get("action") or "")
    try:
        if action in ("approve", "decline"):
            platform.training.decide(
                actor, event_id, registration_id, DecisionIn(approve=action == "approve")
            )
        elif action in ("attended", "absent"):
            data = AttendanceIn(attended=action == "attended")
            platform.training.attendance(actor, event_id, registration_id, data)
        else:
            raise ValidationFailed({"action": _("approve, decline, attended or absent")})
    except (ValidationFailed, Conflict) as exc:
        return _event_page(request, platform, actor, event_id, exc.message, exc.status_code)
    return RedirectResponse(f"/training/events/{event_id}#registrations", status_code=303)


@router.post("/training/events/{event_id}/evaluation", response_class=HTMLResponse)
def evaluation_submit(
    request: Request, platform: Platform, actor: CurrentActor, event_id: int, form: FormFields
):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        data = EvaluationIn(
            rating=int(str(form.get("rating") or 0)),
            usefulness=int(str(form.get("usefulness") or 0)),
            comments=str(form.get("comments") or ""),
        )
        platform.training.evaluate(actor, event_id, data)
    except (ValidationError, ValueError):
        return _event_page(request, platform, actor, event_id, "rate from 1 to 5", 422)
    except (Conflict, Forbidden) as exc:
        return _event_page(request, platform, actor, event_id, exc.message, exc.status_code)
    return RedirectResponse(f"/training/events/{event_id}#evaluation", status_code=303)


# -- authoring: the offering organisation's registrars and administrators ------------------------------


def _course_form(request, values, errors, status=200):  # noqa: ANN001, ANN202
    from heritrace.access.policy import CLASSIFICATIONS
    from heritrace.library.models import AUDIENCES, LANGUAGES

    context = {
        "values": values,
        "errors": errors,
        "audiences": AUDIENCES,
        "languages": LANGUAGES,
        "classifications": CLASSIFICATIONS,
    }
    return render(request, "training/new_course.html", context, status)


@authoring.get("/training/courses/new", response_class=HTMLResponse)
def new_course_page(request: Request, actor: CurrentActor) -> HTMLResponse:
    if not may_publish(actor):
        raise Forbidden(_("courses are built by registrars and administrators of vetted partners"))
    return _course_form(request, {}, {})


@authoring.post("/training/courses/new", response_class=HTMLResponse)
def new_course_submit(request: Request, platform: Platform, actor: CurrentActor, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    values = {
        k: str(form.get(k) or "") for k in ("title", "summary", "language", "classification", "pass_mark")
    }
    try:
        data = CourseIn.model_validate(
            {
                "title": values["title"],
                "summary": values["summary"],
                "language": values["language"] or "en",
                "classification": values["classification"] or "partners",
                "audiences": form.getlist("audiences"),
                "pass_mark": int(values["pass_mark"] or 70),
            }
        )
    except ValidationError as exc:
        return _course_form(request, values, form_errors(exc), 422)
    except ValueError:
        return _course_form(request, values, {"pass_mark": "a whole number from 1 to 100"}, 422)
    course = platform.training.create_course(actor, data)
    return RedirectResponse(f"/training/courses/{course.id}#authoring", status_code=303)


@router.post("/training/courses/{course_id}/modules", response_class=HTMLResponse)
def module_submit(
    request: Request, platform: Platform, actor: CurrentActor, course_id: int, form: FormFields
):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        data = ModuleIn(
            title=str(form.get("title") or ""),
            body=str(form.get("body") or ""),
            link=str(form.get("link") or "") or None,
        )
        upload = read_upload(_upload(form, "file"), platform.settings.max_attachment_bytes)
        platform.training.add_module(actor, course_id, data, upload)
    except ValidationError as exc:
        message = "; ".join(f"{k}: {v}" for k, v in form_errors(exc).items())
        return _course_page(request, platform, actor, course_id, message=message, status=422)
    except ValidationFailed as exc:
        return _course_page(request, platform, actor, course_id, message=exc.message, status=exc.status_code)
    return RedirectResponse(f"/training/courses/{course_id}#authoring", status_code=303)


@router.post("/training/courses/{course_id}/questions", response_class=HTMLResponse)
def question_submit(
    request: Request, platform: Platform, actor: CurrentActor, course_id: int, form: FormFields
):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    kind = str(form.get("kind") or "")
    try:
        if kind == "choice":
            choices = [c.strip() for c in str(form.get("choices") or "").splitlines() if c.strip()]
            answer = int(str(form.get("answer") or "1")) - 1
            data = QuestionIn(
                kind="choice", prompt=str(form.get("prompt") or ""), choices=choices, answer=answer
            )
        else:
            object_id = str(form.get("object_id") or "").strip() or None
            data = QuestionIn(
                kind="identification",
                prompt=str(form.get("prompt") or ""),
                object_id=object_id,
                not_registered=object_id is None,
                listing_text=str(form.get("listing_text") or "").strip() or None,
            )
        photo = read_upload(_upload(form, "photo"), platform.settings.max_upload_bytes)
        platform.training.add_question(actor, course_id, data, photo)
    except ValidationError as exc:
        message = "; ".join(f"{k}: {v}" for k, v in form_errors(exc).items())
        return _course_page(request, platform, actor, course_id, message=message, status=422)
    except ValueError:
        return _course_page(
            request, platform, actor, course_id, message="the right answer is a number", status=422
        )
    except ValidationFailed as exc:
        return _course_page(request, platform, actor, course_id, message=exc.message, status=exc.status_code)
    return RedirectResponse(f"/training/courses/{course_id}#authoring", status_code=303)


@router.post("/training/courses/{course_id}/draw", response_class=HTMLResponse)
def draw_submit(request: Request, platform: Platform, actor: CurrentActor, course_id: int, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        data = DrawIn(count=int(str(form.get("count") or "3")))
        platform.training.draw_identification(actor, course_id, data)
    except (ValidationError, ValueError):
        return _course_page(request, platform, actor, course_id, message="draw 1 to 20 exercises", status=422)
    except Conflict as exc:
        return _course_page(request, platform, actor, course_id, message=exc.message, status=409)
    return RedirectResponse(f"/training/courses/{course_id}#authoring", status_code=303)


def _event_form(request, platform, actor, values, errors, status=200):  # noqa: ANN001, ANN202
    from heritrace.access.policy import CLASSIFICATIONS

    context = {
        "values": values,
        "errors": errors,
        "event_kinds": EVENT_KINDS,
        "classifications": CLASSIFICATIONS,
        "courses": platform.training.courses(actor),
    }
    return render(request, "training/new_event.html", context, status)


@authoring.get("/training/events/new", response_class=HTMLResponse)
def new_event_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    if not may_publish(actor):
        raise Forbidden(_("events are organised by registrars and administrators of vetted partners"))
    return _event_form(request, platform, actor, {}, {})


@authoring.post("/training/events/new", response_class=HTMLResponse)
def new_event_submit(request: Request, platform: Platform, actor: CurrentActor, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    names = ("kind", "title", "description", "starts_at", "ends_at", "place", "online_link", "trainers",
             "seats", "country", "classification", "course_id")  # fmt: skip
    values = {k: str(form.get(k) or "").strip() for k in names}
    try:
        data = EventIn.model_validate(
            {
                "kind": values["kind"],
                "title": values["title"],
                "description": values["description"],
                "starts_at": values["starts_at"],
                "ends_at": values["ends_at"],
                "place": values["place"] or None,
                "online_link": values["online_link"] or None,
                "trainers": [t.strip() for t in values["trainers"].split(",") if t.strip()],
                "seats": int(values["seats"] or 0),
                "country": values["country"] or None,
                "classification": values["classification"] or "partners",
                "course_id": int(values["course_id"]) if values["course_id"] else None,
            }
        )
        event = platform.training.create_event(actor, data)
    except ValidationError as exc:
        return _event_form(request, platform, actor, values, form_errors(exc), 422)
    except ValueError:
        return _event_form(request, platform, actor, values, {"seats": "a whole number"}, 422)
    return RedirectResponse(f"/training/events/{event.id}", status_code=303)


def _upload(form, name: str):  # noqa: ANN001, ANN202
    from starlette.datastructures import UploadFile

    f = form.get(name)
    return f if isinstance(f, UploadFile) and f.filename else None

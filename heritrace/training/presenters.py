"""One data shape of courses, events and certificates for the API (JSON) and the pages."""

from __future__ import annotations

import json

from heritrace.access.policy import can_write
from heritrace.core.actor import Actor
from heritrace.library.models import AUDIENCES
from heritrace.library.service import tag_list
from heritrace.training.models import AssessmentAttempt, Course, EventRegistration, TrainingEvent


def course_summary(c: Course, names: dict[int, str]) -> dict:
    return {
        "id": c.id,
        "title": c.title,
        "summary": c.summary,
        "language": c.language,
        "audiences": tag_list(c.audiences),
        "audience_labels": [AUDIENCES.get(a, a) for a in tag_list(c.audiences)],
        "classification": c.classification,
        "offered_by": names.get(c.organisation_id or 0),
        "modules": len(c.modules),
        "questions": len(c.questions),
        "pass_mark": c.pass_mark,
        "url": f"/training/courses/{c.id}",
    }


def course_out(view: dict, names: dict[int, str]) -> dict:
    """The learner's view of a course (``Training.learner_view``): questions never carry their answers."""
    c: Course = view["course"]
    p = view["progress"]
    return {
        **course_summary(c, names),
        "modules": [
            {
                "id": m["module"].id,
                "position": m["module"].position,
                "title": m["module"].title,
                "body": m["module"].body,
                "link": m["module"].link,
                "file": (
                    {
                        "filename": m["module"].filename,
                        "url": f"/api/v1/training/courses/{c.id}/modules/{m['module'].id}/file",
                    }
                    if m["module"].sha256
                    else None
                ),
                "done": m["done"],
            }
            for m in view["modules"]
        ],
        "questions": [
            {
                **q,
                "photo_url": (
                    f"/api/v1/training/courses/{c.id}/questions/{q['id']}/photo" if q["has_photo"] else None
                ),
            }
            for q in view["questions"]
        ],
        "progress": (
            {
                "modules_done": sum(1 for m in view["modules"] if m["done"]),
                "attempts": p.attempts,
                "best_score": p.best_score,
                "completed_at": p.completed_at,
            }
            if p
            else None
        ),
        "certificate": certificate_links(view["certificate_id"]) if view["certificate_id"] else None,
        "may_edit": view["may_edit"],
        # the offering organisation follows each learner's progress
        "learners": [
            {
                "learner": p.learner,
                "organisation": names.get(p.organisation_id or 0),
                "modules_done": len(json.loads(p.modules_done)),
                "attempts": p.attempts,
                "best_score": p.best_score,
                "completed_at": p.completed_at,
            }
            for p in view["learners"]
        ],
    }


def certificate_links(certificate_id: str) -> dict:
    return {
        "id": certificate_id,
        "json": f"/api/v1/training/certificates/{certificate_id}.json",
        "pdf": f"/api/v1/training/certificates/{certificate_id}.pdf",
    }


def attempt_out(a: AssessmentAttempt) -> dict:
    return {"id": a.id, "score": a.score, "passed": a.passed, "results": json.loads(a.results), "at": a.at}


def registration_out(r: EventRegistration, names: dict[int, str]) -> dict:
    return {
        "id": r.id,
        "name": r.name,
        "email": r.email,
        "organisation": names.get(r.organisation_id or 0),
        "status": r.status,
        "attended": r.attended,
        "evaluated": r.evaluated_at is not None,
        "registered_at": r.registered_at,
    }


def event_out(e: TrainingEvent, actor: Actor, names: dict[int, str], evaluation: dict) -> dict:
    """An event; the organiser sees every registration, a partner only those it made (personal data)."""
    organiser = can_write(actor, e.organisation_id)
    shown = [
        r
        for r in e.registrations
        if organiser or (actor.organisation_id is not None and r.organisation_id == actor.organisation_id)
    ]
    mine = next((r for r in e.registrations if actor.user_id and r.user_id == actor.user_id), None)
    return {
        "id": e.id,
        "kind": e.kind,
        "title": e.title,
        "description": e.description,
        "starts_at": e.starts_at,
        "ends_at": e.ends_at,
        "place": e.place,
        "online_link": e.online_link,
        "trainers": [t.strip() for t in e.trainers.split(",") if t.strip()],
        "seats": e.seats,
        "seats_taken": sum(1 for r in e.registrations if r.status == "approved"),
        "country": e.country,
        "classification": e.classification,
        "organiser": names.get(e.organisation_id or 0),
        "course_id": e.course_id,
        "cancelled": e.cancelled,
        "calendar": f"/training/events/{e.id}/calendar.ics",
        "registrations": [registration_out(r, names) for r in shown],
        "my_registration": registration_out(mine, names) if mine else None,
        "evaluation": evaluation if organiser else None,
        "is_organiser": organiser,
    }

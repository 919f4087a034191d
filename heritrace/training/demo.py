"""Demo training and library content: a course with modules, a multiple-choice question and
identification exercises drawn from the demo register, a workshop held this year with participants
(registered, approved, attended, one evaluation), an upcoming webinar, and library documents."""

from __future__ import annotations

import random
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from heritrace.audit.service import AuditLog
from heritrace.core.actor import SYSTEM, Actor
from heritrace.core.errors import Conflict
from heritrace.db.base import utcnow
from heritrace.library.schemas import DocumentIn, VersionIn
from heritrace.objects.demo import make_photo
from heritrace.training.models import TrainingEvent
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


def create_demo_training(platform, people: dict[str, Actor]) -> dict:  # noqa: ANN001
    """Returns what was made: ``{"course": id, "events": [ids], "documents": [ids]}``."""
    ministry, police, customs = people["ministry"], people["police"], people["customs"]
    t = platform.training
    course = t.create_course(
        ministry,
        CourseIn(
            title="Recognising trafficked cultural property",
            summary="For police, customs and museum staff: what is at risk, what papers to ask for, "
            "and how to check an object against the register.",
            audiences=["police", "customs", "museum"],
            pass_mark=60,
        ),
    )
    t.add_module(
        ministry,
        course.id,
        ModuleIn(
            title="What is at risk",
            body="Archaeological objects, religious art (icons, liturgical objects), manuscripts and coins "
            "are the categories most often trafficked.\n\nSee the categories-at-risk pages of the library.",
            link="https://www.unesco.org/en/fight-illicit-trafficking",
        ),
    )
    t.add_module(
        ministry,
        course.id,
        ModuleIn(
            title="Checking an object",
            body="Search the register by description or photo; ask for the export licence; when in doubt, "
            "open an expert consultation.",
        ),
    )
    t.add_question(
        ministry,
        course.id,
        QuestionIn(
            kind="choice",
            prompt="An icon is declared as a 'decorative panel', without export licence. What comes first?",
            choices=[
                "Release it",
                "Check it against the register and ask for the export licence",
                "Destroy it",
            ],
            answer=1,
        ),
    )
    try:
        t.draw_identification(ministry, course.id, DrawIn(count=2), seed=1970)
    except Conflict:
        pass  # a register without readable photos: the listing exercise below still identifies
    t.add_question(
        ministry,
        course.id,
        QuestionIn(
            kind="identification",
            prompt="Is the object of this online listing in the register?",
            not_registered=True,
            listing_text="Bronze oil lamp, Roman, 1st century, ex private collection, fresh to the market. "
            "Shipping worldwide.",
        ),
    )
    events = _demo_events(platform, ministry, police, customs, course.id)
    documents = _demo_library(platform, ministry)
    return {"course": course.id, "events": events, "documents": documents}


def _demo_events(platform, ministry: Actor, police: Actor, customs: Actor, course_id: int) -> list[int]:  # noqa: ANN001
    t = platform.training
    soon = utcnow().replace(microsecond=0) + timedelta(days=1)
    workshop = t.create_event(
        ministry,
        EventIn(
            kind="workshop",
            title="Workshop: identifying looted antiquities at the border",
            description="Hands-on session with objects from seizures; the e-learning course goes with it.",
            starts_at=soon,
            ends_at=soon + timedelta(hours=6),
            place="Kyiv, National Museum of History",
            trainers=["Dr O. Kovalenko", "Lt. M. Rossi"],
            seats=20,
            country="UA",
            course_id=course_id,
        ),
    )
    regs = [
        t.register(
            police, workshop.id, RegistrationIn(name="Police", email="police@demo.invalid"), police.user_id
        ),
        t.register(
            customs,
            workshop.id,
            RegistrationIn(name="Customs", email="customs@demo.invalid"),
            customs.user_id,
        ),
        t.register(
            customs, workshop.id, RegistrationIn(name="O. Shevchenko", email="o.shevchenko@demo.invalid")
        ),
    ]
    for reg in regs:
        t.decide(ministry, workshop.id, reg.id, DecisionIn(approve=True))
    # the workshop was held two days ago (this year): move it to its date, then record attendance
    start = max(utcnow().replace(microsecond=0) - timedelta(days=2), datetime(utcnow().year, 1, 1))
    with platform.sessions.begin() as s:
        row = s.get(TrainingEvent, workshop.id)
        row.starts_at, row.ends_at = start, min(start + timedelta(hours=6), utcnow())
        AuditLog(s).record(
            SYSTEM, "demo.reschedule", "training_event", str(row.id), None, {"starts_at": start}
        )
    for reg in regs[:2]:
        t.attendance(ministry, workshop.id, reg.id, AttendanceIn(attended=True))
    t.attendance(ministry, workshop.id, regs[2].id, AttendanceIn(attended=False))
    t.evaluate(police, workshop.id, EvaluationIn(rating=5, usefulness=4, comments="Very practical."))
    later = utcnow().replace(microsecond=0) + timedelta(days=21)
    webinar = t.create_event(
        ministry,
        EventIn(
            kind="webinar",
            title="Webinar: due diligence for auction houses",
            starts_at=later,
            ends_at=later + timedelta(hours=2),
            online_link="https://meet.example.org/heritrace-due-diligence",
            trainers=["Heritrace operator"],
            seats=100,
            classification="partners",
        ),
    )
    # the police user also follows the course to the end
    view = t.learner_view(police, course_id)
    for m in view["modules"]:
        t.complete_module(police, course_id, m["module"].id)
    with platform.sessions() as s:
        from heritrace.training.models import AssessmentQuestion

        truth = {str(q.id): q.answer for q in s.query(AssessmentQuestion).filter_by(course_id=course_id)}
    t.submit(police, course_id, AnswersIn(answers=truth))
    return [workshop.id, webinar.id]


def _demo_library(platform, ministry: Actor) -> list[int]:  # noqa: ANN001
    lib = platform.library
    guide = lib.publish(
        ministry,
        DocumentIn(
            kind="guidance",
            topics=["due diligence", "provenance"],
            audiences=["market", "museum"],
            countries=["UA"],
            first=VersionIn(
                title="Basic actions concerning cultural objects for sale",
                summary="What a buyer, a dealer or a museum checks before acquiring an object.",
                body="Ask for the provenance and the export licence.\n\nCheck the register and the alerts.",
            ),
        ),
    )
    lib.add_version(
        ministry,
        guide.id,
        VersionIn(
            language="uk",
            title="Основні дії щодо культурних цінностей, що продаються",
            body="Запитайте про походження та ліцензію на вивезення.",
        ),
    )
    checklist = lib.publish(
        ministry,
        DocumentIn(
            kind="checklist",
            classification="law_enforcement",
            topics=["border controls"],
            audiences=["police", "customs"],
            first=VersionIn(
                title="Checklist for a seizure at the border",
                body="Photograph the object on all sides, with a scale; secure the documents; report it to "
                "the register as seized.",
            ),
        ),
    )
    risk = lib.publish(
        ministry,
        DocumentIn(
            kind="categories_at_risk",
            topics=["archaeology", "religious art"],
            audiences=["police", "customs", "market", "museum", "public"],
            countries=["UA"],
            region="Ukraine",
            period="Scythian period to the 19th century",
            first=VersionIn(
                title="Ukraine: categories of cultural objects at risk",
                body="Scythian gold and bronze, icons, Cossack arms, archaeological finds from the south.",
            ),
        ),
    )
    from heritrace.cases.documents import Attachment

    rng = random.Random(14)
    with tempfile.TemporaryDirectory() as tmp:
        for n, caption in enumerate(["Icon, 18th century", "Scythian bronze arrowhead"]):
            path = Path(tmp) / f"risk-{n}.jpg"
            make_photo(rng, path)
            lib.add_photo(ministry, risk.id, Attachment(path.name, "image/jpeg", path.read_bytes()), caption)
    return [guide.id, checklist.id, risk.id]

"""Use cases of training.

Courses: a partner's writer builds a course (modules, questions); learners work through the modules,
submit the assessment (scored automatically against the truth) and, once every module is done and the
pass mark reached, download a completion certificate signed with the platform key (JSON and PDF), which
the public verification page and ``heritrace certificate verify`` accept.

Identification exercises are drawn from the register under the rights of the course's *audience*
(``audience_actor``), never of the trainer: a record the audience may not read through
``access.policy.restrict`` cannot be used, and one that was reclassified since is left out when the
assessment is taken.

Events: the organising organisation creates an event; partner organisations register people; the
organiser approves (within the seats) or declines, records attendance; attendees evaluate.
"""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import can_write, restrict
from heritrace.audit.service import AuditLog
from heritrace.cases.documents import Attachment, DocumentStore
from heritrace.core.actor import ANONYMOUS, Actor
from heritrace.core.errors import Conflict, Forbidden, NotFound, TooLarge, ValidationFailed, over_limit
from heritrace.core.i18n import N_, Message, _, ngettext
from heritrace.db.base import utcnow
from heritrace.diligence.signing import PlatformKey
from heritrace.images.decode import ImageRejected
from heritrace.images.store import ImageStore
from heritrace.library.service import may_publish, tag_list, tags
from heritrace.objects.models import CulturalObject, ObjectImage
from heritrace.partners.models import Organisation
from heritrace.training.certificate_pdf import render_certificate
from heritrace.training.models import (
    NOT_REGISTERED,
    AssessmentAttempt,
    AssessmentQuestion,
    CompletionCertificate,
    Course,
    CourseModule,
    CourseProgress,
    EventRegistration,
    TrainingEvent,
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

LAW_ENFORCEMENT_AUDIENCES = frozenset({"police", "customs"})
NOTICE = "training_registration"  # the notice type of registrations and decisions (alert delivery)


# a registration's decision, as the notices write it
DECISIONS = {"approved": N_("approved"), "declined": N_("declined")}


@dataclass(frozen=True)
class Notice:
    """A registration or decision to tell an organisation, sent once the write is committed."""

    organisation_id: int
    kind: str
    subject: str | Message
    body: str | Message
    link: str
    key: str


def audience_actor(course: Course) -> Actor:
    """Who the course is for, as an actor: identification exercises may use only records this actor
    reads. A course for the public sees public records; one for police and / or customs only also
    sees law-enforcement records; any other audience sees what a vetted partner sees (public and
    partners). No organisation: never ``restricted`` or ``inventory`` records."""
    audiences = set(tag_list(course.audiences))
    if not audiences or "public" in audiences:
        return ANONYMOUS
    return Actor(
        name=f"audience of course {course.id}",
        user_id=-1,
        roles=frozenset({"analyst"}),
        vetted=True,
        law_enforcement=audiences <= LAW_ENFORCEMENT_AUDIENCES,
    )


def readable_record(s: Session, audience: Actor, object_id: str) -> CulturalObject | None:
    query = select(CulturalObject).where(
        CulturalObject.external_id == object_id, CulturalObject.classification != "inventory"
    )
    return s.scalar(restrict(query, audience, CulturalObject))


def usable_questions(s: Session, course: Course) -> list[AssessmentQuestion]:
    """The questions a learner is given now: identification exercises whose record the audience may no
    longer read are left out (and not scored)."""
    audience = audience_actor(course)
    out = []
    for q in course.questions:
        if q.kind == "identification" and q.object_id and readable_record(s, audience, q.object_id) is None:
            continue
        out.append(q)
    return out


def modules_done(progress: CourseProgress | None) -> set[int]:
    return set(json.loads(progress.modules_done)) if progress else set()


class Training:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        images: ImageStore,
        files: DocumentStore,
        key: Callable[[], PlatformKey],
        max_bytes: int,
        notify: Callable[..., None] | None = None,
    ):
        # AlertService.notify: registrations and decisions reach the organisations' members through
        # the alert delivery (inbox, and the e-mail or webhook of their subscriptions)
        self.notify = notify
        self.sessions = sessions
        self.images = images
        self.files = files
        self._key = key
        self.max_bytes = max_bytes

    # -- courses: reading --------------------------------------------------------------------------

    def courses(self, actor: Actor) -> list[Course]:
        query = restrict(select(Course), actor, Course).order_by(Course.id.desc())
        with self.sessions() as s:
            return list(s.scalars(query.limit(500)))

    def course(self, actor: Actor, course_id: int) -> Course:
        with self.sessions() as s:
            return self._course(s, actor, course_id)

    @staticmethod
    def _course(s: Session, actor: Actor, course_id: int) -> Course:
        course = s.scalar(restrict(select(Course).where(Course.id == course_id), actor, Course))
        if course is None:
            raise NotFound(_("no course %(id)s that you may read", id=course_id))
        return course

    def learner_view(self, actor: Actor, course_id: int) -> dict:
        """The course as a learner sees it: modules with done marks, the questions without their
        answers, the learner's progress and certificate."""
        with self.sessions() as s:
            course = self._course(s, actor, course_id)
            questions = usable_questions(s, course)
            progress = self._progress(s, actor, course_id) if actor.user_id else None
            certificate = (
                s.scalar(
                    select(CompletionCertificate.id).where(
                        CompletionCertificate.course_id == course_id,
                        CompletionCertificate.user_id == actor.user_id,
                    )
                )
                if actor.user_id
                else None
            )
            done = modules_done(progress)
            may_edit = can_write(actor, course.organisation_id)
            learners = (
                list(
                    s.scalars(
                        select(CourseProgress)
                        .where(CourseProgress.course_id == course_id)
                        .order_by(CourseProgress.started_at)
                    )
                )
                if may_edit
                else []
            )
            return {
                "learners": learners,
                "course": course,
                "modules": [{"module": m, "done": m.id in done} for m in course.modules],
                "questions": [_question_out(q) for q in questions],
                "progress": progress,
                "certificate_id": certificate,
                "may_edit": may_edit,
            }

    def question_photo(self, actor: Actor, course_id: int, question_id: int) -> bytes:
        """The photo an identification exercise shows (its display copy), for readers of the course."""
        with self.sessions() as s:
            course = self._course(s, actor, course_id)
            q = next((q for q in usable_questions(s, course) if q.id == question_id and q.photo_sha256), None)
        if q is None:
            raise NotFound(_("no photo for question %(id)s", id=question_id))
        try:
            return self.images.path(q.photo_sha256 or "", "display").read_bytes()
        except FileNotFoundError:
            raise NotFound(_("the photo's file is missing from the image store")) from None

    def module_file(self, actor: Actor, course_id: int, module_id: int) -> tuple[CourseModule, bytes]:
        course = self.course(actor, course_id)
        m = next((m for m in course.modules if m.id == module_id and m.sha256), None)
        if m is None:
            raise NotFound(_("no file in module %(id)s", id=module_id))
        return m, self.files.read(m.sha256 or "")

    # -- courses: writing --------------------------------------------------------------------------

    def create_course(self, actor: Actor, data: CourseIn) -> Course:
        if not may_publish(actor):
            raise Forbidden(_("courses are built by registrars and administrators of vetted partners"))
        with self.sessions.begin() as s:
            course = Course(
                organisation_id=actor.organisation_id,
                created_by=actor.name[:200],
                created_at=utcnow(),
                title=data.title,
                summary=data.summary,
                language=data.language,
                audiences=tags(data.audiences),
                classification=data.classification,
                pass_mark=data.pass_mark,
            )
            s.add(course)
            s.flush()
            AuditLog(s).record(actor, "course.create", "course", str(course.id), None, data.model_dump())
            course_id = course.id
        return self.course(actor, course_id)

    def _editable(self, s: Session, actor: Actor, course_id: int) -> Course:
        course = self._course(s, actor, course_id)
        if not can_write(actor, course.organisation_id):
            raise Forbidden(_("only the organisation offering the course changes it"))
        return course

    def add_module(
        self, actor: Actor, course_id: int, data: ModuleIn, upload: Attachment | None = None
    ) -> CourseModule:
        if upload is not None and len(upload.data) > self.max_bytes:
            raise TooLarge({"file": over_limit(upload.filename, self.max_bytes)})
        with self.sessions.begin() as s:
            course = self._editable(s, actor, course_id)
            m = CourseModule(
                position=len(course.modules) + 1,
                title=data.title,
                body=data.body,
                link=data.link,
                filename=upload.filename[:300] if upload else None,
                media_type=(upload.media_type or "application/octet-stream")[:120] if upload else None,
                sha256=self.files.put(upload.data) if upload else None,
            )
            course.modules.append(m)
            s.flush()
            AuditLog(s).record(actor, "course.module", "course", str(course.id), None, {"module": m.title})
            s.expunge(m)
        return m

    def add_question(
        self, actor: Actor, course_id: int, data: QuestionIn, photo: Attachment | None = None
    ) -> AssessmentQuestion:
        with self.sessions.begin() as s:
            course = self._editable(s, actor, course_id)
            q = AssessmentQuestion(
                position=len(course.questions) + 1, kind=data.kind, prompt=data.prompt, points=data.points
            )
            if data.kind == "choice":
                q.choices = json.dumps(data.choices, ensure_ascii=False)
                q.answer = str(data.answer)
            elif data.object_id:
                record = readable_record(s, audience_actor(course), data.object_id)
                if record is None:
                    raise ValidationFailed(
                        {
                            "object_id": _(
                                "no record %(id)s that the course's audience may read", id=data.object_id
                            )
                        }
                    )
                q.object_id = q.answer = record.external_id
                q.listing_text = data.listing_text
                q.photo_sha256 = self._stored_photo(photo) if photo else _first_photo(record)
                if not (q.photo_sha256 or q.listing_text):
                    raise ValidationFailed({"object_id": _("the record has no photo: give a listing text")})
            else:
                q.answer = NOT_REGISTERED
                q.listing_text = data.listing_text
                q.photo_sha256 = self._stored_photo(photo) if photo else None
                if not (q.photo_sha256 or q.listing_text):
                    raise ValidationFailed({"listing_text": _("show a listing text or a photo")})
            course.questions.append(q)
            s.flush()
            AuditLog(s).record(
                actor,
                "course.question",
                "course",
                str(course.id),
                None,
                {"kind": q.kind, "object_id": q.object_id},
            )
            s.expunge(q)
        return q

    def draw_identification(
        self, actor: Actor, course_id: int, data: DrawIn, seed: int | None = None
    ) -> list[AssessmentQuestion]:
        """Identification exercises drawn at random from the register records with photos that the
        course's audience may read (and not already used in the course)."""
        with self.sessions.begin() as s:
            course = self._editable(s, actor, course_id)
            used = {q.object_id for q in course.questions if q.object_id}
            query = restrict(
                select(CulturalObject.external_id)
                .where(CulturalObject.classification != "inventory")
                .where(CulturalObject.id.in_(select(ObjectImage.object_id))),
                audience_actor(course),
                CulturalObject,
            ).order_by(CulturalObject.id)
            candidates = [x for x in s.scalars(query.limit(5000)) if x not in used]
            if not candidates:
                raise Conflict(_("no register record with a photo that the course's audience may read"))
            chosen = random.Random(seed).sample(candidates, min(data.count, len(candidates)))
            added = []
            for external_id in chosen:
                record = readable_record(s, audience_actor(course), external_id)
                q = AssessmentQuestion(
                    position=len(course.questions) + 1,
                    kind="identification",
                    prompt=data.prompt,
                    answer=external_id,
                    object_id=external_id,
                    photo_sha256=_first_photo(record) if record else None,
                    points=1,
                )
                course.questions.append(q)
                added.append(q)
            s.flush()
            AuditLog(s).record(actor, "course.draw", "course", str(course.id), None, {"objects": chosen})
            for q in added:
                s.expunge(q)
        return added

    def _stored_photo(self, photo: Attachment) -> str:
        if len(photo.data) > self.max_bytes:
            raise TooLarge({"file": over_limit(photo.filename, self.max_bytes)})
        try:
            return self.images.put(photo.data).sha256
        except ImageRejected as exc:
            raise ValidationFailed({"file": str(exc)}) from None

    # -- learning ----------------------------------------------------------------------------------

    @staticmethod
    def _progress(s: Session, actor: Actor, course_id: int) -> CourseProgress | None:
        return s.scalar(
            select(CourseProgress).where(
                CourseProgress.course_id == course_id, CourseProgress.user_id == actor.user_id
            )
        )

    def _progress_for_update(self, s: Session, actor: Actor, course_id: int) -> CourseProgress:
        if actor.user_id is None:
            raise Forbidden(_("sign in to follow a course"))
        progress = self._progress(s, actor, course_id)
        if progress is None:
            progress = CourseProgress(
                course_id=course_id,
                user_id=actor.user_id,
                organisation_id=actor.organisation_id,
                learner=actor.name[:200],
                started_at=utcnow(),
                modules_done="[]",
                attempts=0,
            )
            s.add(progress)
            s.flush()
        return progress

    def complete_module(self, actor: Actor, course_id: int, module_id: int) -> CourseProgress:
        with self.sessions.begin() as s:
            course = self._course(s, actor, course_id)
            if module_id not in {m.id for m in course.modules}:
                raise NotFound(_("no module %(module)s in course %(id)s", module=module_id, id=course_id))
            progress = self._progress_for_update(s, actor, course_id)
            done = modules_done(progress) | {module_id}
            progress.modules_done = json.dumps(sorted(done))
            self._maybe_complete(course, progress)
            AuditLog(s).record(
                actor, "course.module_done", "course", str(course_id), None, {"module": module_id}
            )
            s.flush()
            s.expunge(progress)
        return progress

    def submit(self, actor: Actor, course_id: int, data: AnswersIn) -> AssessmentAttempt:
        """Score the answers against the truth; the course is completed when every module is done and
        the best score reaches the pass mark."""
        with self.sessions.begin() as s:
            course = self._course(s, actor, course_id)
            questions = usable_questions(s, course)
            if not questions:
                raise Conflict(_("this course has no assessment"))
            progress = self._progress_for_update(s, actor, course_id)
            results, got, total = [], 0, 0
            for q in questions:
                given = data.answers.get(str(q.id), "").strip()
                correct = _is_correct(q, given)
                total += q.points
                got += q.points if correct else 0
                results.append({"question_id": q.id, "given": given, "correct": correct, "points": q.points})
            score = round(100 * got / total)
            passed = score >= course.pass_mark
            attempt = AssessmentAttempt(
                course_id=course_id,
                user_id=actor.user_id,
                at=utcnow(),
                score=score,
                passed=passed,
                results=json.dumps(results),
            )
            s.add(attempt)
            progress.attempts += 1
            progress.best_score = max(progress.best_score or 0, score)
            self._maybe_complete(course, progress)
            s.flush()
            AuditLog(s).record(
                actor, "course.attempt", "course", str(course_id), None, {"score": score, "passed": passed}
            )
            s.expunge(attempt)
        return attempt

    @staticmethod
    def _maybe_complete(course: Course, progress: CourseProgress) -> None:
        if progress.completed_at is not None:
            return
        all_done = {m.id for m in course.modules} <= modules_done(progress)
        if all_done and (progress.best_score or 0) >= course.pass_mark:
            progress.completed_at = utcnow()

    # -- certificates ------------------------------------------------------------------------------

    def certificate(self, actor: Actor, course_id: int) -> CompletionCertificate:
        """The learner's completion certificate, issued and signed on first request."""
        key = self._key()
        with self.sessions.begin() as s:
            course = self._course(s, actor, course_id)
            progress = self._progress(s, actor, course_id) if actor.user_id else None
            if progress is None or progress.completed_at is None:
                raise Conflict(
                    _("the course is not completed yet: finish every module and pass the assessment")
                )
            existing = s.scalar(
                select(CompletionCertificate).where(
                    CompletionCertificate.course_id == course_id,
                    CompletionCertificate.user_id == actor.user_id,
                )
            )
            if existing is not None:
                s.expunge(existing)
                return existing
            org = s.get(Organisation, actor.organisation_id) if actor.organisation_id else None
            offered = s.get(Organisation, course.organisation_id) if course.organisation_id else None
            certificate_id = "TRC-" + secrets.token_hex(8)
            body = {
                "certificate_type": "training_completion",
                "certificate_id": certificate_id,
                "issued_at": utcnow().isoformat(timespec="seconds") + "Z",
                "course": {
                    "id": course.id,
                    "title": course.title,
                    "language": course.language,
                    "offered_by": offered.name if offered else None,
                    "modules": len(course.modules),
                    "pass_mark": course.pass_mark,
                },
                "learner": {"name": actor.name, "organisation": org.name if org else None},
                "completed_at": progress.completed_at.replace(tzinfo=UTC).isoformat(timespec="seconds"),
                "score": progress.best_score,
            }
            row = CompletionCertificate(
                id=certificate_id,
                course_id=course_id,
                user_id=actor.user_id,
                organisation_id=actor.organisation_id,
                classification="restricted",
                issued_at=utcnow(),
                key_id=key.key_id,
                document_json=json.dumps(key.sign_certificate(body), ensure_ascii=False, indent=1),
                pdf=key.sign_pdf(render_certificate(body, key.key_id), body),
            )
            s.add(row)
            AuditLog(s).record(
                actor, "issue", "completion_certificate", certificate_id, None, {"course": course_id}
            )
            s.flush()
            s.expunge(row)
        return row

    def get_certificate(self, actor: Actor, certificate_id: str) -> CompletionCertificate:
        query = restrict(
            select(CompletionCertificate).where(CompletionCertificate.id == certificate_id),
            actor,
            CompletionCertificate,
        )
        with self.sessions() as s:
            row = s.scalar(query)
        if row is None or not (
            row.user_id == actor.user_id
            or can_write(actor, row.organisation_id)
            or actor.has_role("platform_admin")
        ):
            raise NotFound(_("no completion certificate %(id)s that you may read", id=certificate_id))
        return row

    # -- events ------------------------------------------------------------------------------------

    def events(self, actor: Actor) -> list[TrainingEvent]:
        query = restrict(select(TrainingEvent), actor, TrainingEvent).order_by(TrainingEvent.starts_at.desc())
        with self.sessions() as s:
            return list(s.scalars(query.limit(500)))

    def event(self, actor: Actor, event_id: int) -> TrainingEvent:
        with self.sessions() as s:
            return self._event(s, actor, event_id)

    @staticmethod
    def _event(s: Session, actor: Actor, event_id: int, lock: bool = False) -> TrainingEvent:
        """The event the actor may read; ``lock``: a write that checks its seats or registrations
        holds the event's row until it commits (PostgreSQL; on SQLite the writer already holds the
        database's write lock), so that two approvals cannot both take the last seat."""
        query = restrict(select(TrainingEvent).where(TrainingEvent.id == event_id), actor, TrainingEvent)
        if lock:
            query = query.with_for_update(of=TrainingEvent)
        event = s.scalar(query)
        if event is None:
            raise NotFound(_("no training event %(id)s that you may read", id=event_id))
        return event

    def create_event(self, actor: Actor, data: EventIn) -> TrainingEvent:
        if not may_publish(actor):
            raise Forbidden(_("events are organised by registrars and administrators of vetted partners"))
        with self.sessions.begin() as s:
            if data.course_id is not None:
                self._course(s, actor, data.course_id)
            event = TrainingEvent(
                organisation_id=actor.organisation_id,
                created_by=actor.name[:200],
                created_at=utcnow(),
                kind=data.kind,
                title=data.title,
                description=data.description,
                starts_at=_naive_utc(data.starts_at),
                ends_at=_naive_utc(data.ends_at),
                place=data.place,
                online_link=data.online_link,
                trainers=", ".join(data.trainers),
                seats=data.seats,
                country=data.country,
                classification=data.classification,
                course_id=data.course_id,
                cancelled=False,
            )
            s.add(event)
            s.flush()
            AuditLog(s).record(
                actor, "event.create", "training_event", str(event.id), None, {"title": data.title}
            )
            event_id = event.id
        return self.event(actor, event_id)

    def cancel_event(self, actor: Actor, event_id: int) -> TrainingEvent:
        """The organiser cancels an event: registration closes, its .ics becomes a cancellation, and
        each organisation that registered someone still expected is told. An event whose attendance
        is recorded took place (its attendees count as trained): it is not cancelled."""
        with self.sessions.begin() as s:
            event = self._event(s, actor, event_id, lock=True)
            if not can_write(actor, event.organisation_id):
                raise Forbidden(_("only the organising organisation cancels an event"))
            if event.cancelled:
                raise Conflict(_("the event is already cancelled"))
            if any(r.attended for r in event.registrations):
                raise Conflict(_("the event took place (attendance is recorded): it cannot be cancelled"))
            event.cancelled = True
            AuditLog(s).record(
                actor,
                "event.cancel",
                "training_event",
                str(event_id),
                {"cancelled": False},
                {"cancelled": True},
            )
            expected = [r for r in event.registrations if r.status in ("requested", "approved")]
            told = [
                Notice(
                    organisation_id=organisation_id,
                    kind=NOTICE,
                    subject=f"Event cancelled: {event.title}"[:300],
                    body=f"{event.title} ({event.starts_at:%Y-%m-%d %H:%M} UTC) is cancelled. Registered: "
                    + ", ".join(r.name for r in expected if r.organisation_id == organisation_id)
                    + f". The calendar file at /training/events/{event.id} now removes it.",
                    link=f"/training/events/{event.id}",
                    key=f"training-cancel:{event.id}:{organisation_id}",
                )
                for organisation_id in sorted({r.organisation_id for r in expected if r.organisation_id})
            ]
        for notice in told:
            self._tell(notice)
        return self.event(actor, event_id)

    def register(
        self, actor: Actor, event_id: int, data: RegistrationIn, user_id: int | None = None
    ) -> EventRegistration:
        """A partner organisation registers one of its people; the organiser then approves."""
        if actor.organisation_id is None or not actor.vetted:
            raise Forbidden(_("participants are registered by members of vetted partner organisations"))
        with self.sessions.begin() as s:
            event = self._event(s, actor, event_id, lock=True)
            if event.cancelled or event.starts_at <= utcnow():
                raise Conflict(_("registration is closed: the event has started or was cancelled"))
            email = data.email.lower()
            if data.username and user_id is None:
                user_id = _member(s, actor, data.username)
            if any(r.email == email for r in event.registrations):
                raise Conflict(_("%(email)s is already registered", email=email))
            reg = EventRegistration(
                organisation_id=actor.organisation_id,
                user_id=user_id,
                name=data.name,
                email=email,
                registered_at=utcnow(),
                registered_by=actor.name[:200],
                status="requested",
            )
            event.registrations.append(reg)
            s.flush()
            told = Notice(
                organisation_id=event.organisation_id or 0,
                kind=NOTICE,
                subject=Message(
                    N_("Registration for %(event)s: %(name)s"), {"event": event.title, "name": data.name}
                ),
                body=Message(
                    N_(
                        "%(who)s registered %(name)s <%(email)s> for %(event)s (%(when)s UTC). Approve or "
                        "decline at %(page)s."
                    ),
                    {
                        "who": actor.name,
                        "name": data.name,
                        "email": email,
                        "event": event.title,
                        "when": f"{event.starts_at:%Y-%m-%d %H:%M}",
                        "page": f"/training/events/{event.id}",
                    },
                ),
                link=f"/training/events/{event.id}",
                key=f"training-registration:{reg.id}",
            )
            AuditLog(s).record(
                actor,
                "event.register",
                "training_event",
                str(event_id),
                None,
                {"registration": reg.id, "email": email},
            )
            s.expunge(reg)
        self._tell(told)
        return reg

    def _tell(self, notice: Notice) -> None:
        if self.notify is not None and notice.organisation_id:
            self.notify(
                [notice.organisation_id],
                notice.kind,
                notice.subject,
                notice.body,
                link=notice.link,
                event_key=notice.key,
            )

    def register_self(self, actor: Actor, event_id: int) -> EventRegistration:
        """The signed-in person registers themselves (their organisation is the registering partner)."""
        from heritrace.accounts.models import User

        with self.sessions() as s:
            user = s.get(User, actor.user_id) if actor.user_id else None
        if user is None:
            raise Forbidden(_("sign in to register"))
        email = (getattr(user, "email", None) or f"{user.username}@users.invalid").lower()
        return self.register(actor, event_id, RegistrationIn(name=actor.name, email=email), actor.user_id)

    def _organiser_registration(self, s: Session, actor: Actor, event_id: int, registration_id: int):  # noqa: ANN205
        event = self._event(s, actor, event_id, lock=True)
        if not can_write(actor, event.organisation_id):
            raise Forbidden(_("only the organising organisation decides on registrations and attendance"))
        reg = next((r for r in event.registrations if r.id == registration_id), None)
        if reg is None:
            raise NotFound(
                _(
                    "no registration %(registration)s for event %(id)s",
                    registration=registration_id,
                    id=event_id,
                )
            )
        return event, reg

    def decide(
        self, actor: Actor, event_id: int, registration_id: int, data: DecisionIn
    ) -> EventRegistration:
        with self.sessions.begin() as s:
            event, reg = self._organiser_registration(s, actor, event_id, registration_id)
            if event.cancelled:
                raise Conflict(_("the event is cancelled: its registrations are closed"))
            if data.approve and reg.status != "approved":
                taken = sum(1 for r in event.registrations if r.status == "approved")
                if taken >= event.seats:
                    raise Conflict(
                        ngettext("the only seat is taken", "all %(num)d seats are taken", event.seats)
                    )
            before = reg.status
            reg.status = "approved" if data.approve else "declined"
            reg.decided_at = utcnow()
            told = Notice(
                organisation_id=reg.organisation_id or 0,
                kind=NOTICE,
                subject=Message(
                    N_("Registration %(status)s: %(name)s, %(event)s"),
                    {"status": Message(DECISIONS[reg.status]), "name": reg.name, "event": event.title},
                ),
                body=Message(
                    N_(
                        "%(name)s's registration for %(event)s (%(when)s UTC) was %(status)s. Details "
                        "and the calendar invitation: %(page)s."
                    ),
                    {
                        "name": reg.name,
                        "event": event.title,
                        "when": f"{event.starts_at:%Y-%m-%d %H:%M}",
                        "status": Message(DECISIONS[reg.status]),
                        "page": f"/training/events/{event.id}",
                    },
                ),
                link=f"/training/events/{event.id}",
                key=f"training-decision:{reg.id}:{reg.status}:{reg.decided_at:%Y%m%d%H%M%S%f}",
            )
            AuditLog(s).record(
                actor,
                "event.decide",
                "training_event",
                str(event_id),
                {"status": before},
                {"registration": reg.id, "status": reg.status},
            )
            s.flush()
            s.expunge(reg)
        self._tell(told)
        return reg

    def attendance(
        self, actor: Actor, event_id: int, registration_id: int, data: AttendanceIn
    ) -> EventRegistration:
        with self.sessions.begin() as s:
            event, reg = self._organiser_registration(s, actor, event_id, registration_id)
            if event.cancelled:
                raise Conflict(_("the event is cancelled: it has no attendance"))
            if reg.status != "approved":
                raise Conflict(_("attendance is recorded for approved participants only"))
            if event.starts_at > utcnow():
                raise Conflict(_("attendance is recorded once the event has started"))
            reg.attended = data.attended
            AuditLog(s).record(
                actor,
                "event.attendance",
                "training_event",
                str(event_id),
                None,
                {"registration": reg.id, "attended": data.attended},
            )
            s.flush()
            s.expunge(reg)
        return reg

    def evaluate(self, actor: Actor, event_id: int, data: EvaluationIn) -> EventRegistration:
        """An attendee's evaluation form (once)."""
        with self.sessions.begin() as s:
            event = self._event(s, actor, event_id, lock=True)
            reg = next((r for r in event.registrations if actor.user_id and r.user_id == actor.user_id), None)
            if reg is None or not reg.attended:
                raise Forbidden(_("the evaluation is filled in by people who attended"))
            if reg.evaluated_at is not None:
                raise Conflict(_("you have already evaluated this event"))
            reg.rating, reg.usefulness = data.rating, data.usefulness
            reg.comments = data.comments.strip() or None
            reg.evaluated_at = utcnow()
            AuditLog(s).record(
                actor, "event.evaluate", "training_event", str(event_id), None, {"registration": reg.id}
            )
            s.flush()
            s.expunge(reg)
        return reg

    def organisation_names(self, ids: set[int | None]) -> dict[int, str]:
        from heritrace.partners.service import organisation_names

        with self.sessions() as s:
            return organisation_names(s, ids)

    def seats_taken(self, event: TrainingEvent) -> int:
        return sum(1 for r in event.registrations if r.status == "approved")

    def evaluation_summary(self, event: TrainingEvent) -> dict:
        rated = [r for r in event.registrations if r.evaluated_at is not None]
        if not rated:
            return {"count": 0}
        return {
            "count": len(rated),
            "rating": round(sum(r.rating or 0 for r in rated) / len(rated), 2),
            "usefulness": round(sum(r.usefulness or 0 for r in rated) / len(rated), 2),
        }

    def count_courses(self) -> int:
        with self.sessions() as s:
            return s.scalar(select(func.count()).select_from(Course)) or 0


def _member(s: Session, actor: Actor, username: str) -> int:
    from heritrace.accounts.models import User

    user = s.scalar(select(User).where(User.username == username))
    if user is None or user.organisation_id != actor.organisation_id:
        raise ValidationFailed({"username": _("no user %(user)s in your organisation", user=username)})
    return user.id


def _first_photo(record: CulturalObject | None) -> str | None:
    return record.images[0].sha256 if record is not None and record.images else None


def _is_correct(q: AssessmentQuestion, given: str) -> bool:
    if q.kind == "choice":
        return given == q.answer
    return given.casefold() == q.answer.casefold()


def _question_out(q: AssessmentQuestion) -> dict:
    """A question as shown to the learner: never its answer, nor the record it shows."""
    return {
        "id": q.id,
        "kind": q.kind,
        "prompt": q.prompt,
        "choices": json.loads(q.choices) if q.kind == "choice" else [],
        "listing_text": q.listing_text,
        "has_photo": bool(q.photo_sha256),
        "points": q.points,
    }


def _naive_utc(value):  # noqa: ANN001, ANN202
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value

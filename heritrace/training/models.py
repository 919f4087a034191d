"""Tables of training: courses and their modules, assessment questions (multiple choice and practical
identification exercises drawn from the register), each learner's progress and attempts, completion
certificates, and training events with registrations, attendance and evaluations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heritrace.core.i18n import N_
from heritrace.db.base import Base, utcnow

NOT_REGISTERED = (
    "not_registered"  # the answer of an identification exercise whose object is not in the register
)
QUESTION_KINDS = ("choice", "identification")
EVENT_KINDS = {"workshop": N_("workshop"), "webinar": N_("webinar"), "course": N_("classroom course")}
REGISTRATION_STATES = {"requested": N_("requested"), "approved": N_("approved"), "declined": N_("declined")}


class Course(Base):
    """A self-paced course. Read under ``access.policy.restrict`` (``classification``, ``organisation_id``
    of the organisation that offers it). ``audiences`` (comma-separated, ``library.models.AUDIENCES``)
    decides which register records its identification exercises may use."""

    __tablename__ = "course"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    created_by: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    audiences: Mapped[str] = mapped_column(String(200), default="")
    classification: Mapped[str] = mapped_column(String(20), default="partners")
    pass_mark: Mapped[int] = mapped_column(Integer, default=70)  # per cent of the assessment's points

    modules: Mapped[list[CourseModule]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CourseModule.position"
    )
    questions: Mapped[list[AssessmentQuestion]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="AssessmentQuestion.position"
    )


class CourseModule(Base):
    """A part of a course: text, a link and / or a file (document store)."""

    __tablename__ = "course_module"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(500), nullable=True)
    filename: Mapped[str | None] = mapped_column(String(300), nullable=True)
    media_type: Mapped[str | None] = mapped_column(String(120), nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AssessmentQuestion(Base):
    """A question of a course's assessment, scored automatically.

    ``choice``: ``choices`` (JSON list of strings), ``answer`` the index of the right one.
    ``identification``: the learner is shown ``photo_sha256`` (a photo of the register record, or an
    uploaded one) and / or ``listing_text`` (e.g. a sale listing) and names the register record (its
    id) or answers ``not_registered``; ``answer`` is the truth: ``object_id`` or ``not_registered``."""

    __tablename__ = "assessment_question"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    choices: Mapped[str] = mapped_column(Text, default="[]")
    answer: Mapped[str] = mapped_column(String(120))
    object_id: Mapped[str | None] = mapped_column(String(120), nullable=True)  # the register record shown
    photo_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    listing_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    points: Mapped[int] = mapped_column(Integer, default=1)


class CourseProgress(Base):
    """A learner's progress through a course: modules done, best score, completion."""

    __tablename__ = "course_progress"
    __table_args__ = (UniqueConstraint("course_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    learner: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    modules_done: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of module ids
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    best_score: Mapped[int | None] = mapped_column(Integer, nullable=True)  # per cent
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, index=True)


class AssessmentAttempt(Base):
    """One submitted assessment: the answers as given and how each was scored."""

    __tablename__ = "assessment_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    score: Mapped[int] = mapped_column(Integer)  # per cent
    passed: Mapped[bool] = mapped_column(Boolean)
    results: Mapped[str] = mapped_column(Text)  # JSON: [{question_id, given, correct}]


class CompletionCertificate(Base):
    """A signed completion certificate (JSON and PDF, the platform key), ``restricted`` to the learner's
    organisation; anyone holding the file verifies it on the public verification page."""

    __tablename__ = "completion_certificate"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    classification: Mapped[str] = mapped_column(String(20), default="restricted")
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    key_id: Mapped[str] = mapped_column(String(64))
    document_json: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)


class TrainingEvent(Base):
    """A workshop, webinar or classroom course, offered by ``organisation_id``; read under ``restrict``."""

    __tablename__ = "training_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    created_by: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str | None] = mapped_column(String(300), nullable=True)
    online_link: Mapped[str | None] = mapped_column(String(500), nullable=True)
    trainers: Mapped[str] = mapped_column(String(500), default="")
    seats: Mapped[int] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    classification: Mapped[str] = mapped_column(String(20), default="partners")
    course_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)

    registrations: Mapped[list[EventRegistration]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="EventRegistration.id"
    )


class EventRegistration(Base):
    """A participant registered by a partner organisation; the organiser approves or declines, then
    records attendance; an attendee may send one evaluation."""

    __tablename__ = "event_registration"
    __table_args__ = (UniqueConstraint("event_id", "email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("training_event.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    registered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    registered_by: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), default="requested")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    attended: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)  # evaluation: 1-5
    usefulness: Mapped[int | None] = mapped_column(Integer, nullable=True)  # evaluation: 1-5
    comments: Mapped[str | None] = mapped_column(Text, nullable=True)
    evaluated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

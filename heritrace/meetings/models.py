"""Tables of regular meetings: a series, its meetings, their agenda items, documents, participants,
decisions and action items (owner organisation, due date, status, notes)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heritrace.core.i18n import N_
from heritrace.db.base import Base, utcnow

# an action is open until it is done or dropped; "in_progress" is open too
ACTION_STATES = {
    "open": N_("open"),
    "in_progress": N_("in progress"),
    "done": N_("done"),
    "dropped": N_("dropped"),
}
OPEN_ACTION_STATES = ("open", "in_progress")
# an open action of a cancelled meeting is cancelled with it: no longer open work (not tracked as
# open, counted or reminded) until its owner or the convener sets it open again; set only by the
# cancellation, so not among the states an update gives
CANCELLED_ACTION = "cancelled"
ACTION_LABELS = {**ACTION_STATES, CANCELLED_ACTION: N_("cancelled with its meeting")}
# labels marked for translation: the pages show them with ``_(label)``
MEETING_STATES = {
    "planned": N_("planned"),
    "held": N_("held (minutes recorded)"),
    "cancelled": N_("cancelled"),
}
PARTICIPANT_ROLES = {
    "chair": N_("chair"),
    "secretary": N_("secretary"),
    "member": N_("member"),
    "observer": N_("observer"),
}


class MeetingSeries(Base):
    """A series of meetings (the annual meeting of partners, an operation's debriefs), convened by
    one organisation; read like a register record (``classification``, ``restrict``)."""

    __tablename__ = "meeting_series"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    classification: Mapped[str] = mapped_column(String(20), default="partners", index=True)
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class MeetingParticipant(Base):
    """A participating organisation and / or person; a ``restricted`` meeting is shared with the
    participating organisations (``access.policy.restrict``)."""

    __tablename__ = "meeting_participant"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    person: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20), default="member")


class Meeting(Base):
    __tablename__ = "meeting"
    share_model = MeetingParticipant
    share_key = "meeting_id"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_series.id", ondelete="SET NULL"), nullable=True, index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)  # UTC
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    classification: Mapped[str] = mapped_column(String(20), default="partners", index=True)
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(12), default="planned", index=True)
    minutes: Mapped[str] = mapped_column(Text, default="")
    minutes_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    minutes_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # iCalendar SEQUENCE: bumped on changes

    participants: Mapped[list[MeetingParticipant]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="MeetingParticipant.id"
    )
    agenda: Mapped[list[AgendaItem]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="AgendaItem.position"
    )
    documents: Mapped[list[MeetingDocument]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="MeetingDocument.id"
    )
    decisions: Mapped[list[Decision]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Decision.id"
    )
    actions: Mapped[list[ActionItem]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ActionItem.id"
    )


class AgendaItem(Base):
    __tablename__ = "meeting_agenda_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    notes: Mapped[str] = mapped_column(Text, default="")
    # an open action of an earlier meeting of the series, carried to the top of this agenda (a plain
    # number: agenda items, decisions and actions would otherwise refer to each other in a cycle)
    action_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class MeetingDocument(Base):
    __tablename__ = "meeting_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    uploaded_by: Mapped[str] = mapped_column(String(200))


class Decision(Base):
    __tablename__ = "meeting_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_agenda_item.id", ondelete="SET NULL"), nullable=True
    )
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class ActionItem(Base):
    """An action decided at a meeting: who owns it, by when, how far it got."""

    __tablename__ = "meeting_action"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_decision.id", ondelete="SET NULL"), nullable=True
    )
    title: Mapped[str] = mapped_column(String(500))
    owner_organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

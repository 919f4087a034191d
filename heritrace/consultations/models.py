"""Tables of expert consultations: declared fields of expertise, the consultation, its invited expert
organisations (with their response times), the thread and its attachments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heritrace.db.base import Base, utcnow

# the controlled list experts declare and requesters choose from
EXPERTISE_FIELDS = {
    "archaeology": "archaeology (excavated objects, antiquities)",
    "numismatics": "numismatics (coins, medals)",
    "ethnography": "ethnography",
    "paintings": "paintings and drawings",
    "sculpture": "sculpture",
    "manuscripts_books": "manuscripts and books",
    "religious_art": "religious art (icons, liturgical objects)",
    "arms_armour": "arms and armour",
    "fossils_palaeontology": "fossils and palaeontology",
    "decorative_arts": "decorative arts (furniture, ceramics, glass)",
    "textiles": "textiles and costume",
    "archives_documents": "archives and documents",
}
OUTCOMES = {
    "authentic_protected_detain": "authentic, protected category: detain",
    "likely_authentic": "likely authentic: further checks advised",
    "not_protected_release": "not a protected cultural object: release",
    "fake": "fake or replica",
    "inconclusive": "inconclusive",
}
DEFAULT_TARGET_HOURS = 48


class OrganisationExpertise(Base):
    """A field of expertise an organisation declares (its administrators set them)."""

    __tablename__ = "organisation_expertise"
    __table_args__ = (UniqueConstraint("organisation_id", "field"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(40), index=True)


class ConsultationExpert(Base):
    """An invited expert organisation: why it was invited and how fast it first answered."""

    __tablename__ = "consultation_expert"
    __table_args__ = (UniqueConstraint("consultation_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(Integer, index=True)
    invited_for: Mapped[str] = mapped_column(String(300))  # "named", or the matching fields
    first_response_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    response_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    met_target: Mapped[bool | None] = mapped_column(Boolean, nullable=True)


class Consultation(Base):
    """A question from law enforcement to expert organisations about one object.

    Always ``restricted``: the requesting organisation, the invited expert organisations (the shares,
    ``ConsultationExpert``) and platform administrators read it, through ``access.policy.restrict``."""

    __tablename__ = "consultation"
    share_model = ConsultationExpert
    share_key = "consultation_id"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    requested_by: Mapped[str] = mapped_column(String(200))
    classification: Mapped[str] = mapped_column(String(20), default="restricted")
    question: Mapped[str] = mapped_column(Text)
    object_description: Mapped[str] = mapped_column(Text, default="")
    fields: Mapped[str] = mapped_column(String(500), default="")  # comma-separated expertise fields
    target_hours: Mapped[int] = mapped_column(Integer, default=DEFAULT_TARGET_HOURS)
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    outcome_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    outcome_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    closed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # the register record and / or return case the outcome is linked to
    object_id: Mapped[str | None] = mapped_column(String(120), nullable=True, index=True)
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)

    experts: Mapped[list[ConsultationExpert]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ConsultationExpert.id"
    )
    messages: Mapped[list[ConsultationMessage]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ConsultationMessage.id"
    )
    attachments: Mapped[list[ConsultationAttachment]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ConsultationAttachment.id"
    )


class ConsultationMessage(Base):
    __tablename__ = "consultation_message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    author: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)


class ConsultationAttachment(Base):
    """A photo of the object (image store: upright display copy) or a file of a message (document
    store), both content-addressed by SHA-256; ``message_id`` empty: a photo of the opening."""

    __tablename__ = "consultation_attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_message.id", ondelete="CASCADE"), nullable=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # photo | file
    filename: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    uploaded_by: Mapped[str] = mapped_column(String(200))

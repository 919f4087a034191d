"""Tables of a return or restitution case file: the case, its objects, parties, documents, timeline,
messages among the parties and compensation claims with their due-diligence evidence."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heritrace.db.base import Base, utcnow


class ReturnCase(Base):
    """One claim for the return or restitution of one or more register objects."""

    __tablename__ = "return_case"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(Text, default="")
    classification: Mapped[str] = mapped_column(String(20), default="restricted", index=True)
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    state: Mapped[str] = mapped_column(String(40), default="opened", index=True)
    legal_basis: Mapped[str] = mapped_column(String(40))
    # the facts the deadline engine reads (heritrace.legal FACTS format); all optional until known
    requesting_state: Mapped[str | None] = mapped_column(String(2))
    holding_state: Mapped[str | None] = mapped_column(String(2))
    claim: Mapped[str | None] = mapped_column(String(30))
    object_categories: Mapped[str] = mapped_column(String(300), default="")  # comma separated
    event_date: Mapped[date | None] = mapped_column(Date)
    knowledge_date: Mapped[date | None] = mapped_column(Date)
    notification_date: Mapped[date | None] = mapped_column(Date)
    proceedings_date: Mapped[date | None] = mapped_column(Date)
    unverified_facts: Mapped[str] = mapped_column(String(300), default="")  # comma separated fact names
    returned_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    objects: Mapped[list[CaseObject]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CaseObject.id"
    )
    parties: Mapped[list[CaseParty]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CaseParty.id"
    )
    documents: Mapped[list[CaseDocument]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CaseDocument.id"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CaseEvent.id"
    )
    messages: Mapped[list[CaseMessage]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CaseMessage.id"
    )
    claims: Mapped[list[CompensationClaim]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CompensationClaim.id"
    )
    shares: Mapped[list[CaseShare]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CaseShare.organisation_id"
    )


class CaseShare(Base):
    """An organisation the case's organisation named as a participant: it reads a ``restricted`` case
    and takes part in its messages. It may be an organisation of a peer node (``docs/federation.md``)."""

    __tablename__ = "case_share"
    case_id: Mapped[int] = mapped_column(ForeignKey("return_case.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)


class CaseObject(Base):
    __tablename__ = "case_object"
    __table_args__ = (UniqueConstraint("case_id", "object_id", name="uq_case_object_case_id_object_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("return_case.id", ondelete="CASCADE"), index=True)
    object_id: Mapped[int] = mapped_column(ForeignKey("cultural_object.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str] = mapped_column(String(120))


class CaseParty(Base):
    __tablename__ = "case_party"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("return_case.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(500))
    country: Mapped[str | None] = mapped_column(String(2))
    reference: Mapped[str | None] = mapped_column(String(300))


class CaseDocument(Base):
    """An uploaded document, stored content-addressed under data_dir/documents by its SHA-256."""

    __tablename__ = "case_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("return_case.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    filename: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    classification: Mapped[str] = mapped_column(String(20), default="restricted")
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    uploaded_by: Mapped[str] = mapped_column(String(200))


class CaseEvent(Base):
    """One line of the case timeline: opening, edits, transitions, documents, reminders."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("return_case.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    # an event about a classified message or document is shown only to those who may read that
    # message or document; None: every reader of the case
    classification: Mapped[str | None] = mapped_column(String(20))


class CaseMessage(Base):
    """A message among the parties: immutable once posted, with its own classification."""

    __tablename__ = "case_message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("return_case.id", ondelete="CASCADE"), index=True)
    posted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    author: Mapped[str] = mapped_column(String(200))
    author_user_id: Mapped[int | None] = mapped_column(Integer)
    author_organisation_id: Mapped[int | None] = mapped_column(Integer)
    author_organisation: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    classification: Mapped[str] = mapped_column(String(20))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("case_document.id", ondelete="SET NULL"))


class CompensationClaim(Base):
    """A possessor's claim to compensation and the evidence of its due diligence, factor by factor
    (``heritrace.cases.compensation.FACTORS``)."""

    __tablename__ = "compensation_claim"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("return_case.id", ondelete="CASCADE"), index=True)
    claimant: Mapped[str] = mapped_column(String(500))  # the name of one of the case's parties
    basis: Mapped[str] = mapped_column(String(40))
    amount: Mapped[str | None] = mapped_column(String(30))  # a decimal, kept exact as text
    currency: Mapped[str | None] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20), default="claimed")
    note: Mapped[str] = mapped_column(Text, default="")
    circumstances: Mapped[str] = mapped_column(Text, default="")
    character_of_parties: Mapped[str] = mapped_column(Text, default="")
    price_paid: Mapped[str] = mapped_column(Text, default="")
    register_consulted: Mapped[str] = mapped_column(Text, default="")
    register_checks: Mapped[str] = mapped_column(String(500), default="")  # cited check/certificate ids
    other_information: Mapped[str] = mapped_column(Text, default="")
    agencies_consulted: Mapped[str] = mapped_column(Text, default="")
    other_steps: Mapped[str] = mapped_column(Text, default="")
    provenance_documentation: Mapped[str] = mapped_column(Text, default="")
    removal_authorisations: Mapped[str] = mapped_column(Text, default="")
    export_certificate: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))


# the access policy finds the participants of a restricted case through these attributes
ReturnCase.share_model = CaseShare
ReturnCase.share_key = "case_id"

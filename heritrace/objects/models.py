"""Typed tables of the register: the Object ID record, its incidents, status history, identifiers, photos."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heritrace.db.base import Base, utcnow

STATUSES = (
    "stolen",
    "missing",
    "looted",
    "illicitly_exported",
    "seized",
    "recovered",
    "returned",
    "withdrawn",
    "held",  # an inventory record: held by its owner, not reported lost
)
INCIDENT_TYPES = (
    "theft",
    "looting",
    "illegal_excavation",
    "armed_conflict_loss",
    "illicit_export",
    "disappearance",
    "other",  # imported as written when it could not be read (``Incident.type_text``)
)
# An inventory record is read by its own organisation only (``access.policy.restrict``): museums,
# churches and collectors document their objects before anything happens to them.
INVENTORY = "inventory"
CLASSIFICATIONS = ("public", "partners", "law_enforcement", "restricted", INVENTORY)
REGISTER_CLASSIFICATIONS = CLASSIFICATIONS[:-1]
# shown only to those with need-to-know rights (see objects.service); imports do not carry them
NEED_TO_KNOW_COLUMNS = ("owner_name", "suspects", "investigation_notes", "current_location")


class CulturalObject(Base):
    """One register record, described with every Object ID category."""

    __tablename__ = "cultural_object"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(120), unique=True)
    classification: Mapped[str] = mapped_column(String(20), default="public")
    # set while a public record is withdrawn from public view (shown to partners only) because its
    # organisation is no longer vetted; it is public again when the organisation is vetted again
    public_withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(30), default="missing", index=True)

    type_text: Mapped[str | None] = mapped_column(Text)
    type_concept: Mapped[str | None] = mapped_column(String(80), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    maker: Mapped[str | None] = mapped_column(Text)
    maker_key: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    inscriptions_markings: Mapped[str | None] = mapped_column(Text)
    distinguishing_features: Mapped[str | None] = mapped_column(Text)
    materials_techniques: Mapped[str | None] = mapped_column(Text)

    measurements_text: Mapped[str | None] = mapped_column(Text)
    height_cm: Mapped[float | None] = mapped_column(Float)
    width_cm: Mapped[float | None] = mapped_column(Float)
    depth_cm: Mapped[float | None] = mapped_column(Float)
    diameter_cm: Mapped[float | None] = mapped_column(Float)
    length_cm: Mapped[float | None] = mapped_column(Float)
    weight_g: Mapped[float | None] = mapped_column(Float)
    area_cm2: Mapped[float | None] = mapped_column(Float)

    date_text: Mapped[str | None] = mapped_column(Text)
    date_edtf: Mapped[str | None] = mapped_column(String(100))
    date_earliest: Mapped[int | None] = mapped_column(Integer)
    date_latest: Mapped[int | None] = mapped_column(Integer)

    country: Mapped[str | None] = mapped_column(String(2), index=True)
    country_text: Mapped[str | None] = mapped_column(Text)
    place_of_origin: Mapped[str | None] = mapped_column(Text)
    inventory_number: Mapped[str | None] = mapped_column(Text)
    related_written_material: Mapped[str | None] = mapped_column(Text)
    cross_references: Mapped[str | None] = mapped_column(Text)
    date_documented: Mapped[date | None] = mapped_column(Date)

    # need-to-know fields: shown only to law enforcement and the originating organisation
    # (heritrace.access.redaction), never indexed for full-text search
    owner_name: Mapped[str | None] = mapped_column(String(500))
    suspects: Mapped[str | None] = mapped_column(Text)
    investigation_notes: Mapped[str | None] = mapped_column(Text)
    current_location: Mapped[str | None] = mapped_column(String(500))

    # Free text is unbounded: registers put whole descriptions into date and type fields, and an
    # import keeps what it is given (revision 0016).
    # Input that could not be read into a structured value, or was read from a longer text: JSON
    # list of {"field", "message", "text"}, shown as warnings and listed in the review queue.
    flags: Mapped[str | None] = mapped_column(Text)
    # normalised (lower case, no diacritics) text that full-text search indexes on both stores
    search_text: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    materials: Mapped[list[ObjectMaterial]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ObjectMaterial.concept_id"
    )
    incidents: Mapped[list[Incident]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Incident.id"
    )
    identifiers: Mapped[list[Identifier]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Identifier.id"
    )
    images: Mapped[list[ObjectImage]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ObjectImage.position"
    )
    status_history: Mapped[list[StatusChange]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="StatusChange.id"
    )
    shares: Mapped[list[ObjectShare]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ObjectShare.organisation_id"
    )


Index("ix_cultural_object_period", CulturalObject.date_earliest, CulturalObject.date_latest)
# No index leads with classification on purpose: every reader may see public records, so an index on
# it matches most of the register and makes the planner sort it instead of walking the primary key
# newest-first and stopping after one page (measured: 87 ms against under 1 ms at 100,000 records).
# This index leads with the id instead, so that the permission filter is checked from the index while
# walking newest-first, without reading the (wide) record rows.
Index(
    "ix_cultural_object_visibility",
    CulturalObject.id,
    CulturalObject.classification,
    CulturalObject.organisation_id,
)


class ObjectShare(Base):
    """An organisation named by the originator as allowed to read a ``restricted`` record."""

    __tablename__ = "object_share"
    object_id: Mapped[int] = mapped_column(
        ForeignKey("cultural_object.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)


class ObjectMaterial(Base):
    """A material or technique of an object, linked to the controlled vocabulary."""

    __tablename__ = "object_material"
    object_id: Mapped[int] = mapped_column(
        ForeignKey("cultural_object.id", ondelete="CASCADE"), primary_key=True
    )
    concept_id: Mapped[str] = mapped_column(String(80), primary_key=True, index=True)


class Incident(Base):
    """What happened to the object: theft, looting, illegal excavation..."""

    __tablename__ = "incident"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    object_id: Mapped[int] = mapped_column(ForeignKey("cultural_object.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(40))
    type_text: Mapped[str | None] = mapped_column(Text)  # the type as written, when it could not be read
    date_text: Mapped[str | None] = mapped_column(Text)
    date_edtf: Mapped[str | None] = mapped_column(String(100))
    date_earliest: Mapped[int | None] = mapped_column(Integer)
    date_latest: Mapped[int | None] = mapped_column(Integer)
    place: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2))
    circumstances: Mapped[str | None] = mapped_column(Text)
    reporting_organisation: Mapped[str | None] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(Text)


class Identifier(Base):
    """Inventory numbers and ids of the object in other registers (INTERPOL, national databases)."""

    __tablename__ = "identifier"
    __table_args__ = (UniqueConstraint("object_id", "scheme", "value"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    object_id: Mapped[int] = mapped_column(ForeignKey("cultural_object.id", ondelete="CASCADE"), index=True)
    scheme: Mapped[str] = mapped_column(String(60))
    value: Mapped[str] = mapped_column(String(200), index=True)


class StatusChange(Base):
    """One step of the status history: timestamped, with who and why."""

    __tablename__ = "status_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    object_id: Mapped[int] = mapped_column(ForeignKey("cultural_object.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(30))
    previous_status: Mapped[str | None] = mapped_column(String(30))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)


class ObjectImage(Base):
    """A photograph of the object, stored content-addressed under the data directory."""

    __tablename__ = "object_image"
    __table_args__ = (UniqueConstraint("object_id", "sha256"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    object_id: Mapped[int] = mapped_column(ForeignKey("cultural_object.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    mime: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str | None] = mapped_column(String(300))
    caption: Mapped[str | None] = mapped_column(String(500))
    publishable: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# the access policy finds the "shared with" table of a classified record through this attribute
CulturalObject.share_model = ObjectShare
# and keeps inventory records to their holder, platform administrators included
CulturalObject.holds_inventories = True


class ImportJob(Base):
    """An import started from the import page: the uploaded file, its column mapping, the progress
    of the background job and its report. Read through ``restrict`` like a ``restricted`` record:
    the importing organisation only."""

    __tablename__ = "import_job"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    classification: Mapped[str] = mapped_column(String(20), default="restricted")
    organisation_id: Mapped[int | None] = mapped_column(Integer, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer)  # the import runs with this user's rights
    created_by: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(300))
    file_format: Mapped[str] = mapped_column(String(10))
    # the upload, stored under the data directory until the import is over
    stored_as: Mapped[str] = mapped_column(String(300))
    profile: Mapped[str] = mapped_column(Text)  # the column mapping (JSON)
    inventory: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(20), default="uploaded")
    total: Mapped[int] = mapped_column(Integer, default=0)
    processed: Mapped[int] = mapped_column(Integer, default=0)
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    flagged: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[str | None] = mapped_column(Text)  # JSON list of the rejected rows (first 1,000)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

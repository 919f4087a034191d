"""Tables of the knowledge library: a document (its kind, tags and classification), its versions in each
language (text typed in, or an uploaded PDF or office file with its extracted text), and the photos of a
"categories at risk" page."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heritrace.core.i18n import N_
from heritrace.db.base import Base, utcnow

KINDS = {
    "guidance": N_("guidance"),
    "legal_text": N_("legal text"),
    "toolkit": N_("toolkit"),
    "checklist": N_("checklist"),
    "categories_at_risk": N_("categories at risk"),
}
# who a document (or a course) is written for
AUDIENCES = {
    "police": N_("police"),
    "customs": N_("customs"),
    "judiciary": N_("judges and prosecutors"),
    "museum": N_("museum staff"),
    "market": N_("art market"),
    "public": N_("general public"),
}
LANGUAGES = ("en", "fr", "de", "it", "es", "ar", "ru", "el", "pt", "nl", "uk", "tr", "zh")


class LibraryDocument(Base):
    """A document of the library, read under the same need-to-know rules as the register
    (``access.policy.restrict`` over ``classification`` and ``organisation_id``).

    The publishing partner organisation writes it; the operator curates (features or withdraws it).
    Tags are comma-separated controlled values (topics free, audiences from ``AUDIENCES``, ISO countries)."""

    __tablename__ = "library_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    published_by: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), index=True)
    classification: Mapped[str] = mapped_column(String(20), default="public", index=True)
    topics: Mapped[str] = mapped_column(String(500), default="")
    audiences: Mapped[str] = mapped_column(String(200), default="")
    countries: Mapped[str] = mapped_column(String(200), default="")
    # categories at risk: the region and period whose typical objects the page shows
    region: Mapped[str | None] = mapped_column(String(200), nullable=True)
    period: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # curation by the operator
    featured: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    curator_note: Mapped[str | None] = mapped_column(Text, nullable=True)

    versions: Mapped[list[LibraryVersion]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="LibraryVersion.id"
    )
    photos: Mapped[list[LibraryPhoto]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="LibraryPhoto.id"
    )


class LibraryVersion(Base):
    """One version of one language version of a document. The newest version of each language is the
    current text; older ones stay readable. ``search_text`` is the folded title, summary, body and the
    text extracted from the uploaded file."""

    __tablename__ = "library_version"
    __table_args__ = (UniqueConstraint("document_id", "language", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("library_document.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    change_note: Mapped[str] = mapped_column(String(500), default="")
    filename: Mapped[str | None] = mapped_column(String(300), nullable=True)
    media_type: Mapped[str | None] = mapped_column(String(120), nullable=True)
    size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    extracted_text: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")


class LibraryPhoto(Base):
    """A photo of a typical object on a categories-at-risk page (image store, upright display copy)."""

    __tablename__ = "library_photo"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("library_document.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(String(64))
    caption: Mapped[str] = mapped_column(String(500), default="")
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

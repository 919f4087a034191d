"""Signed export certificates; the signed documents are stored so that every download is byte-identical."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from heritrace.db.base import Base, utcnow


class ExportCertificate(Base):
    """A model export certificate for one register record, as issued.

    ``restricted`` to the issuing organisation (``access.policy.restrict``): it names the exporter,
    the consignee and the owner."""

    __tablename__ = "export_certificate"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    object_id: Mapped[str] = mapped_column(String(120), index=True)
    classification: Mapped[str] = mapped_column(String(20), default="restricted")
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    issued_by: Mapped[str] = mapped_column(String(200))
    key_id: Mapped[str] = mapped_column(String(64))
    document_json: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)

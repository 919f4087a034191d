"""Stored due-diligence checks and the certificates issued for them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from heritrace.db.base import Base, utcnow
from heritrace.inbox import models as inbox_models  # noqa: F401 - registered with these tables


class DiligenceCheck(Base):
    """One check, exactly as it was answered: who asked, what, what came back, what was searched."""

    __tablename__ = "diligence_check"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    actor_name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    verdict: Mapped[str] = mapped_column(String(10))
    query_json: Mapped[str] = mapped_column(Text)  # the query as submitted
    result_json: Mapped[str] = mapped_column(Text)  # the candidates as the asker saw them
    coverage_json: Mapped[str] = mapped_column(Text)
    photo_hashes: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of SHA-256


class DiligenceCertificate(Base):
    """A signed certificate; the signed documents are stored so that a download is byte-identical."""

    __tablename__ = "diligence_certificate"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    check_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("diligence_check.id", ondelete="CASCADE"), unique=True
    )
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    key_id: Mapped[str] = mapped_column(String(64))
    document_json: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)

"""The append-only audit log; each entry carries the hash of the one before it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from heritrace.db.base import Base, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(Integer)
    organisation_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(120), index=True)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    request_id: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class AuditCheckpoint(Base):
    """The head of the log at one moment, signed with the platform's Ed25519 key.

    The hash chain alone shows an edit only to someone who cannot recompute it; whoever can write the
    table can also rewrite every hash after an entry. A checkpoint names an entry and its hash under
    a signature only the platform key makes, so a re-hashed log no longer matches its checkpoints.
    Each checkpoint also carries the hash of the one before it, so that one cannot be left out."""

    __tablename__ = "audit_checkpoint"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    entry_id: Mapped[int] = mapped_column(Integer, unique=True)
    entry_hash: Mapped[str] = mapped_column(String(64))
    every: Mapped[int] = mapped_column(Integer)  # a checkpoint is due at the latest this many entries on
    prev_checkpoint: Mapped[str] = mapped_column(String(64))  # SHA-256 of the previous checkpoint's body
    key_id: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(Text)

"""Writing and verifying the hash-chained audit log."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from heritrace.audit.models import AuditEntry
from heritrace.core.actor import Actor
from heritrace.db.base import utcnow

GENESIS = "0" * 64
CHAINED = (
    "at",
    "actor",
    "user_id",
    "organisation_id",
    "action",
    "entity",
    "entity_id",
    "before",
    "after",
    "request_id",
)


def entry_hash(prev_hash: str, fields: dict) -> str:
    """Hash of an entry's content chained to the previous entry's hash."""
    body = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in fields.items() if k in CHAINED}
    raw = prev_hash + json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def _dump(value: dict | None) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


class AuditLog:
    """Appends entries inside the caller's transaction, so an entry exists iff the write committed."""

    def __init__(self, session: Session, request_id: str | None = None):
        # request_id: when None, the actor's request id (set by the HTTP layer) is used
        self.session = session
        self.request_id = request_id
        self._last: str | None = None

    def record(
        self,
        actor: Actor,
        action: str,
        entity: str,
        entity_id: str,
        before: dict | None = None,
        after: dict | None = None,
    ) -> None:
        fields = {
            "at": utcnow(),
            "actor": actor.name,
            "user_id": actor.user_id,
            "organisation_id": actor.organisation_id,
            "action": action,
            "entity": entity,
            "entity_id": str(entity_id),
            "before": _dump(before),
            "after": _dump(after),
            "request_id": self.request_id or actor.request_id,
        }
        prev = self._previous_hash()
        digest = entry_hash(prev, fields)
        self.session.add(AuditEntry(**fields, prev_hash=prev, entry_hash=digest))
        self._last = digest

    def record_many(
        self, actor: Actor, action: str, entity: str, items: list[tuple[str, dict | None]]
    ) -> None:
        """Append one entry per (entity id, after) with a single bulk insert (imports)."""
        rows = []
        prev = self._previous_hash()
        now = utcnow()
        for entity_id, after in items:
            fields = {
                "at": now,
                "actor": actor.name,
                "user_id": actor.user_id,
                "organisation_id": actor.organisation_id,
                "action": action,
                "entity": entity,
                "entity_id": str(entity_id),
                "before": None,
                "after": _dump(after),
                "request_id": self.request_id or getattr(actor, "request_id", None),
            }
            digest = entry_hash(prev, fields)
            rows.append({**fields, "prev_hash": prev, "entry_hash": digest})
            prev = digest
        if rows:
            self.session.execute(AuditEntry.__table__.insert(), rows)
        self._last = prev

    def _previous_hash(self) -> str:
        if self._last is None:
            if self.session.bind.dialect.name == "postgresql":
                # one chain: writers queue here until the previous writer commits
                self.session.execute(text("SELECT pg_advisory_xact_lock(7170101)"))
            self.session.flush()
            last = self.session.scalar(select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1))
            self._last = last or GENESIS
        return self._last


@dataclass
class ChainBreak:
    entry_id: int
    problem: str


def verify_chain(session: Session, batch: int = 5000) -> ChainBreak | None:
    """Walk the log in order; name the first entry that was altered, inserted or deleted."""
    prev = GENESIS
    for entry in _iterate(session, batch):
        if entry.prev_hash != prev:
            return ChainBreak(
                entry.id, "does not follow the entry before it (an entry was deleted or inserted)"
            )
        fields = {k: getattr(entry, k) for k in CHAINED}
        if entry_hash(prev, fields) != entry.entry_hash:
            return ChainBreak(entry.id, "content does not match its hash (the entry was altered)")
        prev = entry.entry_hash
    return None


def _iterate(session: Session, batch: int) -> Iterator[AuditEntry]:
    last_id = 0
    while True:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id

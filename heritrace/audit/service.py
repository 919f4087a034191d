"""Writing and verifying the hash-chained audit log."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, select, text
from sqlalchemy.orm import Session

from heritrace.audit.models import AuditEntry
from heritrace.core.actor import Actor
from heritrace.db.base import utcnow
from heritrace.db.bulk import insert_rows

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


def _batch_hasher(common: dict) -> Callable[[str, dict], str]:
    """``entry_hash`` for entries that differ only in ``entity_id`` and ``after`` (imports).

    The shared fields are serialised once with two markers, and each entry's hash input is the
    same text with the markers replaced, so the result is byte for byte what ``entry_hash`` hashes.
    """
    marks = {"entity_id": "\ue000entity\ue000", "after": "\ue000after\ue000"}
    body = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in common.items()}
    text = json.dumps({**body, **marks}, sort_keys=True, ensure_ascii=False, default=str)
    after_mark, entity_mark = (json.dumps(marks[k], ensure_ascii=False) for k in ("after", "entity_id"))
    if (
        text.count(after_mark) != 1
        or text.count(entity_mark) != 1
        or text.index(after_mark) > text.index(entity_mark)
    ):
        return entry_hash  # a marker among the shared values themselves: serialise each entry
    head, rest = text.split(after_mark)
    middle, tail = rest.split(entity_mark)

    def fast(prev_hash: str, fields: dict) -> str:
        after = json.dumps(fields["after"], ensure_ascii=False)
        entity_id = json.dumps(fields["entity_id"], ensure_ascii=False)
        return hashlib.sha256((prev_hash + head + after + middle + entity_id + tail).encode()).hexdigest()

    return fast


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
            **self._who(actor, action, entity),
            "entity_id": str(entity_id),
            "before": _dump(before),
            "after": _dump(after),
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
        common = {**self._who(actor, action, entity), "before": None}
        hash_of = _batch_hasher(common)
        for entity_id, after in items:
            fields = {**common, "entity_id": str(entity_id), "after": _dump(after)}
            digest = hash_of(prev, fields)
            rows.append({**fields, "prev_hash": prev, "entry_hash": digest})
            prev = digest
        insert_rows(self.session, cast(Table, AuditEntry.__table__), rows)
        self._last = prev

    def _who(self, actor: Actor, action: str, entity: str) -> dict:
        return {
            "at": utcnow(),
            "actor": actor.name,
            "user_id": actor.user_id,
            "organisation_id": actor.organisation_id,
            "action": action,
            "entity": entity,
            "request_id": self.request_id or getattr(actor, "request_id", None),
        }

    def _previous_hash(self) -> str:
        if self._last is None:
            if self.session.get_bind().dialect.name == "postgresql":
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

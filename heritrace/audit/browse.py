"""Reading the audit log: pages for administrators and exports. Nothing here changes an entry."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.audit.models import AuditEntry
from heritrace.audit.service import CHAINED
from heritrace.core.actor import Actor
from heritrace.core.errors import Forbidden
from heritrace.core.i18n import _

COLUMNS = ("id", *CHAINED, "prev_hash", "entry_hash")


@dataclass(frozen=True)
class AuditFilters:
    action: str | None = None
    entity: str | None = None
    entity_id: str | None = None
    actor: str | None = None


def audit_scope(query: Select, actor: Actor) -> Select:
    """Platform administrators see the whole log; an organisation administrator its organisation's part."""
    if actor.has_role("platform_admin"):
        return query
    if actor.has_role("org_admin") and actor.organisation_id is not None:
        return query.where(AuditEntry.organisation_id == actor.organisation_id)
    raise Forbidden(_("only administrators may read the audit log"))


def _filtered(actor: Actor, f: AuditFilters) -> Select:
    query = audit_scope(select(AuditEntry), actor)
    for column, value in (
        (AuditEntry.action, f.action),
        (AuditEntry.entity, f.entity),
        (AuditEntry.entity_id, f.entity_id),
        (AuditEntry.actor, f.actor),
    ):
        if value:
            query = query.where(column == value)
    return query


class AuditReader:
    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    def page(
        self, actor: Actor, filters: AuditFilters, page: int = 1, per_page: int = 100
    ) -> tuple[list[AuditEntry], int]:
        query = _filtered(actor, filters)
        with self.sessions() as s:
            total = s.scalar(select(func.count()).select_from(query.subquery()))
            rows = s.scalars(
                query.order_by(AuditEntry.id.desc()).limit(per_page).offset((page - 1) * per_page)
            ).all()
        return list(rows), int(total or 0)

    def iter_entries(self, actor: Actor, filters: AuditFilters, batch: int = 1000) -> Iterator[dict]:
        """Every entry the actor may read, oldest first, in constant memory."""
        query = _filtered(actor, filters)
        last = 0
        while True:
            with self.sessions() as s:
                rows = s.scalars(query.where(AuditEntry.id > last).order_by(AuditEntry.id).limit(batch)).all()
                dicts = [entry_dict(e) for e in rows]
            if not rows:
                return
            yield from dicts
            last = rows[-1].id


def entry_dict(entry: AuditEntry) -> dict:
    return {c: (getattr(entry, c).isoformat() if c == "at" else getattr(entry, c)) for c in COLUMNS}


def jsonl_lines(entries: Iterator[dict]) -> Iterator[str]:
    for e in entries:
        yield json.dumps(e, ensure_ascii=False) + "\n"


def csv_lines(entries: Iterator[dict]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS)
    writer.writeheader()
    for e in entries:
        writer.writerow({k: _csv_safe(v) for k, v in e.items()})
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def _csv_safe(value: object) -> object:
    # a cell starting with = + - @ is run as a formula by spreadsheets: neutralise it
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value

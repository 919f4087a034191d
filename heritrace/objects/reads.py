"""Audited reads: every disclosure of a ``law_enforcement`` or ``restricted`` register record to
anyone, the record page and API, lists and searches, photo identification, due-diligence checks,
alerts naming it, and exports, appends a ``read`` entry per record to the audit log (``docs/audit.md``
lists them). The entries say how the record was read (``via``)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.audit.service import AuditLog
from heritrace.core.actor import Actor
from heritrace.db.engine import writing
from heritrace.objects.models import CulturalObject

# reading one of these is itself recorded in the audit log
AUDITED_READS = ("law_enforcement", "restricted")


def audit_reads(s: Session, actor: Actor, records: Iterable[tuple[str, str]], via: str) -> int:
    """Append to ``s``'s transaction one read entry per (external id, classification) that is audited."""
    seen: dict[str, str] = {}
    for external_id, classification in records:
        if classification in AUDITED_READS:
            seen.setdefault(external_id, classification)
    if seen:
        items: list[tuple[str, dict | None]] = [
            (eid, {"classification": c, "via": via}) for eid, c in seen.items()
        ]
        AuditLog(s).record_many(actor, "read", "object", items)
    return len(seen)


def record_reads(
    sessions: sessionmaker[Session], actor: Actor, records: Iterable[tuple[str, str]], via: str
) -> int:
    """``audit_reads`` in a short transaction of its own, committed before the records are shown."""
    records = list(records)
    if not any(c in AUDITED_READS for _, c in records):
        return 0
    # its own short write, which takes the write lock first on SQLite (heritrace.db.engine.writing)
    with writing(), sessions() as s:
        n = audit_reads(s, actor, records, via)
        s.commit()
    return n


def record_reads_of(
    sessions: sessionmaker[Session], actor: Actor, external_ids: Iterable[str], via: str
) -> int:
    """``record_reads`` for records known by their ids only (search and identification hits)."""
    ids = sorted({i for i in external_ids if i})
    if not ids:
        return 0
    audited = select(CulturalObject.external_id, CulturalObject.classification).where(
        CulturalObject.external_id.in_(ids), CulturalObject.classification.in_(AUDITED_READS)
    )
    # most searches show no audited record: they are not queued behind the writers for nothing
    with sessions() as s:
        if s.execute(audited.limit(1)).first() is None:
            return 0
    with writing(), sessions() as s:
        rows = s.execute(audited).all()
        n = audit_reads(s, actor, [(r[0], r[1]) for r in rows], via)
        if n:
            s.commit()
    return n

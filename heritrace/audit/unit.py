"""The audit log as part of every unit of work, and signed checkpoints of its head.

``watch(sessions, checkpoints)`` hooks a session factory so that

- a transaction that writes to an audited table (``AUDITED``) cannot commit unless it also appends an
  audit entry (``UnauditedWrite`` is raised from ``commit`` and nothing is stored). The services write
  through the ORM or through statements executed by the session; ``db.bulk.insert_rows`` notes its
  table in the session (``BULK_WRITES``). Tables written as bookkeeping (deliveries, notifications,
  replay caches) are named in ``UNAUDITED`` with the reason; a test checks that every table is in
  exactly one of the two.
- a transaction that appends audit entries also appends a signed checkpoint once ``every`` entries
  have gone by since the last one, in the same transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from heritrace.audit.models import AuditCheckpoint, AuditEntry
from heritrace.db.base import utcnow
from heritrace.db.bulk import BULK_WRITES

# every write to these tables is audited: the transaction that changes them appends an audit entry
AUDITED = frozenset({
    "alert", "alert_ack", "alert_share", "alert_subscription",
    "api_token", "user_account", "user_session",
    "case_document", "case_event", "case_message", "case_object", "case_party", "case_share",
    "compensation_claim", "return_case",
    "consultation", "consultation_attachment", "consultation_expert", "consultation_message",
    "cultural_object", "identifier", "incident", "object_image", "object_material", "object_share",
    "status_change",
    "diligence_certificate", "diligence_check", "export_certificate",
    "export_regime", "law_change", "law_fact_version", "legal_instrument", "national_law", "treaty_status",
    "federation_peer", "organisation", "organisation_expertise",
    "library_document", "library_photo", "library_version",
    "assessment_attempt", "assessment_question", "completion_certificate", "course", "course_module",
    "course_progress", "event_registration", "training_event",
    "meeting", "meeting_action", "meeting_agenda_item", "meeting_decision", "meeting_document",
    "meeting_participant", "meeting_series",
    "monitor_review",
})  # fmt: skip
# written without an audit entry of their own, and why
UNAUDITED = {
    "audit_entry": "the log itself",
    "audit_checkpoint": "signed heads of the log, written with the entries they cover",
    "alert_delivery": "delivery bookkeeping of an audited alert: each attempt is its own record",
    "delivery_attempt": "the record of one delivery attempt",
    "inbox_entry": "a copy of an audited alert or notice for one member, and its read mark",
    "federation_nonce": "replay cache of signed requests between nodes",
    "sign_in_attempt": "failure counter of unknown user names (each failure is audited as sign_in_failed)",
    "monitor_source": "a market source: the crawler updates its crawl state on every run (changes to its "
    "settings are audited by the monitor's service, not enforced here)",
    "monitor_crawl": "a run of the market monitor's crawler over a source (its settings are audited)",
    "monitor_listing": "listings the crawler collected from a public market source",
    "monitor_photo": "photos of collected listings",
    "monitor_hit": "matches the crawler computed between listings and the register; reviews are audited",
    "monitor_evidence": "snapshots kept as evidence of collected listings",
    "import_job": "progress of an import from the import page: its start is audited, and so is every "
    "record it writes",
}
CHECKPOINT_EVERY = 1000
CHECKPOINT_TYPE = "heritrace audit checkpoint"
_STATE = "heritrace.audit.unit"
_EXEMPT = "heritrace.audit.exempt"


class UnauditedWrite(RuntimeError):
    """A transaction changed audited tables without appending an audit entry."""


class Signer(Protocol):
    key_id: str

    def sign(self, data: bytes) -> str: ...


@dataclass
class _Unit:
    writes: set[str]
    audited: bool = False


def _unit(session: Session) -> _Unit:
    unit = session.info.get(_STATE)
    if unit is None:
        unit = session.info[_STATE] = _Unit(set())
    return unit


def note_write(session: Session, table: str) -> None:
    """Writes that bypass the ORM (``db.bulk.insert_rows``) name their table here."""
    if table == AuditEntry.__tablename__:
        _unit(session).audited = True
    else:
        _unit(session).writes.add(table)


def unaudited(session: Session, reason: str) -> Session:
    """Let this session's current transaction write audited tables without an entry (maintenance
    that is no one's action, e.g. tests moving dates back or tampering on purpose); ``reason`` is for
    the reader. It holds until the transaction commits or rolls back."""
    session.info[_EXEMPT] = reason
    return session


class Checkpoints:
    """Writes a signed checkpoint when ``every`` entries have gone by since the last one."""

    def __init__(self, signer: Callable[[], Signer], every: int = CHECKPOINT_EVERY):
        self._signer = signer
        self.every = every

    def due(self, session: Session) -> None:
        head = _head(session)
        if head is None:
            return
        last = session.scalar(select(AuditCheckpoint).order_by(AuditCheckpoint.entry_id.desc()).limit(1))
        if head[0] - (last.entry_id if last else 0) >= self.every:
            self._write(session, head, last)

    def write(self, session: Session) -> AuditCheckpoint | None:
        """A checkpoint of the head now (None: the log is empty, or the head is checkpointed)."""
        head = _head(session)
        last = session.scalar(select(AuditCheckpoint).order_by(AuditCheckpoint.entry_id.desc()).limit(1))
        if head is None or (last is not None and last.entry_id >= head[0]):
            return last if head is not None else None
        return self._write(session, head, last)

    def _write(
        self, session: Session, head: tuple[int, str], last: AuditCheckpoint | None
    ) -> AuditCheckpoint:
        signer = self._signer()
        row = AuditCheckpoint(
            at=utcnow().replace(microsecond=0),
            entry_id=head[0],
            entry_hash=head[1],
            every=self.every,
            prev_checkpoint=checkpoint_digest(last) if last else "0" * 64,
            key_id=signer.key_id,
        )
        row.signature = signer.sign(checkpoint_body(row))
        session.add(row)
        session.flush()
        return row


def _head(session: Session) -> tuple[int, str] | None:
    row = session.execute(
        select(AuditEntry.id, AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def checkpoint_body(cp: AuditCheckpoint) -> bytes:
    """The bytes a checkpoint's signature covers (canonical JSON)."""
    from heritrace.diligence.signing import canonical_json  # the one signed byte form of the platform

    return canonical_json({
        "type": CHECKPOINT_TYPE, "entry_id": cp.entry_id, "entry_hash": cp.entry_hash, "every": cp.every,
        "at": cp.at.replace(microsecond=0).isoformat() + "Z", "prev_checkpoint": cp.prev_checkpoint,
        "key_id": cp.key_id,
    })  # fmt: skip


def checkpoint_digest(cp: AuditCheckpoint) -> str:
    return hashlib.sha256(checkpoint_body(cp) + cp.signature.encode()).hexdigest()


def watch(sessions: sessionmaker[Session], checkpoints: Checkpoints | None = None) -> None:
    """Hook ``sessions``: refuse unaudited writes to audited tables; write checkpoints when due."""

    @event.listens_for(sessions, "before_flush")
    def _before_flush(session: Session, _context, _instances) -> None:  # noqa: ANN001
        unit = _unit(session)
        for obj in session.new:
            _note(unit, obj)
        for obj in session.deleted:
            _note(unit, obj)
        for obj in session.dirty:
            if session.is_modified(obj, include_collections=False):
                _note(unit, obj)

    @event.listens_for(sessions, "do_orm_execute")
    def _on_execute(state: ORMExecuteState) -> None:
        statement = state.statement
        table = getattr(statement, "table", None)
        if getattr(statement, "is_dml", False) and table is not None:
            note_write(state.session, table.name)

    @event.listens_for(sessions, "before_commit")
    def _before_commit(session: Session) -> None:
        session.flush()
        unit = _unit(session)
        for table in session.info.pop(BULK_WRITES, ()):
            note_write(session, table)
        missing = sorted(unit.writes & AUDITED)
        if missing and not unit.audited and session.info.get(_EXEMPT) is None:
            raise UnauditedWrite(
                f"a change to {', '.join(missing)} must be committed with its audit entry (AuditLog.record)"
            )
        if unit.audited and checkpoints is not None:
            checkpoints.due(session)

    @event.listens_for(sessions, "after_commit")
    @event.listens_for(sessions, "after_rollback")
    def _reset(session: Session) -> None:
        session.info.pop(_STATE, None)
        session.info.pop(BULK_WRITES, None)
        session.info.pop(_EXEMPT, None)


def _note(unit: _Unit, obj: object) -> None:
    table = getattr(obj, "__tablename__", None)
    if table == AuditEntry.__tablename__:
        unit.audited = True
    elif table is not None:
        unit.writes.add(table)


# -- verification ------------------------------------------------------------------------------------


@dataclass
class CheckpointProblem:
    checkpoint_id: int | None
    problem: str


def verify_checkpoints(session: Session, keys: dict[str, Ed25519PublicKey]) -> CheckpointProblem | None:
    """Each checkpoint is signed by a platform key, follows the one before it, and names an entry that
    still has the hash it had; and the head is no more than ``every`` entries past the last one."""
    import base64
    import binascii

    prev = "0" * 64
    last: AuditCheckpoint | None = None
    for cp in session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.entry_id)):
        key = keys.get(cp.key_id)
        if key is None:
            return CheckpointProblem(cp.id, f"signed with key {cp.key_id[:32]!r}, not a key of this platform")
        try:
            key.verify(base64.b64decode(cp.signature, validate=True), checkpoint_body(cp))
        except (binascii.Error, ValueError, InvalidSignature):
            return CheckpointProblem(cp.id, "its signature does not match: the checkpoint was altered")
        if cp.prev_checkpoint != prev:
            return CheckpointProblem(cp.id, "does not follow the checkpoint before it (one was removed)")
        stored = session.scalar(select(AuditEntry.entry_hash).where(AuditEntry.id == cp.entry_id))
        if stored != cp.entry_hash:
            return CheckpointProblem(
                cp.id,
                f"entry {cp.entry_id} no longer has the hash signed at {cp.at:%Y-%m-%d %H:%M} "
                "(the log was rewritten and re-hashed, or the entry removed)",
            )
        prev = checkpoint_digest(cp)
        last = cp
    head = _head(session)
    if head is not None and last is not None and head[0] - last.entry_id >= last.every:
        return CheckpointProblem(
            None,
            f"no checkpoint covers entries {last.entry_id + 1}-{head[0]} although one is written every "
            f"{last.every} entries (checkpoints were removed)",
        )
    return None

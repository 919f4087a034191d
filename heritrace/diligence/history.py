"""The stored checks that concern given register records, and whether their certificates still verify.

A return case asks this to confirm or refute a possessor's "I checked the register": which checks hit
the claimed objects (as their asker saw them, or as reported to the record's originator when the asker
could not see the record), which checks the possessor cites by id, and whether each certificate's
signature and content still match the stored check.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from heritrace.alerts.models import Alert
from heritrace.diligence.models import DiligenceCertificate, DiligenceCheck
from heritrace.diligence.signing import PlatformKey, verify_json, verify_pdf
from heritrace.inbox.models import InboxEntry
from heritrace.partners.service import organisation_names

# the subject the originator's notice carries (service._notify): the verdict the asker could not see
# (stored in English; "possible match" is the label of "possible", earlier notices wrote the code)
_NOTICE_VERDICT = re.compile(r": (\w+)(?: match)? on your record ")


@dataclass
class CheckOnRecord:
    """One stored check concerning the records asked about, with its certificate's state."""

    check_id: str
    checked_at: datetime
    requested_by: str
    organisation: str | None
    verdict: str
    objects: dict[str, str] = field(default_factory=dict)  # external id -> verdict on it
    cited: bool = False
    certificate_id: str | None = None
    issued_at: datetime | None = None
    signature: str = "no_certificate"
    signature_message: str = "no certificate was issued for this check"


def checks_on(
    s: Session, key: Callable[[], PlatformKey], external_ids: list[str], cited: list[str]
) -> list[CheckOnRecord]:
    """Checks that hit any of ``external_ids`` or whose check or certificate id is in ``cited``, oldest
    first. Searched over every stored check: the caller decides what its reader may see of them.
    ``key`` gives the platform key, asked for only when a certificate is to be verified."""
    hits = _hits(s, external_ids)
    cited_checks = set(resolve_cited(s, cited).values())
    rows = s.scalars(select(DiligenceCheck).where(DiligenceCheck.id.in_(set(hits) | cited_checks))).all()
    names = organisation_names(s, {r.organisation_id for r in rows})
    out = []
    for row in sorted(rows, key=lambda r: (r.created_at, r.id)):
        record = CheckOnRecord(
            row.id,
            row.created_at,
            row.actor_name,
            names.get(row.organisation_id) if row.organisation_id is not None else None,
            row.verdict,
            hits.get(row.id, {}),
            row.id in cited_checks,
        )
        _certificate_state(s, key, row, record)
        out.append(record)
    return out


def first_hits(s: Session, external_ids: list[str]) -> dict[str, datetime]:
    """The time of the first check that hit each record (records never hit are absent)."""
    hits = _hits(s, external_ids)
    if not hits:
        return {}
    when: dict[str, datetime] = dict(
        s.execute(
            select(DiligenceCheck.id, DiligenceCheck.created_at).where(DiligenceCheck.id.in_(hits))
        ).all()
    )
    first: dict[str, datetime] = {}
    for check_id, objects in hits.items():
        for ext in objects:
            if ext not in first or when[check_id] < first[ext]:
                first[ext] = when[check_id]
    return first


def _hits(s: Session, external_ids: list[str]) -> dict[str, dict[str, str]]:
    """check id -> {external id: verdict} for every hit (verdict other than none) on the records."""
    hits: dict[str, dict[str, str]] = {}
    wanted = set(external_ids)
    if wanted:
        # one pass over the checks, narrowed in SQL by the quoted ids, confirmed on the parsed candidates
        patterns = ["%" + _like(json.dumps(ext, ensure_ascii=False)) + "%" for ext in sorted(wanted)]
        query = select(DiligenceCheck.id, DiligenceCheck.result_json).where(
            or_(*(DiligenceCheck.result_json.like(p, escape="\\") for p in patterns))
        )
        for check_id, result in s.execute(query):
            for c in json.loads(result):
                if c.get("object_id") in wanted and c.get("verdict") != "none":
                    hits.setdefault(check_id, {})[c["object_id"]] = c["verdict"]
        for check_id, ext, subject in _notices(s, wanted):
            found = _NOTICE_VERDICT.search(subject)
            hits.setdefault(check_id, {}).setdefault(ext, found.group(1) if found else "possible")
    return hits


def _notices(s: Session, wanted: set[str]) -> list[tuple[str, str, str]]:
    """(check id, external id, subject) of the notices that told a record's originator about a hit
    the asker could not see: alerts keyed ``due-diligence:<check>:<record>`` (service._notify), and
    inbox entries of the same kind written before notices became alerts."""
    patterns = ["due-diligence:%:" + _like(ext) for ext in sorted(wanted)]
    alerts = select(Alert.event_key, Alert.title).where(
        Alert.type == "due_diligence_hit", or_(*(Alert.event_key.like(p, escape="\\") for p in patterns))
    )
    found = []
    for key, title in s.execute(alerts):
        _, check_id, ext = key.split(":", 2)
        if ext in wanted:
            found.append((check_id, ext, title))
    earlier = select(InboxEntry.check_id, InboxEntry.object_id, InboxEntry.subject).where(
        InboxEntry.kind == "due_diligence_hit",
        InboxEntry.object_id.in_(sorted(wanted)),
        InboxEntry.check_id.is_not(None),
    )
    return found + [tuple(row) for row in s.execute(earlier)]  # type: ignore[misc]


def resolve_cited(s: Session, cited: list[str]) -> dict[str, str]:
    """cited id -> check id, for ids naming a stored check or one of its certificates (unknown ids
    are absent)."""
    ids = list(dict.fromkeys(c.strip()[:40] for c in cited if c.strip()))
    if not ids:
        return {}
    found = {i: i for i in s.scalars(select(DiligenceCheck.id).where(DiligenceCheck.id.in_(ids)))}
    by_cert = select(DiligenceCertificate.id, DiligenceCertificate.check_id).where(
        DiligenceCertificate.id.in_(ids)
    )
    return found | dict(s.execute(by_cert).all())


def _certificate_state(
    s: Session, key: Callable[[], PlatformKey], row: DiligenceCheck, record: CheckOnRecord
) -> None:
    cert = s.scalar(select(DiligenceCertificate).where(DiligenceCertificate.check_id == row.id))
    if cert is None:
        return
    record.certificate_id, record.issued_at = cert.id, cert.issued_at
    platform_key = key()
    keys = {platform_key.key_id: platform_key.public}
    for result in (verify_json(cert.document_json.encode("utf-8"), keys), verify_pdf(cert.pdf, keys)):
        if not result.valid:
            record.signature, record.signature_message = result.status, f"{result.kind}: {result.message}"
            return
        differs = _differs(result.certificate or {}, row)
        if differs:
            record.signature = "altered"
            record.signature_message = (
                f"{result.kind}: the signature verifies but the stored check differs ({differs})"
            )
            return
    record.signature = "valid"
    record.signature_message = "the certificate is authentic and matches the stored check"


def _differs(certificate: dict, row: DiligenceCheck) -> str:
    """What the signed certificate says differently from the stored check ('' when nothing)."""
    stored = {
        "check_id": row.id,
        "verdict": row.verdict,
        "candidates": json.loads(row.result_json),
        "query": json.loads(row.query_json),
    }
    return ", ".join(k for k, v in stored.items() if certificate.get(k) != v)


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

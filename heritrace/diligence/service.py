"""Due-diligence checks: text and photo evidence against the register, the coverage statement, the
stored check, notices to the originators of the records hit, and signed certificates."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PIL import Image
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import can_read
from heritrace.access.redaction import HIDDEN_MATCH_NOTICE
from heritrace.audit.service import AuditLog
from heritrace.core.actor import SYSTEM, Actor
from heritrace.core.errors import NotFound, ValidationFailed
from heritrace.core.i18n import N_, Message, _, ngettext
from heritrace.db.base import utcnow
from heritrace.diligence import certificate_pdf
from heritrace.diligence.coverage import coverage
from heritrace.diligence.evidence import Evidence, merge, overall_verdict
from heritrace.diligence.models import DiligenceCertificate, DiligenceCheck
from heritrace.diligence.schemas import CheckIn
from heritrace.diligence.signing import PlatformKey
from heritrace.images.decode import ImageRejected, load_image
from heritrace.images.service import PhotoSearch
from heritrace.images.store import ImageStore
from heritrace.inbox.service import Inbox
from heritrace.matching.records import Query
from heritrace.objects.choices import label_message
from heritrace.objects.models import CulturalObject
from heritrace.objects.reads import record_reads_of
from heritrace.objects.shares import share_lists
from heritrace.partners.service import organisation_names
from heritrace.screening.service import RegisterMatcher

TOP_K = 10
MAX_PHOTOS = 5


@dataclass
class SubmittedPhoto:
    filename: str | None
    data: bytes


@dataclass
class CheckRecord:
    """A stored check, as its asker sees it."""

    check_id: str
    checked_at: datetime
    requested_by: str
    organisation: str | None
    verdict: str
    query: dict
    photos: list[str]
    candidates: list[dict]
    coverage: dict
    certificate_id: str | None = None


def verify_url(base_url: str, certificate_id: str) -> str | None:
    """The full address where a certificate is checked (None without a known public address)."""
    base = base_url.rstrip("/")
    return f"{base}/certificates/verify?certificate={certificate_id}" if base.startswith("http") else None


class DueDiligence:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        matcher: RegisterMatcher,
        photos: PhotoSearch,
        images: ImageStore,
        inbox: Inbox,
        key: PlatformKey,
        notify: Callable[..., None],
        peers: Callable[[Actor, dict, list[bytes]], tuple[list[dict], list[dict], list[str]]] | None = None,
        node: str | None = None,
    ):
        self.sessions = sessions
        self.matcher = matcher
        self.photos = photos
        self.images = images
        self.inbox = inbox
        self.key = key
        self.notify = notify  # AlertService.notify: hits reach originators through alert delivery
        self.peers = peers  # the same check on every peer node (heritrace.federation.queries.remote_checks)
        self.node = node

    def check(self, actor: Actor, query: CheckIn, photos: list[SubmittedPhoto] = ()) -> CheckRecord:
        """Run, store and answer a check; the originators of records hit are notified."""
        submitted = query.submitted()
        if not submitted and not photos:
            raise ValidationFailed({"description": _("describe the object or attach at least one photo")})
        decoded = self._decode(photos)
        evidence = merge(self._text_hits(submitted), self._photo_hits(decoded))[:TOP_K]
        hashes = [self.images.put(p.data).sha256 for p in photos]  # only once every photo decoded
        facts = self.record_facts([e.object_id for e in evidence])
        candidates = [c for e in evidence if (c := self._present(actor, e, facts[e.object_id])) is not None]
        cover = coverage(self.sessions, self.photos if photos else None, len(photos), self.node)
        if self.peers is not None and actor.node_id is None:
            remote, sources, missed = self.peers(actor, submitted, [p.data for p in photos])
            candidates += remote
            cover["searched"] += sources
            cover["not_searched"] = missed + cover["not_searched"]
        record = self._store(actor, submitted, hashes, candidates, cover)
        own = [c["object_id"] for c in candidates if c["object_id"] and c["node"] == self.node]
        record_reads_of(self.sessions, actor, own, "due_diligence")
        self._notify(actor, record, evidence, facts)
        return record

    def _decode(self, photos: list[SubmittedPhoto]) -> list[Image.Image]:
        if len(photos) > MAX_PHOTOS:
            raise ValidationFailed(
                {
                    "photos": ngettext(
                        "at most %(num)s photo per check", "at most %(num)s photos per check", MAX_PHOTOS
                    )
                }
            )
        decoded = []
        for n, photo in enumerate(photos, 1):
            try:
                decoded.append(
                    load_image(photo.data, max_bytes=self.images.max_bytes, max_pixels=self.images.max_pixels)
                )
            except ImageRejected as exc:
                problem = _(
                    "photo %(n)s (%(file)s): %(reason)s",
                    n=n,
                    file=photo.filename or _("unnamed"),
                    reason=exc.reason,
                )
                raise ValidationFailed({"photos": problem}, _("photo rejected")) from exc
        return decoded

    def _text_hits(self, submitted: dict):  # noqa: ANN202
        if not submitted:
            return []
        # searched as the operator, so that hits on records the asker may not read can be reported
        # to their originators; the asker's rights are applied in _present
        return self.matcher.match(SYSTEM, Query(**submitted), top_k=TOP_K)

    def _photo_hits(self, images: list[Image.Image]) -> list:
        hits = []
        for n, img in enumerate(images, 1):
            try:
                hits += [(n, h) for h in self.photos.identify(SYSTEM, img, top_k=TOP_K)]
            except ImageRejected as exc:
                problem = _("photo %(n)s: %(reason)s", n=n, reason=exc.reason)
                raise ValidationFailed({"photos": problem}, _("photo rejected")) from exc
        return hits

    def record_facts(self, ids: list[str]) -> dict[str, dict]:
        """Classification, originator (id and name) and shares of register records, by external id."""
        if not ids:
            return {}
        with self.sessions() as s:
            rows = s.execute(
                select(
                    CulturalObject.id,
                    CulturalObject.external_id,
                    CulturalObject.classification,
                    CulturalObject.organisation_id,
                ).where(CulturalObject.external_id.in_(ids))
            ).all()
            shares = share_lists(s, [(r[0], r[2]) for r in rows])
            names = organisation_names(s, {r[3] for r in rows})
        return {
            r[1]: {
                "classification": r[2],
                "organisation_id": r[3],
                "shared_with": shares.get(r[0], []),
                "organisation": names.get(r[3]),
            }
            for r in rows
        }

    def _present(self, actor: Actor, e: Evidence, fact: dict) -> dict | None:
        verdict = e.verdict
        if can_read(actor, fact["classification"], fact["organisation_id"], fact["shared_with"]):
            return {
                "node": self.node,
                "object_id": e.object_id,
                "title": e.title,
                "maker": e.maker,
                "verdict": verdict,
                "score": e.score,
                "text": _text_evidence(e),
                "photo": _photo_evidence(e),
                "contributions": e.contributions(),
                "notice": None,
                "originating_organisation": fact["organisation"],
            }
        if verdict == "none":
            return None  # a weak hit on a record the asker may not read says nothing useful: left out
        # the asker learns that something may match, never what: no id, title, evidence or score
        return {
            "node": self.node,
            "object_id": None,
            "title": None,
            "maker": None,
            "verdict": "possible",
            "score": None,
            "text": None,
            "photo": None,
            "contributions": [],
            "notice": HIDDEN_MATCH_NOTICE,
            "originating_organisation": fact["organisation"],
        }

    def _store(
        self, actor: Actor, submitted: dict, hashes: list[str], candidates: list[dict], cover: dict
    ) -> CheckRecord:
        row = DiligenceCheck(
            id=f"DD-{utcnow():%Y%m%d}-{secrets.token_hex(5).upper()}",
            created_at=utcnow(),
            user_id=actor.user_id,
            actor_name=actor.name[:200],
            organisation_id=actor.organisation_id,
            verdict=overall_verdict(candidates),
            query_json=json.dumps(submitted, ensure_ascii=False),
            result_json=json.dumps(candidates, ensure_ascii=False),
            coverage_json=json.dumps(cover),
            photo_hashes=json.dumps(hashes),
        )
        with self.sessions.begin() as s:
            s.add(row)
            AuditLog(s).record(
                actor, "check", "diligence_check", row.id, None,
                {"verdict": row.verdict, "candidates": len(candidates), "photos": len(hashes)},
            )  # fmt: skip
            organisation = organisation_names(s, {actor.organisation_id}).get(actor.organisation_id)
        return _record(row, organisation, None)

    def _notify(self, actor: Actor, record: CheckRecord, evidence: list[Evidence], facts: dict) -> None:
        """A ``possible`` or ``match`` on another organisation's record is a notice to that
        organisation alone (a restricted alert: its members' channels apply)."""
        for e in evidence:
            org = facts[e.object_id]["organisation_id"]
            if e.verdict == "none" or org is None or org == actor.organisation_id:
                continue
            self.notify(
                [org],
                "due_diligence_hit",
                Message(
                    N_("Due-diligence check %(check)s: %(verdict)s on your record %(record)s"),
                    {"check": record.check_id, "verdict": label_message(e.verdict), "record": e.object_id},
                ),
                _notice_body(record, e),
                object_ids=(e.object_id,),
                link=f"/objects/{e.object_id}",
                sender=("Heritrace due diligence", None),
                event_key=f"due-diligence:{record.check_id}:{e.object_id}",
            )

    def get(self, actor: Actor, check_id: str) -> CheckRecord:
        """A stored check; only its asker's organisation (and the operator) may read it."""
        with self.sessions() as s:
            row = s.get(DiligenceCheck, check_id[:40])
            if row is None or not _may_see(actor, row):
                raise NotFound(_("no such due-diligence check"))
            cert = s.scalar(select(DiligenceCertificate.id).where(DiligenceCertificate.check_id == row.id))
            organisation = organisation_names(s, {row.organisation_id}).get(row.organisation_id)
            return _record(row, organisation, cert)

    def issue_certificate(self, actor: Actor, check_id: str, base_url: str = "") -> DiligenceCertificate:
        """Sign the check as a certificate (once: asking again returns the same certificate).

        ``base_url``: the platform's public address; the PDF prints the full verification address
        (and its QR code) under it."""
        record = self.get(actor, check_id)
        with self.sessions.begin() as s:
            existing = s.scalar(select(DiligenceCertificate).where(DiligenceCertificate.check_id == check_id))
            if existing is not None:
                return existing
            issued = utcnow()
            cert_id = f"HTC-{issued:%Y%m%d}-{secrets.token_hex(6).upper()}"
            content = certificate_content(record, cert_id, issued)
            row = DiligenceCertificate(
                id=cert_id,
                check_id=record.check_id,
                issued_at=issued,
                key_id=self.key.key_id,
                document_json=json.dumps(self.key.sign_certificate(content), ensure_ascii=False, indent=2),
                pdf=self.key.sign_pdf(
                    certificate_pdf.render(content, self.key.key_id, verify_url(base_url, cert_id)), content
                ),
            )
            s.add(row)
            AuditLog(s).record(
                actor, "issue", "diligence_certificate", cert_id, None,
                {"check_id": record.check_id, "key_id": self.key.key_id},
            )  # fmt: skip
            s.flush()
            s.expunge(row)
            return row

    def history(self, actor: Actor, limit: int = 200) -> list[dict]:
        """The asker's own checks (and their organisation's), newest first, with their certificates."""
        mine = DiligenceCheck.user_id == actor.user_id
        if actor.organisation_id is not None:
            mine = or_(mine, DiligenceCheck.organisation_id == actor.organisation_id)
        query = (
            select(DiligenceCheck, DiligenceCertificate.id)
            .outerjoin(DiligenceCertificate, DiligenceCertificate.check_id == DiligenceCheck.id)
            .where(mine)
            .order_by(DiligenceCheck.created_at.desc())
            .limit(limit)
        )
        with self.sessions() as s:
            rows = s.execute(query).all()
        out = []
        for check, certificate_id in rows:
            asked = json.loads(check.query_json or "{}")
            what = next(
                (str(asked[k]) for k in ("title", "description", "maker", "type_of_object") if asked.get(k)),
                "",
            )
            out.append(
                {
                    "check_id": check.id,
                    "checked_at": check.created_at,
                    "asked_by": check.actor_name,
                    "what": what[:200],
                    "verdict": check.verdict,
                    "certificate_id": certificate_id,
                }
            )
        return out

    def issued(self, certificate_id: str) -> dict | None:
        """What anyone holding a certificate's id (its QR code) may confirm: this platform issued it,
        when, and with which result; the file itself is checked by its signature."""
        with self.sessions() as s:
            row = s.get(DiligenceCertificate, certificate_id[:40])
            if row is None:
                return None
            document = json.loads(row.document_json)
            return {
                "certificate_id": row.id,
                "issued_at": row.issued_at,
                "verdict": document.get("certificate", {}).get("verdict"),
            }

    def certificate(self, actor: Actor, certificate_id: str) -> DiligenceCertificate:
        with self.sessions() as s:
            row = s.get(DiligenceCertificate, certificate_id[:40])
            check = s.get(DiligenceCheck, row.check_id) if row else None
            if row is None or check is None or not _may_see(actor, check):
                raise NotFound(_("no such certificate"))
            s.expunge(row)
            return row


def certificate_content(record: CheckRecord, cert_id: str, issued: datetime) -> dict:
    """What the certificate says (the part that is signed)."""
    return {
        "type": "Heritrace due-diligence certificate",
        "certificate_id": cert_id,
        "issued_at": _iso(issued),
        "check_id": record.check_id,
        "checked_at": _iso(record.checked_at),
        "requested_by": {"name": record.requested_by, "organisation": record.organisation},
        "query": record.query,
        "photos": record.photos,
        "verdict": record.verdict,
        "candidates": record.candidates,
        "coverage": record.coverage,
    }


def _may_see(actor: Actor, row: DiligenceCheck) -> bool:
    if actor.has_role("platform_admin"):
        return True
    if row.organisation_id is not None and row.organisation_id == actor.organisation_id:
        return True
    return row.user_id is not None and row.user_id == actor.user_id


def _record(row: DiligenceCheck, organisation: str | None, certificate_id: str | None) -> CheckRecord:
    return CheckRecord(
        row.id,
        row.created_at,
        row.actor_name,
        organisation,
        row.verdict,
        json.loads(row.query_json),
        json.loads(row.photo_hashes),
        json.loads(row.result_json),
        json.loads(row.coverage_json),
        certificate_id,
    )


def _text_evidence(e: Evidence) -> dict | None:
    if e.text is None:
        return None
    return {
        "verdict": e.text.verdict,
        "probability": round(e.text.probability, 4),
        "score": round(e.text.probability, 4),
        "log2_odds": round(e.text.score, 2),
    }


def _photo_evidence(e: Evidence) -> dict | None:
    if e.photo is None:
        return None
    return {
        "verdict": e.photo.verdict,
        "score": e.photo.score,
        "inliers": e.photo.inliers,
        "register_photo": e.photo.sha256,
        "query_photo": e.photo_number,
    }


def _notice_body(record: CheckRecord, e: Evidence) -> Message:
    """The notice's text, kept as a message (the query and the evidence's figures as they are)."""
    asked = f"{record.requested_by}" + (f" ({record.organisation})" if record.organisation else "")
    query = "; ".join(f"{k}: {v}" for k, v in record.query.items()) or "-"
    evidence = [f"text: {e.text.verdict} (probability {e.text.probability:.3f})"] if e.text else []
    if e.photo:
        evidence.append(f"photo: {e.photo.verdict}, {e.photo.inliers} geometrically verified correspondences")
    return Message(
        N_(
            "%(who)s ran a due-diligence check on %(date)s whose result is '%(verdict)s' for your record "
            "%(record)s.\nQuery as submitted: %(query)s\nPhotos submitted: %(photos)s\nEvidence: %(evidence)s"
        ),
        {
            "who": asked,
            "date": _iso(record.checked_at),
            "verdict": label_message(e.verdict),
            "record": e.object_id,
            "query": query,
            "photos": len(record.photos),
            "evidence": "; ".join(evidence) or "-",
        },
    )


def _iso(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat() + "Z"

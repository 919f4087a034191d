"""The market monitor's use cases: sources, crawls, hits, the analysts' review queue (dismiss or
escalate into an alert, a consultation or a case), evidence export and retro-screening."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import restrict
from heritrace.audit.service import AuditLog
from heritrace.core.actor import SYSTEM, Actor
from heritrace.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from heritrace.core.i18n import N_, Message, _
from heritrace.db.base import utcnow
from heritrace.diligence.signing import PlatformKey
from heritrace.images.decode import ImageRejected
from heritrace.images.identify import NEAR_COPY_BITS
from heritrace.images.store import ImageStore
from heritrace.monitor.archive import ListingArchive, PhotoHashes, object_query
from heritrace.monitor.crawl import CrawlReport, SourceCrawl
from heritrace.monitor.evidence import PackageCheck, Screenshotter, verify_package
from heritrace.monitor.extract import ListingData
from heritrace.monitor.fetch import PoliteFetcher
from heritrace.monitor.models import (
    VERDICTS,
    MonitorEvidence,
    MonitorHit,
    MonitorListing,
    MonitorPhoto,
    MonitorReview,
    MonitorSource,
)
from heritrace.monitor.schemas import DismissIn, EscalateIn, SourceConfig
from heritrace.monitor.screen import TOP_K, ListingScreener, listing_query, outranks
from heritrace.objects.models import CulturalObject, ObjectImage

# the analysts of a monitoring organisation, the police and customs investigators, the operator
REVIEWER_ROLES = frozenset({"analyst", "investigator", "platform_admin"})
RETRO_STATUSES = frozenset({"stolen", "missing", "looted"})
RETRO_PHOTO_CANDIDATES = 50  # listings with a near pHash verified by photo identification, nearest first
ENTITY = "monitor_hit"
ARCHIVED_LISTING = "listing.json"
NO_CAPTURE_WHEN_SEEN = (
    "no evidence was captured when the listing was seen: it raised no hit then, and the raw responses "
    "of such listings are not kept; this package holds what the archive stored (the listing's fields, "
    "its content hash and its photos), sealed when the record was reported"
)


Found = dict[int, tuple[str, float, dict]]  # retro-screening: listing id -> verdict, score, explanation


def may_review(actor: Actor) -> bool:
    return bool(REVIEWER_ROLES & actor.roles)


# the refusal to decide on a hit again, by the decision already taken
HIT_DONE = {
    "dismissed": N_("hit %(id)s was already dismissed"),
    "escalated": N_("hit %(id)s was already escalated"),
}


class MarketMonitor:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        images: ImageStore,
        screener: ListingScreener,
        key: Callable[[], PlatformKey],
        evidence_dir: Path,
        services: Callable[[], Any],
    ):
        self.sessions = sessions
        self.images = images
        self.screener = screener
        self.key = key
        self.evidence_dir = evidence_dir
        self.services = services  # the platform: alerts, consultations, cases (built on first use)
        self.archive = ListingArchive(sessions)
        self.photo_hashes = PhotoHashes(sessions)

    # -- sources -------------------------------------------------------------------------------

    def add_source(self, actor: Actor, config: SourceConfig) -> MonitorSource:
        """Add a source, or replace the configuration of the source of that name."""
        _require_operator(actor)
        with self.sessions.begin() as s:
            source = s.scalar(select(MonitorSource).where(MonitorSource.name == config.name))
            before = json.loads(source.config) if source else None
            if source is None:
                source = MonitorSource(name=config.name)
                s.add(source)
            source.config = config.model_dump_json()
            source.interval_minutes = config.interval_minutes
            s.flush()
            AuditLog(s).record(
                actor, "monitor.source", "monitor_source", config.name, before, config.model_dump()
            )
            s.expunge(source)
        return source

    def sources(self) -> list[dict]:
        with self.sessions() as s:
            rows = s.scalars(select(MonitorSource).order_by(MonitorSource.name)).all()
            counts = dict(
                s.execute(
                    select(MonitorListing.source_id, _count(MonitorListing.id)).group_by(
                        MonitorListing.source_id
                    )
                ).all()
            )
        return [
            {
                **json.loads(r.config),
                "id": r.id,
                "last_crawl_at": r.last_crawl_at.isoformat() if r.last_crawl_at else None,
                "listings": counts.get(r.id, 0),
            }
            for r in rows
        ]

    def remove_source(self, actor: Actor, name: str) -> None:
        """Stop watching a source; its listings, hits and evidence go with it (the audit log keeps
        the record of what was captured)."""
        _require_operator(actor)
        with self.sessions.begin() as s:
            source = s.scalar(select(MonitorSource).where(MonitorSource.name == name))
            if source is None:
                raise NotFound(_("no source named '%(name)s'", name=name))
            ids = select(MonitorListing.id).where(MonitorListing.source_id == source.id)
            for model in (MonitorReview, MonitorEvidence, MonitorPhoto, MonitorHit):
                if model is MonitorReview:
                    hit_ids = select(MonitorHit.id).where(MonitorHit.listing_id.in_(ids))
                    s.execute(delete(MonitorReview).where(MonitorReview.hit_id.in_(hit_ids)))
                else:
                    s.execute(delete(model).where(model.listing_id.in_(ids)))
            s.execute(delete(MonitorListing).where(MonitorListing.source_id == source.id))
            s.delete(source)
            AuditLog(s).record(
                actor, "monitor.source_removed", "monitor_source", name, json.loads(source.config)
            )

    def claim_due_sources(self) -> list[str]:
        """Sources whose crawl interval has passed since their last crawl, marked as crawled now so
        that the next tick does not hand them out again while their crawl runs (the scheduler's)."""
        now = utcnow()
        with self.sessions.begin() as s:
            due = [
                source
                for source in s.scalars(select(MonitorSource).order_by(MonitorSource.name))
                if source.last_crawl_at is None
                or source.last_crawl_at + timedelta(minutes=source.interval_minutes) <= now
            ]
            for source in due:
                source.last_crawl_at = now
            return [source.name for source in due]

    # -- crawling ------------------------------------------------------------------------------

    def crawl(
        self, name: str, fetcher: PoliteFetcher | None = None, screenshots: Screenshotter | None = None
    ) -> CrawlReport:
        """Crawl a source once: listings stored, new and changed ones screened, hits sealed."""
        with self.sessions() as s:
            source = s.scalar(select(MonitorSource).where(MonitorSource.name == name))
            if source is None:
                raise NotFound(_("no source named '%(name)s'", name=name))
            s.expunge(source)
        crawl = SourceCrawl(
            self.sessions, self.images, self.screener, self.key, self.evidence_dir, source,
            fetcher=fetcher, screenshots=screenshots, on_listing=self.archive.put,
        )  # fmt: skip
        return crawl.run()

    # -- hits and the review queue -------------------------------------------------------------

    def hits(
        self,
        actor: Actor,
        source: str | None = None,
        state: str | None = None,
        limit: int = 500,
        hit_id: int | None = None,
    ) -> list[dict]:
        """Hits best first, on register records the actor may read."""
        if not may_review(actor):
            raise Forbidden(_("the review queue is for analysts and investigators"))
        readable = restrict(select(CulturalObject.external_id), actor, CulturalObject)
        query = (
            select(MonitorHit, MonitorListing, MonitorSource.name)
            .join(MonitorListing, MonitorListing.id == MonitorHit.listing_id)
            .join(MonitorSource, MonitorSource.id == MonitorListing.source_id)
            .where(MonitorHit.object_id.in_(readable))
        )
        if source:
            query = query.where(MonitorSource.name == source)
        if state:
            query = query.where(MonitorHit.state == state)
        if hit_id is not None:
            query = query.where(MonitorHit.id == hit_id)
        query = query.order_by(MonitorHit.score.desc(), MonitorHit.id).limit(limit)
        with self.sessions() as s:
            rows = s.execute(query).all()
            evidence = _latest_evidence(s, [listing.id for _, listing, _ in rows])
            reviews = _reviews(s, [hit.id for hit, _, _ in rows])
            titles = _titles(s, [hit.object_id for hit, _, _ in rows])
            return [
                _hit_row(hit, listing, name, evidence.get(listing.id), reviews.get(hit.id, []), titles)
                for hit, listing, name in rows
            ]

    def hit(self, actor: Actor, hit_id: int) -> dict:
        found = self.hits(actor, hit_id=hit_id)
        if not found:
            raise NotFound(_("no hit %(id)s you may see", id=hit_id))
        return found[0]

    def dismiss(self, actor: Actor, hit_id: int, data: DismissIn) -> dict:
        """A look-alike: the hit is closed, and the same content never raises it again."""
        row = self._open_hit(actor, hit_id)
        self._decide(actor, hit_id, "dismissed", "dismiss", data.reason, None)
        return {**row, "state": "dismissed"}

    def escalate(self, actor: Actor, hit_id: int, data: EscalateIn) -> dict:
        """Into an alert to the record's originator, a consultation, or a case; each carries the
        listing's address and the evidence package's sealed digest."""
        row = self._open_hit(actor, hit_id)
        platform = self.services()
        carried = _evidence_text(row)
        if data.kind == "alert":
            reference = self._alert(platform, actor, row, data.note, carried)
        elif data.kind == "consultation":
            from heritrace.consultations.schemas import ConsultationIn

            c = platform.consultations.open(
                actor,
                ConsultationIn(
                    question=f"Is the object offered at {row['listing_url']} "
                    f"register record {row['object_id']}?",
                    object_description=f"{data.note}\n\n{carried}".strip()[:20_000],
                    object_id=row["object_id"], expert_organisation_ids=data.expert_organisation_ids,
                    fields=data.fields,
                ),
            )  # fmt: skip
            reference = f"consultation:{c.id}"
        else:
            from heritrace.cases.schemas import CaseIn

            case = platform.cases.create(
                actor,
                CaseIn(
                    title=f"Market listing: {row['listing_title'] or row['listing_url']}"[:500],
                    summary=f"{data.note}\n\n{carried}".strip()[:20_000], legal_basis=data.legal_basis,
                    object_ids=[row["object_id"]],
                ),
            )  # fmt: skip
            reference = f"case:{case.id}"
        self._decide(actor, hit_id, "escalated", data.kind, data.note, reference)
        return {**row, "state": "escalated", "reference": reference}

    def _alert(self, platform: Any, actor: Actor, row: dict, note: str, carried: str) -> str:
        from heritrace.alerts.models import Alert

        with self.sessions() as s:
            origin = s.scalar(
                select(CulturalObject.organisation_id).where(CulturalObject.external_id == row["object_id"])
            )
        if origin is None:
            raise ValidationFailed({"kind": _("the record has no originating organisation to alert")})
        key = f"monitor-hit:{row['hit_id']}"
        platform.alerts.notify(
            [origin], "market_sighting",
            Message(
                N_("Market sighting of %(record)s: %(listing)s"),
                {"record": row["object_id"], "listing": row["listing_title"] or ""},
            ),
            f"{note}\n\n{carried}".strip(), object_ids=(row["object_id"],),
            link=f"/monitor?hit={row['hit_id']}",
            sender=(actor.name, actor.organisation_id), event_key=key,
        )  # fmt: skip
        with self.sessions() as s:
            alert_id = s.scalar(select(Alert.id).where(Alert.event_key == key))
        if alert_id is None:
            raise Conflict(_("the alert could not be raised; try again"))
        return f"alert:{alert_id}"

    def _open_hit(self, actor: Actor, hit_id: int) -> dict:
        row = self.hit(actor, hit_id)
        if row["state"] != "open":
            done = HIT_DONE.get(row["state"], N_("hit %(id)s was already %(state)s"))
            raise Conflict(_(done, id=hit_id, state=row["state"]))
        return row

    def _decide(
        self, actor: Actor, hit_id: int, state: str, action: str, reason: str, ref: str | None
    ) -> None:
        with self.sessions.begin() as s:
            hit = s.get(MonitorHit, hit_id)
            if hit is None:
                raise NotFound(_("no hit %(id)s", id=hit_id))
            before = {"state": hit.state}
            hit.state = state
            s.add(
                MonitorReview(
                    hit_id=hit_id, action=action, reason=reason, reference=ref, actor=actor.name[:200],
                    organisation_id=actor.organisation_id, created_at=utcnow(),
                )
            )  # fmt: skip
            after = {"state": state, "action": action, "reason": reason, "reference": ref}
            AuditLog(s).record(actor, f"monitor.{action}", ENTITY, str(hit_id), before, after)

    # -- evidence ------------------------------------------------------------------------------

    def evidence_folder(self, listing_id: int) -> tuple[MonitorEvidence, Path]:
        with self.sessions() as s:
            evidence = s.scalar(
                select(MonitorEvidence)
                .where(MonitorEvidence.listing_id == listing_id)
                .order_by(MonitorEvidence.id.desc())
                .limit(1)
            )
            if evidence is None:
                raise NotFound(_("no evidence was captured for listing %(id)s", id=listing_id))
            s.expunge(evidence)
        return evidence, self.evidence_dir / evidence.folder

    def export_evidence(self, actor: Actor, listing_id: int, out: Path) -> PackageCheck:
        """Copy the latest package of a listing to ``out``, checked (signature, digests, and the
        manifest's digest recorded in the audit chain when it was sealed)."""
        if not may_review(actor):
            raise Forbidden(_("evidence packages are for analysts and investigators"))
        evidence, folder = self.evidence_folder(listing_id)
        check = self.verify(folder, evidence.manifest_sha256)
        out.mkdir(parents=True, exist_ok=True)
        shutil.copytree(folder, out, dirs_exist_ok=True)
        with self.sessions.begin() as s:
            AuditLog(s).record(actor, "monitor.evidence_export", "monitor_evidence", str(evidence.id))
        return check

    def verify(self, folder: Path, manifest_sha256: str | None = None) -> PackageCheck:
        from heritrace.diligence.signing import canonical_json

        key = self.key()
        check = verify_package(folder, {key.key_id: key.public})
        if check.manifest is not None and manifest_sha256 is not None:
            import hashlib

            document = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            if hashlib.sha256(canonical_json(document)).hexdigest() != manifest_sha256:
                check.problems.append("manifest differs from the one recorded when sealed")
                check.valid = False
        return check

    # -- retro-screening -----------------------------------------------------------------------

    def retro_screen(self, external_id: str, *, seal: bool = True, text: bool = True) -> list[int]:
        """Search the archive of listings for a newly reported record; new hits' ids. With ``seal``
        their evidence is sealed before it returns; the queue's job passes False and seals in a job of
        its own (`seal_retro`), so that the hits are stored and shown before the slower sealing.
        Without ``text`` only its photos are searched for (photos added to a record reported before)."""
        with self.sessions() as s:
            obj = s.scalar(select(CulturalObject).where(CulturalObject.external_id == external_id))
            if obj is None or obj.status not in RETRO_STATUSES:
                return []
            query = object_query(obj)
            images = [
                (int(i), sha)
                for i, sha in s.execute(
                    select(ObjectImage.id, ObjectImage.sha256).where(ObjectImage.object_id == obj.id)
                )
            ]
        found: Found = {}
        if text:
            self._retro_text(external_id, query, found)
        self._retro_photos(external_id, images, found)
        new = self._store_retro(external_id, found)
        if seal:
            self.seal_retro(new)
        return new

    def seal_retro(self, hit_ids: list[int]) -> None:
        """A retro hit carries the evidence sealed when its listing was seen (it hit another record
        then); a listing that raised no hit when seen had none captured: its package is sealed now
        from what the archive holds, and says so. A listing sealed already is left as it is, so the
        job may run again after a failure."""
        if not hit_ids:
            return
        with self.sessions() as s:
            listing_ids = set(s.scalars(select(MonitorHit.listing_id).where(MonitorHit.id.in_(hit_ids))))
            sealed = set(
                s.scalars(
                    select(MonitorEvidence.listing_id).where(MonitorEvidence.listing_id.in_(listing_ids))
                )
            )
        for listing_id in sorted(listing_ids - sealed):
            self.capture_archived(listing_id)

    def capture_archived(self, listing_id: int) -> int:
        """Seal what the archive holds of a listing: its stored fields (``listing.json``) with the
        content hash computed when it was seen, and its photos from the image store (their SHA-256 as
        recorded then). No HTTP exchange or screenshot exists: the manifest states why."""
        from heritrace.monitor.crawl import EXTENSIONS, seal_listing
        from heritrace.monitor.evidence import PhotoFile

        with self.sessions() as s:
            listing = s.get(MonitorListing, listing_id)
            if listing is None:
                raise NotFound(_("no listing %(id)s", id=listing_id))
            source = s.scalar(select(MonitorSource.name).where(MonitorSource.id == listing.source_id)) or "?"
            photos = list(s.scalars(select(MonitorPhoto).where(MonitorPhoto.listing_id == listing_id)))
            stored = _archived_fields(listing, photos)
        files = []
        missing = []
        for p in photos:
            path = self.images.original_path(p.sha256, p.mime)
            if path.is_file():
                files.append(PhotoFile(p.url, p.sha256, path.read_bytes(), EXTENSIONS.get(p.mime, ".bin")))
            else:
                missing.append(p.sha256)
        note = {
            "captured_from": "archive",
            "archive_note": NO_CAPTURE_WHEN_SEEN,
            "first_seen": stored["first_seen"],
            "last_seen": stored["last_seen"],
            "photos_missing_from_store": missing,
        }
        shots = Screenshotter(enabled=False)
        shots.reason = NO_CAPTURE_WHEN_SEEN
        record = json.dumps(stored, indent=1, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return seal_listing(
            self.sessions, self.key(), self.evidence_dir, listing_id, source, [], files, shots,
            records={ARCHIVED_LISTING: record}, note=note,
        )  # fmt: skip

    def _retro_text(self, external_id: str, query: Any, found: Found) -> None:
        listing_ids = self.archive.candidates(query)
        if not listing_ids:
            return
        matcher = self.screener.matcher
        matcher.engine(max_age=0)  # the new record is in the register engine before screening
        with self.sessions() as s:
            rows = s.execute(
                select(MonitorListing.id, MonitorListing.title, MonitorListing.description).where(
                    MonitorListing.id.in_(listing_ids)
                )
            ).all()
        for listing_id, title, description in rows:
            data = ListingData("", title=title, description=description)
            for hit in matcher.match(SYSTEM, listing_query(data)):
                if hit.object_id == external_id and hit.verdict in VERDICTS:
                    detail = {"verdict": hit.verdict, "probability": round(hit.probability, 4),
                              "score": round(hit.probability, 4), "log2_odds": round(hit.score, 3),
                              "contributions": [asdict(c) for c in hit.contributions]}  # fmt: skip
                    found[listing_id] = (hit.verdict, round(hit.probability, 4), {"text": detail})

    def _retro_photos(self, external_id: str, images: list[tuple[int, str]], found: Found) -> None:
        """Listings showing one of the record's photos: the same file (SHA-256), or a copy of it
        resized or re-encoded (a pHash within ``NEAR_COPY_BITS``) that photo identification confirms."""
        if not images:
            return
        same_file = set()
        with self.sessions() as s:
            rows = s.execute(
                select(MonitorPhoto.listing_id, MonitorPhoto.sha256).where(
                    MonitorPhoto.sha256.in_([sha for _, sha in images])
                )
            )
            for listing_id, sha in rows:
                explanation = found.get(listing_id, ("", 0.0, {}))[2]
                found[listing_id] = ("match", 1.0, {**explanation, "photo": {"same_file": sha}})
                same_file.add(listing_id)
        self._retro_near_copies(external_id, [i for i, _ in images], same_file, found)

    def near_copy_candidates(self, image_ids: list[int], skip: set[int]) -> list[tuple[int, int, int]]:
        """(listing id, photo id, pHash distance) of the archived listings with a photo within
        ``NEAR_COPY_BITS`` of one of the register photos ``image_ids``, the nearest photo of each
        listing, nearest first, at most ``RETRO_PHOTO_CANDIDATES``; listings in ``skip`` left out."""
        phashes = self.screener.photos.phashes(image_ids)
        if not phashes:
            return []
        self.photo_hashes.refresh()
        nearest: dict[int, tuple[int, int]] = {}
        for phash in phashes.values():
            for photo_id, listing_id, distance in self.photo_hashes.near(phash, NEAR_COPY_BITS):
                if listing_id not in skip and (distance, photo_id) < nearest.get(listing_id, (65, 0)):
                    nearest[listing_id] = (distance, photo_id)
        ranked = sorted(nearest.items(), key=lambda item: (item[1], item[0]))[:RETRO_PHOTO_CANDIDATES]
        return [(listing_id, photo_id, distance) for listing_id, (distance, photo_id) in ranked]

    def _retro_near_copies(
        self, external_id: str, image_ids: list[int], skip: set[int], found: Found
    ) -> None:
        candidates = self.near_copy_candidates(image_ids, skip)
        if not candidates:
            return
        with self.sessions() as s:
            photos = {
                row.id: row
                for row in s.execute(
                    select(MonitorPhoto.id, MonitorPhoto.url, MonitorPhoto.sha256, MonitorPhoto.mime).where(
                        MonitorPhoto.id.in_([photo_id for _, photo_id, _ in candidates])
                    )
                )
            }
        for listing_id, photo_id, distance in candidates:
            row = photos.get(photo_id)
            if row is None:  # the listing changed since: that photo is no longer its
                continue
            detail = self._verified_photo(external_id, row.url, row.sha256, row.mime, distance)
            if detail is None:
                continue
            verdict, score, explanation = found.get(listing_id, ("", 0.0, {}))
            if outranks(detail["verdict"], detail["score"], verdict, score):
                verdict, score = detail["verdict"], detail["score"]
            found[listing_id] = (verdict, score, {**explanation, "photo": detail})

    def _verified_photo(self, external_id: str, url: str, sha: str, mime: str, distance: int) -> dict | None:
        """The listing photo identified against the register as the crawl identifies a listing photo:
        its evidence when the record comes out ``match`` or ``possible``, else None."""
        try:
            img = self.images.load(sha, mime)
            hits = self.screener.photos.identify(SYSTEM, img, top_k=TOP_K)
        except ImageRejected:  # no longer in the store, or too little detail to compare
            return None
        hit = next((h for h in hits if h.object_id == external_id and h.verdict in VERDICTS), None)
        if hit is None:
            return None
        return {
            "verdict": hit.verdict, "score": round(float(hit.score), 4), "inliers": hit.inliers,
            "listing_photo": url, "register_photo": hit.sha256, "phash_distance": distance,
        }  # fmt: skip

    def _store_retro(self, external_id: str, found: Found) -> list[int]:
        """New hits stored; a hit the text found before (the record reported first, its photo added
        after) gets the photo's evidence added, and the better verdict, instead of a second hit."""
        new, completed = [], []
        with self.sessions.begin() as s:
            for listing_id, (verdict, score, explanation) in found.items():
                listing = s.get(MonitorListing, listing_id)
                exists = s.scalar(
                    select(MonitorHit).where(
                        MonitorHit.listing_id == listing_id, MonitorHit.object_id == external_id,
                        MonitorHit.content_hash == listing.content_hash,
                    ).with_for_update()
                )  # fmt: skip
                if exists is not None:
                    if _add_photo_evidence(exists, verdict, score, explanation):
                        completed.append(exists.id)
                    continue
                explanation = {**explanation, "retro": {"first_seen": listing.first_seen.isoformat()}}
                hit = MonitorHit(
                    listing_id=listing_id, object_id=external_id, content_hash=listing.content_hash,
                    verdict=verdict, score=score, explanation=json.dumps(explanation, default=str),
                    origin="retro",
                )  # fmt: skip
                s.add(hit)
                s.flush()
                new.append(hit.id)
            if new:
                AuditLog(s).record_many(
                    SYSTEM, "monitor.retro_hit", ENTITY, [(str(i), {"object_id": external_id}) for i in new]
                )
            if completed:
                AuditLog(s).record_many(
                    SYSTEM, "monitor.retro_hit", ENTITY,
                    [(str(i), {"object_id": external_id, "added": "photo"}) for i in completed],
                )  # fmt: skip
        return new


def _add_photo_evidence(hit: MonitorHit, verdict: str, score: float, explanation: dict) -> bool:
    """The photo evidence of a retro-screening added to a hit that had none; False when there was
    nothing to add. The verdict and score become the photo's when they rank higher."""
    stored = json.loads(hit.explanation or "{}")
    if "photo" not in explanation or "photo" in stored:
        return False
    hit.explanation = json.dumps({**stored, "photo": explanation["photo"]}, default=str)
    if outranks(verdict, score, hit.verdict, hit.score or 0.0):
        hit.verdict, hit.score = verdict, score
    return True


def _archived_fields(listing: MonitorListing, photos: list[MonitorPhoto]) -> dict:
    """The listing as the archive stored it when it was last seen, with its hashes."""
    return {
        "listing_id": listing.id, "url": listing.url, "title": listing.title,
        "description": listing.description, "price": listing.price, "currency": listing.currency,
        "seller": listing.seller, "fields": json.loads(listing.fields or "{}"),
        "content_hash": listing.content_hash, "text_hash": listing.text_hash,
        "first_seen": listing.first_seen.isoformat(timespec="seconds") + "Z",
        "last_seen": listing.last_seen.isoformat(timespec="seconds") + "Z",
        "changed_at": listing.changed_at.isoformat(timespec="seconds") + "Z",
        "photos": [{"url": p.url, "sha256": p.sha256, "mime": p.mime} for p in photos],
    }  # fmt: skip


def _require_operator(actor: Actor) -> None:
    if not actor.has_role("platform_admin"):
        raise Forbidden(_("sources are managed by the platform operator"))


def _count(column: Any) -> Any:
    from sqlalchemy import func

    return func.count(column)


def _latest_evidence(s: Session, listing_ids: list[int]) -> dict[int, MonitorEvidence]:
    rows = s.scalars(
        select(MonitorEvidence)
        .where(MonitorEvidence.listing_id.in_(listing_ids))
        .order_by(MonitorEvidence.id)
    )
    return {e.listing_id: e for e in rows}


def _reviews(s: Session, hit_ids: list[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for r in s.scalars(
        select(MonitorReview).where(MonitorReview.hit_id.in_(hit_ids)).order_by(MonitorReview.id)
    ):
        out.setdefault(r.hit_id, []).append(
            {"action": r.action, "reason": r.reason, "reference": r.reference, "by": r.actor,
             "at": r.created_at.isoformat(timespec="seconds")}
        )  # fmt: skip
    return out


def _titles(s: Session, object_ids: list[str]) -> dict[str, str | None]:
    rows = s.execute(
        select(CulturalObject.external_id, CulturalObject.title).where(
            CulturalObject.external_id.in_(object_ids)
        )
    )
    return dict(rows.all())


def _hit_row(
    hit: MonitorHit, listing: MonitorListing, source: str, evidence: MonitorEvidence | None,
    reviews: list[dict], titles: dict[str, str | None],
) -> dict:  # fmt: skip
    return {
        "hit_id": hit.id,
        "listing_id": listing.id,
        "listing_url": listing.url,
        "listing_title": listing.title,
        "listing_price": " ".join(p for p in (listing.price, listing.currency) if p) or None,
        "seller": listing.seller,
        "source": source,
        "relisting_group": listing.group_id,
        "object_id": hit.object_id,
        "object_title": titles.get(hit.object_id),
        "verdict": hit.verdict,
        "score": round(hit.score, 4),
        "origin": hit.origin,
        "state": hit.state,
        "explanation": json.loads(hit.explanation or "{}"),
        "first_seen": listing.first_seen.isoformat(timespec="seconds"),
        "evidence": None
        if evidence is None
        else {
            "id": evidence.id,
            "manifest_sha256": evidence.manifest_sha256,
            "captured_at": evidence.captured_at.isoformat(timespec="seconds"),
        },
        "reviews": reviews,
    }


def _evidence_text(row: dict) -> str:
    ev = row["evidence"]
    lines = [
        f"Listing: {row['listing_url']} (seen on {row['source']}, listing {row['listing_id']})",
        f"Screening: {row['verdict']} (score {row['score']}) for register record {row['object_id']}",
    ]
    if ev:
        lines.append(
            f"Evidence package {ev['id']} captured {ev['captured_at']} UTC, sealed manifest SHA-256 "
            f"{ev['manifest_sha256']} (heritrace monitor evidence {row['listing_id']} --out DIR)"
        )
    return "\n".join(lines)

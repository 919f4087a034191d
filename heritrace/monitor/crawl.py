"""One crawl of a source: pages fetched politely (a few at a time), listings read from them, stored,
screened when new or changed, and sealed as evidence when they hit the register."""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
from PIL import Image
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.audit.service import AuditLog
from heritrace.core.actor import SYSTEM
from heritrace.core.cpu import available_cores
from heritrace.core.text import fold
from heritrace.db.base import utcnow
from heritrace.diligence.signing import PlatformKey
from heritrace.images.decode import ImageRejected, load_image
from heritrace.images.features import PhotoFeatures, extract_query
from heritrace.images.index import native_threads
from heritrace.images.store import ImageStore
from heritrace.monitor.evidence import PhotoFile, Screenshotter, manifest_digest, seal
from heritrace.monitor.extract import ListingData, extract_listing, links, parse
from heritrace.monitor.fetch import Fetched, PoliteFetcher
from heritrace.monitor.models import (
    MonitorCrawl,
    MonitorEvidence,
    MonitorHit,
    MonitorListing,
    MonitorPhoto,
    MonitorSource,
    signed_phash,
)
from heritrace.monitor.schemas import SourceConfig, domain_allowed
from heritrace.monitor.screen import Candidate, ListingScreener

HTML_TYPES = ("text/html", "application/xhtml+xml")
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/tiff": ".tif"}


@dataclass
class CrawlReport:
    source: str
    pages: int = 0
    listings_seen: int = 0
    listings_new: int = 0
    listings_changed: int = 0
    screened: int = 0
    hits: int = 0
    evidence: int = 0
    refused_by_robots: int = 0
    backoffs: int = 0
    errors: int = 0
    hit_listing_ids: list[int] = field(default_factory=list)


@dataclass
class Photo:
    fetched: Fetched
    sha256: str
    mime: str
    image: Image.Image
    _features: PhotoFeatures | None = None

    def features(self) -> PhotoFeatures:
        """The photo's query features, computed once from the decoded image: photo identification
        uses them and the archive keeps their pHash."""
        if self._features is None:
            self._features = extract_query(self.image)
        return self._features


@dataclass
class Prepared:
    """A listing read and (unless unchanged) screened by a worker, waiting to be stored."""

    data: ListingData
    page: Fetched
    photos: list[Photo]
    digest: str
    candidates: list[Candidate] | None


class SeenUrls:
    """The addresses a crawl has queued, in 8 bytes each (a 64-bit BLAKE2b digest of the address)
    instead of the address itself, so that a crawl of a million pages holds about 8 MB: digests
    gathered in a small set, merged into one sorted array when it fills. Two addresses sharing a
    digest (about one chance in 10^7 over a million addresses) would leave the second unfetched
    until the next crawl."""

    BUFFER = 4096

    def __init__(self, urls: list[str] | None = None):
        self._sorted = np.zeros(0, np.uint64)
        self._recent: set[int] = set()
        for url in urls or []:
            self.add(url)

    @staticmethod
    def _digest(url: str) -> int:
        return int.from_bytes(hashlib.blake2b(url.encode(), digest_size=8).digest(), "big")

    def add(self, url: str) -> bool:
        """Remember ``url``; False when it was already there."""
        digest = self._digest(url)
        if digest in self._recent:
            return False
        at = int(np.searchsorted(self._sorted, np.uint64(digest)))
        if at < len(self._sorted) and int(self._sorted[at]) == digest:
            return False
        self._recent.add(digest)
        if len(self._recent) >= self.BUFFER:
            merged = np.fromiter(self._recent, np.uint64, len(self._recent))
            self._sorted = np.union1d(self._sorted, merged)
            self._recent.clear()
        return True

    def __len__(self) -> int:
        return len(self._sorted) + len(self._recent)


def content_hash(data: ListingData, photo_hashes: list[str]) -> str:
    """What the seller shows: the same value means the same listing content, wherever it is."""
    body = [data.title, data.description, data.price, data.currency, data.seller, sorted(photo_hashes)]
    return hashlib.sha256(json.dumps(body, ensure_ascii=False).encode()).hexdigest()


def text_hash(data: ListingData) -> str:
    """Near-identical text (case, accents, spacing and punctuation aside) gives the same value."""
    words = fold(f"{data.title or ''} {data.description or ''}").split()
    return hashlib.sha256(" ".join(w.strip(".,;:!?()[]\"'") for w in words).encode()).hexdigest()


class SourceCrawl:
    """Crawls one source once; ``run`` returns what it saw."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        images: ImageStore,
        screener: ListingScreener,
        key: Callable[[], PlatformKey],
        evidence_dir: Path,
        source: MonitorSource,
        fetcher: PoliteFetcher | None = None,
        screenshots: Screenshotter | None = None,
        on_listing: Callable[[int, str | None, str | None], None] | None = None,
    ):
        self.sessions = sessions
        self.images = images
        self.screener = screener
        self.key = key
        self.evidence_dir = evidence_dir
        self.source_id = source.id
        self.config = SourceConfig.model_validate_json(source.config)
        self.fetcher = fetcher or PoliteFetcher(self.config)
        self.screenshots = screenshots or Screenshotter()
        self.on_listing = on_listing
        self.report = CrawlReport(self.config.name)

    def run(self) -> CrawlReport:
        """Pages are fetched, read and screened by ``concurrency`` workers (the photo features and
        the matching release the GIL, so screening uses every core given); storing and sealing
        happen here, one listing at a time, in the order the pages come back. While it runs, the
        photo libraries' own threads are held to the cores left to each worker (one each when there
        are as many workers as cores), so that the workers do not oversubscribe the machine."""
        started = utcnow()
        frontier: deque[tuple[str, bool]] = deque((u, False) for u in self.config.start_urls)
        queued = SeenUrls(self.config.start_urls)
        workers = self.config.concurrency
        threads = max(1, available_cores() // workers)
        with native_threads(threads), ThreadPoolExecutor(workers, thread_name_prefix="crawl") as pool:
            running: set[Future] = set()
            while frontier or running:
                while frontier and len(running) < workers * 2 and self.report.pages < self.config.max_pages:
                    self.report.pages += 1
                    running.add(pool.submit(self._read_page, *frontier.popleft()))
                if not running:
                    break
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    page_links, prepared = future.result()
                    if prepared is not None:
                        self._listing(prepared)
                    for link, is_listing in page_links:
                        if domain_allowed(link, self.config.allowed_domains) and queued.add(link):
                            frontier.append((link, is_listing))
        self.fetcher.close()
        self.screenshots.close()
        self._record_crawl(started)
        return self.report

    def _read_page(self, url: str, expect: bool) -> tuple[list[tuple[str, bool]], Prepared | None]:
        """In a worker: fetch, read the links and the listing, fetch its photos, and screen it
        unless it was screened with this very content before."""
        fetched = self.fetcher.get(url)
        if fetched is None or not fetched.ok or not fetched.header("content-type").startswith(HTML_TYPES):
            return [], None
        page = parse(fetched.text(), fetched.url)
        selectors = self.config.selectors
        listing_links, more = links(page, fetched.url, selectors)
        page_links = [(u, True) for u in listing_links] + [(u, False) for u in more]
        if selectors.listing_links is not None and not expect:
            return page_links, None
        data = extract_listing(page, fetched.url, selectors, expect)
        if data is None:
            return page_links, None
        photos = [p for p in map(self._photo, data.images) if p is not None]
        digest = content_hash(data, [p.sha256 for p in photos])
        candidates = None
        if not self._screened_before(data.url, digest):
            candidates = self._screen(data, photos)
        return page_links, Prepared(data, fetched, photos, digest, candidates)

    def _screen(self, data: ListingData, photos: list[Photo]) -> list[Candidate]:
        images = [(p.fetched.url, p.image) for p in photos]
        return self.screener.screen(data, images, [p.features() for p in photos])

    def _screened_before(self, url: str, digest: str) -> bool:
        with self.sessions() as s:
            screened = s.scalar(
                select(MonitorListing.screened_hash).where(
                    MonitorListing.source_id == self.source_id, MonitorListing.url == url
                )
            )
        return screened == digest

    def _photo(self, url: str) -> Photo | None:
        fetched = self.fetcher.get(url)
        if fetched is None or not fetched.ok:
            return None
        try:
            img = load_image(fetched.body, max_bytes=self.images.max_bytes, max_pixels=self.images.max_pixels)
            stored = self.images.put(fetched.body, decoded=img)
        except ImageRejected:
            return None
        return Photo(fetched, stored.sha256, stored.mime, img)

    # -- one listing ---------------------------------------------------------------------------

    def _listing(self, prepared: Prepared) -> None:
        data, photos = prepared.data, prepared.photos
        self.report.listings_seen += 1
        with self.sessions.begin() as s:
            listing, changed = self._store(s, data, prepared.digest, photos)
            if not changed:
                return
            candidates = prepared.candidates
            if candidates is None:  # screened before with this content, then changed and changed back
                candidates = self._screen(data, photos)
            listing.screened_hash = prepared.digest
            self.report.screened += 1
            hits = self._hits(s, listing, candidates)
            listing_id = listing.id
        if self.on_listing is not None:
            self.on_listing(listing_id, data.title, data.description)
        if hits:
            self.report.hits += len(hits)
            self.report.hit_listing_ids.append(listing_id)
            self.capture(listing_id, [prepared.page] + [p.fetched for p in photos], photos)

    def _store(
        self, s: Session, data: ListingData, digest: str, photos: list[Photo]
    ) -> tuple[MonitorListing, bool]:
        now = utcnow()
        listing = s.scalar(
            select(MonitorListing).where(
                MonitorListing.source_id == self.source_id, MonitorListing.url == data.url
            )
        )
        if listing is not None and listing.screened_hash == digest:
            listing.last_seen = now
            return listing, False
        if listing is None:
            listing = MonitorListing(source_id=self.source_id, url=data.url[:2000], first_seen=now)
            s.add(listing)
            self.report.listings_new += 1
        else:
            self.report.listings_changed += 1
            for old in s.scalars(select(MonitorPhoto).where(MonitorPhoto.listing_id == listing.id)):
                s.delete(old)
        listing.title = (data.title or "")[:1000] or None
        listing.description, listing.price = data.description, (data.price or "")[:100] or None
        listing.currency, listing.seller = (
            (data.currency or "")[:10] or None,
            (data.seller or "")[:500] or None,
        )
        listing.content_hash, listing.text_hash = digest, text_hash(data)
        listing.fields = json.dumps({"found_by": data.found_by, "images": data.images}, ensure_ascii=False)
        listing.last_seen = listing.changed_at = now
        s.flush()
        for p in photos:
            s.add(
                MonitorPhoto(
                    listing_id=listing.id, url=p.fetched.url[:2000], sha256=p.sha256, mime=p.mime,
                    phash=signed_phash(p.features().phash),
                )
            )  # fmt: skip
        listing.group_id = _relisting_group(s, listing, [p.sha256 for p in photos])
        return listing, True

    def _hits(self, s: Session, listing: MonitorListing, candidates: list[Candidate]) -> list[MonitorHit]:
        dismissed = _dismissed_lookalikes(s, listing, [c.object_id for c in candidates])
        hits = []
        for c in candidates:
            if c.object_id in dismissed:
                continue
            hit = MonitorHit(
                listing_id=listing.id, object_id=c.object_id, content_hash=listing.content_hash,
                verdict=c.verdict, score=c.score, explanation=json.dumps(c.explanation, ensure_ascii=False),
            )  # fmt: skip
            s.add(hit)
            hits.append(hit)
        s.flush()
        if hits:
            AuditLog(s).record_many(
                SYSTEM, "monitor.hit", "monitor_hit",
                [(str(h.id), {"listing": listing.url, "object_id": h.object_id, "verdict": h.verdict})
                 for h in hits],
            )  # fmt: skip
        return hits

    # -- evidence -------------------------------------------------------------------------------

    def capture(self, listing_id: int, exchanges: list[Fetched], photos: list[Photo]) -> int:
        """Seal the evidence of a listing that hit; the manifest's digest goes into the audit chain."""
        files = [
            PhotoFile(p.fetched.url, p.sha256, p.fetched.body, EXTENSIONS.get(p.mime, ".bin")) for p in photos
        ]
        evidence_id = seal_listing(
            self.sessions, self.key(), self.evidence_dir, listing_id, self.config.name, exchanges, files,
            self.screenshots,
        )  # fmt: skip
        self.report.evidence += 1
        return evidence_id

    def _record_crawl(self, started: datetime) -> None:
        counts = self.fetcher.counts
        r = self.report
        r.refused_by_robots, r.backoffs, r.errors = counts.refused_by_robots, counts.backoffs, counts.errors
        with self.sessions.begin() as s:
            s.add(
                MonitorCrawl(
                    source_id=self.source_id, started_at=started, finished_at=utcnow(), pages=r.pages,
                    listings_seen=r.listings_seen, listings_new=r.listings_new,
                    listings_changed=r.listings_changed, screened=r.screened, hits=r.hits,
                    refused_by_robots=r.refused_by_robots, backoffs=r.backoffs, errors=r.errors,
                )
            )  # fmt: skip
            source = s.get(MonitorSource, self.source_id)
            if source is not None:
                source.last_crawl_at = started


def seal_listing(
    sessions: sessionmaker[Session], key: PlatformKey, evidence_dir: Path, listing_id: int, source: str,
    exchanges: list[Fetched], photos: list[PhotoFile], screenshots: Screenshotter,
    records: dict[str, bytes] | None = None, note: dict | None = None,
) -> int:  # fmt: skip
    """Seal a package of a listing (its facts and hits as stored now, the exchanges, photos and other
    ``records`` given), store where it is, and write the manifest's digest to the audit chain."""
    captured_at = utcnow()
    folder_name = f"{listing_id}-{captured_at.strftime('%Y%m%dT%H%M%S%f')}"
    with sessions() as s:
        listing = s.get(MonitorListing, listing_id)
        hits = s.scalars(select(MonitorHit).where(MonitorHit.listing_id == listing_id)).all()
        facts = {**_facts(listing, source, hits), **(note or {})}
    document = seal(
        evidence_dir / folder_name, key, facts, exchanges, photos, screenshots, captured_at, records
    )
    digest = manifest_digest(document)
    with sessions.begin() as s:
        evidence = MonitorEvidence(
            listing_id=listing_id, folder=folder_name, manifest_sha256=digest, key_id=key.key_id,
            captured_at=captured_at,
        )  # fmt: skip
        s.add(evidence)
        s.flush()
        after = {"listing": facts["listing_url"], "manifest_sha256": digest, "key_id": key.key_id}
        if note:
            after["captured_from"] = "archive"
        AuditLog(s).record(SYSTEM, "monitor.evidence", "monitor_evidence", str(evidence.id), after=after)
        return evidence.id


def _facts(listing: MonitorListing, source: str, hits: list[MonitorHit]) -> dict:
    return {
        "listing_id": listing.id,
        "listing_url": listing.url,
        "source": source,
        "listing": {
            "title": listing.title, "description": listing.description, "price": listing.price,
            "currency": listing.currency, "seller": listing.seller, "content_hash": listing.content_hash,
        },
        "hits": [{"object_id": h.object_id, "verdict": h.verdict, "score": h.score} for h in hits],
    }  # fmt: skip


def _relisting_group(s: Session, listing: MonitorListing, photo_hashes: list[str]) -> int:
    """The first listing showing the same photo or the same text: re-listings share its group."""
    same_photo = select(MonitorPhoto.listing_id).where(MonitorPhoto.sha256.in_(photo_hashes or [""]))
    query = select(MonitorListing.group_id, MonitorListing.id).where(
        MonitorListing.id != listing.id,
        or_(MonitorListing.text_hash == listing.text_hash, MonitorListing.id.in_(same_photo)),
    )
    row = s.execute(query.order_by(MonitorListing.id).limit(1)).first()
    return (row[0] or row[1]) if row else listing.id


def _dismissed_lookalikes(s: Session, listing: MonitorListing, object_ids: list[str]) -> set[str]:
    """Objects an analyst already dismissed for this content (here or in a re-listing of it)."""
    if not object_ids:
        return set()
    query = (
        select(MonitorHit.object_id)
        .join(MonitorListing, MonitorListing.id == MonitorHit.listing_id)
        .where(
            MonitorHit.state == "dismissed",
            MonitorHit.object_id.in_(object_ids),
            or_(
                MonitorHit.content_hash == listing.content_hash, MonitorListing.text_hash == listing.text_hash
            ),
        )
    )
    seen = select(MonitorHit.object_id).where(
        MonitorHit.listing_id == listing.id, MonitorHit.content_hash == listing.content_hash
    )
    return set(s.scalars(query)) | set(s.scalars(seen))

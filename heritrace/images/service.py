"""Photo search over the register: keeps the photo index in step with the database and answers
"which register objects does this photo show?" within the actor's rights."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import can_read
from heritrace.access.redaction import HIDDEN_MATCH_NOTICE, hidden_verdict
from heritrace.core.actor import Actor
from heritrace.images.decode import ImageRejected
from heritrace.images.features import PhotoFeatures
from heritrace.images.identify import PhotoCandidate, identify
from heritrace.images.index import PhotoIndex
from heritrace.images.store import ImageStore
from heritrace.objects.models import INVENTORY, CulturalObject, ObjectImage
from heritrace.objects.shares import share_lists

FRESHNESS_S = 2.0  # how often a shared index checks whether a worker saved a newer one


@dataclass
class PhotoHit:
    """One register object proposed for a query photo, as the actor may see it."""

    object_id: str | None
    title: str | None
    image_id: int | None
    sha256: str | None
    score: float
    verdict: str
    inliers: int
    explanation: dict
    notice: str | None = None
    organisation_id: int | None = None


class PhotoSearch:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        store: ImageStore,
        directory: Path,
        embedder=None,
        shared: bool = False,
    ):  # noqa: ANN001
        self.sessions = sessions
        self.store = store
        self.directory = directory
        self.embedder = embedder
        # shared: a web process of a deployment whose workers index photos; the index is mapped
        # read-only and re-opened when a worker saved a newer one
        self.shared = shared
        self._index: PhotoIndex | None = None
        self._opened_at = 0.0
        self._checked = 0.0
        self._lock = threading.Lock()

    @property
    def index(self) -> PhotoIndex:
        with self._lock:
            if self._index is not None and self.shared and time.monotonic() - self._checked > FRESHNESS_S:
                self._checked = time.monotonic()
                if self._index.saved_at() > self._opened_at:
                    self._index = None
            if self._index is None:
                self._index = PhotoIndex.open(self.directory, self.embedder, self.shared)
                self._opened_at = self._index.saved_at()
            return self._index

    def reload(self) -> None:
        """Pick up what another process (the worker) saved."""
        with self._lock:
            self._index = None

    def index_images(self, image_ids: list[int], progress: Callable[[int], None] | None = None) -> list[str]:
        """Extract and index the given register photos; returns a message per photo that failed."""
        failures = []
        rows = self._image_rows(image_ids)
        for done, (image_id, sha, mime) in enumerate(rows, 1):
            try:
                self.index.add(image_id, self._load(sha, mime))
            except ImageRejected as exc:
                failures.append(f"photo {image_id}: {exc.reason}")
            if progress:
                progress(done)
        self.index.save()
        return failures

    def register_photo_count(self) -> int:
        """How many register photos the database holds (the work a full re-index would do)."""
        with self.sessions() as s:
            return s.scalar(select(func.count()).select_from(ObjectImage)) or 0

    def sync(self, progress: Callable[[int], None] | None = None) -> tuple[int, int]:
        """Index register photos missing from the index and forget deleted ones: (added, removed)."""
        with self.sessions() as s:
            in_db = set(s.scalars(select(ObjectImage.id)))
        index = self.index
        stale = [i for i in index.image_ids if i not in in_db]
        for image_id in stale:
            index.remove(image_id)
        missing = sorted(in_db - set(index.image_ids))
        if missing:
            self.index_images(missing, progress)
        elif stale:
            index.save()
        return len(missing), len(stale)

    def rebuild(self, progress: Callable[[int], None] | None = None) -> list[tuple[int, str]]:
        """Re-extract every register photo into a fresh index."""
        with self.sessions() as s:
            rows = s.execute(
                select(ObjectImage.id, ObjectImage.sha256, ObjectImage.mime).order_by(ObjectImage.id)
            ).all()
        items = (
            (image_id, (lambda sha=sha, mime=mime: self._load(sha, mime))) for image_id, sha, mime in rows
        )
        return self.index.rebuild(items, progress)

    def identify(
        self, actor: Actor, img: Image.Image, top_k: int = 10, query: PhotoFeatures | None = None
    ) -> list[PhotoHit]:
        """Register objects shown in ``img``, best first, one entry per object; ``query``: its
        query features when computed already."""
        return [_hit(actor, cand, row) for cand, row in self.matches(img, top_k, query=query)]

    def phashes(self, image_ids: list[int]) -> dict[int, int]:
        """The pHash of each register photo the index holds, of those given; when some are missing
        and another process saved a newer index since this one was opened, it is opened again once."""
        index = self.index
        if any(i not in index for i in image_ids) and index.saved_at() > self._opened_at:
            self.reload()
            index = self.index
        return {i: p for i in image_ids if (p := index.phash(i)) is not None}

    def matches(
        self, img: Image.Image, top_k: int = 10, inventories: bool = False, query: PhotoFeatures | None = None
    ) -> list[tuple[PhotoCandidate, dict]]:
        """The best photo of each object shown in ``img`` with the object's facts, best first,
        whoever may read it: register records, or with ``inventories`` inventory records (one
        index holds both; neither is ever shown as the other)."""
        candidates = identify(self.index, img, top_k=max(top_k * 2, 20), query=query)
        facts = self._objects_of([c.image_id for c in candidates])
        best: dict[str, tuple[PhotoCandidate, dict]] = {}
        for cand in candidates:
            row = facts.get(cand.image_id)
            if row is None or row["object_id"] in best or (row["classification"] == INVENTORY) != inventories:
                continue
            best[row["object_id"]] = (cand, row)
        return sorted(best.values(), key=lambda pair: -pair[0].score)[:top_k]

    def _image_rows(self, image_ids: list[int]) -> list[tuple[int, str, str]]:
        with self.sessions() as s:
            return list(
                s.execute(
                    select(ObjectImage.id, ObjectImage.sha256, ObjectImage.mime)
                    .where(ObjectImage.id.in_(image_ids))
                    .order_by(ObjectImage.id)
                ).all()
            )

    def _objects_of(self, image_ids: list[int]) -> dict[int, dict]:
        if not image_ids:
            return {}
        query = (
            select(
                ObjectImage.id,
                ObjectImage.sha256,
                CulturalObject.external_id,
                CulturalObject.title,
                CulturalObject.classification,
                CulturalObject.organisation_id,
                CulturalObject.id,
            )
            .join(CulturalObject, CulturalObject.id == ObjectImage.object_id)
            .where(ObjectImage.id.in_(image_ids))
        )
        with self.sessions() as s:
            rows = s.execute(query).all()
            shares = share_lists(s, [(r[6], r[4]) for r in rows])
        return {
            r[0]: {
                "sha256": r[1],
                "object_id": r[2],
                "title": r[3],
                "classification": r[4],
                "organisation_id": r[5],
                "shared_with": shares.get(r[6], []),
            }
            for r in rows
        }

    def _load(self, sha: str, mime: str) -> Image.Image:
        return self.store.load(sha, mime)


def _hit(actor: Actor, cand: PhotoCandidate, row: dict) -> PhotoHit:
    if can_read(actor, row["classification"], row["organisation_id"], row["shared_with"]):
        return PhotoHit(
            row["object_id"],
            row["title"],
            cand.image_id,
            row["sha256"],
            cand.score,
            cand.verdict,
            cand.inliers,
            cand.explanation,
            organisation_id=row["organisation_id"],
        )
    # a hit on a record the actor may not read: say there is something, never what it is
    verdict = hidden_verdict(cand.verdict)
    return PhotoHit(
        None,
        None,
        None,
        None,
        cand.score,
        verdict,
        cand.inliers,
        {},
        HIDDEN_MATCH_NOTICE,
        organisation_id=row["organisation_id"],
    )

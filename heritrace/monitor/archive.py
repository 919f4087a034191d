"""The archive of every listing ever seen, indexed as a second register: the text-matching engine
built over listings (a listing is a record there), so that a theft registered today is searched
among listings seen before it was reported. Candidates found there are then screened the ordinary
way (listing against register, as ``heritrace screen`` does), so that their verdicts mean the same."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import datetime

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.matching.engine import MatchEngine
from heritrace.matching.records import Query, RegisterRecord
from heritrace.objects.models import CulturalObject

CANDIDATES = 20


def listing_record(listing_id: int, title: str | None, description: str | None) -> RegisterRecord:
    return RegisterRecord(object_id=str(listing_id), title=title, description=description)


def object_query(obj: CulturalObject) -> Query:
    """A register record as a description to look for among listings."""
    return Query(
        title=obj.title,
        description=" ".join(
            p
            for p in (obj.description, obj.subject, obj.inscriptions_markings, obj.distinguishing_features)
            if p
        )
        or None,
        maker=obj.maker,
        type_of_object=obj.type_text,
        measurements=obj.measurements_text,
        date_or_period=obj.date_text,
        materials_techniques=obj.materials_techniques,
        query_id=obj.external_id,
    )


class ListingArchive:
    """The listings engine: built from the database on first use, then kept in step (listings added
    or changed since, by this process or another)."""

    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions
        self._engine: MatchEngine | None = None
        self._built_at: datetime | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def engine(self, max_age: float = 2.0) -> MatchEngine:
        from heritrace.monitor.models import MonitorListing

        now = time.monotonic()
        if self._engine is not None and now - self._checked < max_age:
            return self._engine
        with self._lock:
            self._checked = now
            with self.sessions() as s:
                latest = s.scalar(select(func.max(MonitorListing.changed_at)))
            if self._engine is None:
                self._engine = MatchEngine.build(self._rows(None))
            elif latest is not None and self._built_at is not None and latest > self._built_at:
                for record in self._rows(self._built_at):
                    self._engine.remove(record.object_id)
                    self._engine.add(record)
            self._built_at = latest or self._built_at or datetime.min
            return self._engine

    def put(self, listing_id: int, title: str | None, description: str | None) -> None:
        """A listing stored by this process: indexed at once (no wait for the next check)."""
        with self._lock:
            if self._engine is not None:
                self._engine.remove(str(listing_id))
                self._engine.add(listing_record(listing_id, title, description))

    def candidates(self, query: Query, top_k: int = CANDIDATES) -> list[int]:
        """Listing ids that may describe the object, best first."""
        return [int(r.object_id) for r in self.engine().match(query, top_k)]

    def _rows(self, since: datetime | None, batch: int = 5000) -> Iterator[RegisterRecord]:
        from heritrace.monitor.models import MonitorListing

        last = 0
        cols = (MonitorListing.id, MonitorListing.title, MonitorListing.description)
        while True:
            query = select(*cols).where(MonitorListing.id > last)
            if since is not None:
                query = query.where(MonitorListing.changed_at > since)
            with self.sessions() as s:
                rows = s.execute(query.order_by(MonitorListing.id).limit(batch)).all()
            if not rows:
                return
            for row in rows:
                yield listing_record(*row)
            last = rows[-1][0]


# how far back (in photo ids) each refresh reads again: on PostgreSQL a row may commit after a row
# with a higher id (ids are taken at insert), so the newest ids are re-read and merged by id
REREAD_IDS = 1000


class PhotoHashes:
    """The pHash of every archived listing photo, in memory: three arrays (photo id, listing id,
    64-bit pHash as numpy uint64), 24 bytes a photo, loaded from ``monitor_photo`` on first use and
    kept in step by photo id (rows added since, by this process or another). Photos stored without
    a pHash (archived before it was kept) are not in it: they are found by same file only.

    ``near`` compares a pHash with every row at once (XOR, then population count), so that the
    archive of a million listings is searched in milliseconds instead of row by row in SQL."""

    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions
        self.photo_ids = np.zeros(0, np.int64)
        self.listing_ids = np.zeros(0, np.int64)
        self.hashes = np.zeros(0, np.uint64)
        self._last = 0  # the highest photo id read
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.photo_ids)

    def refresh(self) -> None:
        """Read the photos added since the last refresh; when there are some, the last
        ``REREAD_IDS`` ids read before are read again (rows that committed late)."""
        from heritrace.monitor.models import MonitorPhoto

        with self._lock:
            with self.sessions() as s:
                latest = s.scalar(select(func.max(MonitorPhoto.id))) or 0
            if latest <= self._last:  # nothing added since (one indexed look-up per search)
                return
            since = max(0, self._last - REREAD_IDS)
            parts = list(self._read(since, latest))
            if parts:
                ids, listings, hashes = (np.concatenate([p[k] for p in parts]) for k in range(3))
                fresh = ~np.isin(ids, self.photo_ids[self.photo_ids > since])
                self.photo_ids = np.concatenate([self.photo_ids, ids[fresh]])
                self.listing_ids = np.concatenate([self.listing_ids, listings[fresh]])
                self.hashes = np.concatenate([self.hashes, hashes[fresh]])
            self._last = max(self._last, latest)

    def near(self, phash: int, max_bits: int) -> list[tuple[int, int, int]]:
        """(photo id, listing id, Hamming distance) of the archived photos within ``max_bits`` of
        ``phash`` (unsigned 64-bit), nearest first."""
        with self._lock:
            hashes, photo_ids, listing_ids = self.hashes, self.photo_ids, self.listing_ids
        distances = np.bitwise_count(hashes ^ np.uint64(phash))
        close = np.flatnonzero(distances <= max_bits)
        order = close[np.lexsort((photo_ids[close], distances[close]))]
        return [(int(photo_ids[i]), int(listing_ids[i]), int(distances[i])) for i in order]

    def _read(self, since: int, until: int, batch: int = 100_000) -> Iterator[tuple[np.ndarray, ...]]:
        from heritrace.monitor.models import MonitorPhoto

        last = since
        cols = (MonitorPhoto.id, MonitorPhoto.listing_id, MonitorPhoto.phash)
        while last < until:
            query = (
                select(*cols)
                .where(MonitorPhoto.id > last, MonitorPhoto.id <= until, MonitorPhoto.phash.is_not(None))
                .order_by(MonitorPhoto.id)
                .limit(batch)
            )
            with self.sessions() as s:
                rows = s.execute(query).all()
            if not rows:
                return
            table = np.array(rows, np.int64).reshape(-1, 3)
            yield table[:, 0].copy(), table[:, 1].copy(), table[:, 2].view(np.uint64).copy()
            last = int(table[-1, 0])

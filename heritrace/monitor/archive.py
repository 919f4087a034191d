"""The archive of every listing ever seen, indexed as a second register: the text-matching engine
built over listings (a listing is a record there), so that a theft registered today is searched
among listings seen before it was reported. Candidates found there are then screened the ordinary
way (listing against register, as ``heritrace screen`` does), so that their verdicts mean the same."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import datetime

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

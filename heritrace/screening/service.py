"""Text identification against the register: the matching engine fed from the database, kept in
step with it, and its results filtered by the actor's rights."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import can_read
from heritrace.access.redaction import HIDDEN_MATCH_NOTICE, hidden_verdict
from heritrace.audit.models import AuditEntry
from heritrace.core.actor import Actor
from heritrace.matching.engine import Contribution, MatchEngine, MatchResult
from heritrace.matching.records import Query, RegisterRecord
from heritrace.objects.models import INVENTORY, CulturalObject, ObjectShare
from heritrace.objects.shares import share_lists

COLUMNS = (
    CulturalObject.external_id,
    CulturalObject.type_text,
    CulturalObject.title,
    CulturalObject.maker,
    CulturalObject.date_text,
    CulturalObject.materials_techniques,
    CulturalObject.measurements_text,
    CulturalObject.inscriptions_markings,
    CulturalObject.distinguishing_features,
    CulturalObject.subject,
    CulturalObject.description,
    CulturalObject.country,
)
FIELDS = (
    "object_id",
    "type_of_object",
    "title",
    "maker",
    "date_or_period",
    "materials_techniques",
    "measurements",
    "inscriptions_markings",
    "distinguishing_features",
    "subject",
    "description",
    "country",
)


@dataclass
class TextHit:
    """One register object proposed for a description, as the actor may see it."""

    object_id: str | None
    title: str | None
    maker: str | None
    score: float
    probability: float
    verdict: str
    contributions: list[Contribution] = field(default_factory=list)
    notice: str | None = None
    organisation_id: int | None = None
    hidden_object: str | None = None  # the real id, for notifying the originator; never shown


# how long the engine answers without checking the register for changes
ENGINE_MAX_AGE = 2.0


class RegisterMatcher:
    """Builds the engine from the register once, then applies changes incrementally."""

    def __init__(self, sessions: sessionmaker[Session], inventories: bool = False):
        self.sessions = sessions
        # the register (default) or the inventories; neither is ever matched against the other
        self.inventories = inventories
        self.scope = (
            CulturalObject.classification == INVENTORY
            if inventories
            else CulturalObject.classification != INVENTORY
        )
        self._engine: MatchEngine | None = None
        self._count = -1
        self._built_at: datetime | None = None
        self._checked = 0.0
        self._generation = -1  # the newest audit entry when the engine was last checked
        self._lock = threading.Lock()
        # object id -> (classification, organisation): who may read what the engine holds
        self._access: dict[str, tuple[str, int | None]] = {}

    def engine(
        self, progress: Callable[[int], None] | None = None, max_age: float = ENGINE_MAX_AGE
    ) -> MatchEngine:
        """The engine, brought up to date with the register when it was last checked over
        ``max_age`` seconds ago (one cheap query), so that batch screening is not slowed down."""
        now = time.monotonic()
        if self._engine is not None and now - self._checked < max_age:
            return self._engine
        with self._lock:
            self._checked = now
            newest_entry = select(func.max(AuditEntry.id)).scalar_subquery()
            with self.sessions() as s:
                count, latest, generation = s.execute(
                    select(
                        func.count(CulturalObject.id), func.max(CulturalObject.updated_at), newest_entry
                    ).where(self.scope)
                ).one()
            if self._engine is None or count < self._count:
                self._engine = MatchEngine.build(self._records(), progress)
            elif latest is not None and self._built_at is not None and latest > self._built_at:
                for record, in_scope in self._changed(self._built_at):
                    self._engine.remove(record.object_id)
                    if in_scope:
                        self._engine.add(record)
            self._count, self._built_at = count, latest or self._built_at or datetime.min
            self._generation = generation or 0
            return self._engine

    def fresh_for(self, generation: int | None) -> float:
        """For how many seconds an answer the engine gives from now on may be kept
        (``heritrace.web.cache``) by a request made at audit-log ``generation``: as long as the
        register does not change if the engine already holds every write up to it, else until the
        engine is next checked against the register (0 when it is not built)."""
        if self._engine is None:
            return 0.0
        if generation is not None and self._generation >= generation:
            return float("inf")
        return max(0.0, self._checked + ENGINE_MAX_AGE - time.monotonic())

    def _records(self, batch: int = 5000) -> Iterator[RegisterRecord]:
        for record, _ in self._rows(self.scope, batch):
            yield record

    def _changed(self, since: datetime) -> Iterator[tuple[RegisterRecord, bool]]:
        """Records changed since the engine was built, with whether they are in its scope: one that
        left it (an inventory record reported stolen) is taken out of the engine."""
        return self._rows(CulturalObject.updated_at > since)

    def _rows(self, where, batch: int = 5000) -> Iterator[tuple[RegisterRecord, bool]]:  # noqa: ANN001
        last = 0
        while True:
            query = select(
                CulturalObject.id, CulturalObject.classification, CulturalObject.organisation_id, *COLUMNS
            )
            query = query.where(CulturalObject.id > last, where).order_by(CulturalObject.id).limit(batch)
            with self.sessions() as s:
                rows = s.execute(query).all()
            if not rows:
                return
            for row in rows:
                record = RegisterRecord(**dict(zip(FIELDS, row[3:], strict=True)))
                self._access[record.object_id] = (row[1], row[2])
                yield record, self._in_scope({"classification": row[1]})
            last = rows[-1][0]

    def match(self, actor: Actor, query: Query, top_k: int = 10) -> list[TextHit]:
        """Register objects that the description may show, best first, within the actor's rights."""
        return self.present(actor, self.engine().match(query, top_k))

    def match_readable(self, actor: Actor, query: Query, top_k: int = 10) -> list[TextHit]:
        """Like ``match``, ranking only the records the actor may read: a search must not hint
        that a hidden record exists, not even by the place it would have taken."""
        engine = self.engine()
        shared = self._shared_with(actor)

        def readable(object_id: str) -> bool:
            access = self._access.get(object_id)
            if access is None:
                return False
            classification, organisation_id = access
            named = [actor.organisation_id] if object_id in shared else []
            return can_read(actor, classification, organisation_id, named)

        hits = self.present(actor, engine.match(query, top_k, allowed=readable))
        return [h for h in hits if h.object_id is not None]

    def _shared_with(self, actor: Actor) -> set[str]:
        """The ids of the restricted records shared with the actor's organisation."""
        if actor.organisation_id is None:
            return set()
        query = (
            select(CulturalObject.external_id)
            .join(ObjectShare, ObjectShare.object_id == CulturalObject.id)
            .where(ObjectShare.organisation_id == actor.organisation_id)
        )
        with self.sessions() as s:
            return set(s.scalars(query))

    def present(self, actor: Actor, results: list[MatchResult]) -> list[TextHit]:
        facts = self._facts([r.object_id for r in results])
        in_scope = [r for r in results if r.object_id in facts and self._in_scope(facts[r.object_id])]
        return [_hit(actor, r, facts[r.object_id]) for r in in_scope]

    def _in_scope(self, fact: dict) -> bool:
        return (fact["classification"] == INVENTORY) == self.inventories

    def _facts(self, ids: list[str]) -> dict[str, dict]:
        if not ids:
            return {}
        query = select(
            CulturalObject.external_id,
            CulturalObject.title,
            CulturalObject.maker,
            CulturalObject.classification,
            CulturalObject.organisation_id,
            CulturalObject.id,
        ).where(CulturalObject.external_id.in_(ids))
        with self.sessions() as s:
            rows = s.execute(query).all()
            shares = share_lists(s, [(r[5], r[3]) for r in rows])
        return {
            r[0]: {
                "title": r[1],
                "maker": r[2],
                "classification": r[3],
                "organisation_id": r[4],
                "shared_with": shares.get(r[5], []),
            }
            for r in rows
        }


def _hit(actor: Actor, result: MatchResult, row: dict) -> TextHit:
    if can_read(actor, row["classification"], row["organisation_id"], row["shared_with"]):
        return TextHit(
            result.object_id,
            row["title"],
            row["maker"],
            result.score,
            result.probability,
            result.verdict,
            result.contributions,
            organisation_id=row["organisation_id"],
        )
    # the actor learns that something may match, never what: the originator is told instead
    verdict = hidden_verdict(result.verdict)
    return TextHit(
        None,
        None,
        None,
        result.score,
        result.probability,
        verdict,
        [],
        HIDDEN_MATCH_NOTICE,
        organisation_id=row["organisation_id"],
        hidden_object=result.object_id,
    )

"""``GET /api/v1/search``: typo-tolerant, cross-language search of the register through the matching
engine, with each result's explanation. Only records the caller may read are returned: unlike a due-
diligence check, a search never hints that a hidden record exists."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from heritrace.core.actor import Actor
from heritrace.core.http import error_responses, get_actor, get_platform
from heritrace.matching.records import Query as MatchQuery
from heritrace.objects.reads import record_reads_of
from heritrace.platform import Heritrace
from heritrace.screening.service import TextHit

router = APIRouter(prefix="/api/v1", tags=["identification"])


class ContributionOut(BaseModel):
    comparison: str
    level: str
    weight: float
    detail: str


class SearchHitOut(BaseModel):
    """One candidate; ``score`` is on the scale of every Heritrace output (docs/matching.md): the
    probability, 0 to 1, that it is the same object; ``log2_odds`` is the engine's evidence."""

    object_id: str
    title: str | None
    maker: str | None
    score: float
    probability: float
    log2_odds: float
    verdict: str
    contributions: list[ContributionOut]


class SearchOut(BaseModel):
    query: str
    matcher_version: str
    results: list[SearchHitOut]


def similar_records(platform: Heritrace, actor: Actor, text: str, top: int = 10) -> list[TextHit]:
    """Register records the matching engine finds for a free-text query, visible ones only."""
    visible = platform.matcher.match_readable(actor, MatchQuery(title=text, description=text), top)
    record_reads_of(platform.sessions, actor, [h.object_id for h in visible if h.object_id], "search")
    return visible


@router.get("/search", response_model=SearchOut, responses=error_responses(422, 503))
def search(
    platform: Annotated[Heritrace, Depends(get_platform)],
    actor: Annotated[Actor, Depends(get_actor)],
    q: Annotated[str, Query(min_length=1, max_length=2000, description="free-text description")],
    top: Annotated[int, Query(ge=1, le=50)] = 10,
) -> SearchOut:
    hits = similar_records(platform, actor, q, top)
    return SearchOut(
        query=q,
        matcher_version=platform.matcher.engine().VERSION,
        results=[
            SearchHitOut(
                object_id=h.object_id,
                title=h.title,
                maker=h.maker,
                score=round(h.probability, 4),
                probability=round(h.probability, 4),
                log2_odds=round(h.score, 3),
                verdict=h.verdict,
                contributions=[
                    ContributionOut(
                        comparison=c.comparison, level=c.level, weight=round(c.weight, 3), detail=c.detail
                    )
                    for c in h.contributions
                ],
            )
            for h in hits
        ],
    )

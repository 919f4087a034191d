"""REST API of the market monitor (``/api/v1/monitor``): the review queue and its decisions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from heritrace.core.actor import Actor
from heritrace.core.errors import Forbidden
from heritrace.core.http import error_responses, get_actor, get_platform
from heritrace.core.i18n import _
from heritrace.monitor.schemas import DismissIn, EscalateIn
from heritrace.monitor.service import may_review
from heritrace.platform import Heritrace

router = APIRouter(prefix="/api/v1/monitor", tags=["monitor"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
Id = Annotated[int, Path(ge=1, le=2_000_000_000)]
State = Annotated[str | None, Query(pattern="^(open|dismissed|escalated)$")]


@router.get("/hits", responses=error_responses(403, 422, 503))
def list_hits(
    platform: Platform, actor: CurrentActor, source: Annotated[str | None, Query(max_length=100)] = None,
    state: State = None,
) -> list[dict]:  # fmt: skip
    """Hits best first, with their explanation, evidence reference and review decisions."""
    return platform.monitor.hits(actor, source=source, state=state)


@router.post("/hits/{hit_id}/dismiss", responses=error_responses(404, 409, 422, 503))
def dismiss_hit(platform: Platform, actor: CurrentActor, hit_id: Id, body: DismissIn) -> dict:
    return platform.monitor.dismiss(actor, hit_id, body)


@router.post("/hits/{hit_id}/escalate", responses=error_responses(404, 409, 422, 503))
def escalate_hit(platform: Platform, actor: CurrentActor, hit_id: Id, body: EscalateIn) -> dict:
    return platform.monitor.escalate(actor, hit_id, body)


@router.get("/sources", responses=error_responses(503))
def list_sources(platform: Platform, actor: CurrentActor) -> list[dict]:
    if not may_review(actor):
        raise Forbidden(_("the market monitor is for analysts and investigators"))
    return platform.monitor.sources()

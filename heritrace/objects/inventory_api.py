"""REST endpoints of inventories: report inventory records stolen, the holder's consent to police
searches, and the police search of consenting inventories. An organisation's own inventory is
listed by ``GET /api/v1/objects?inventory=true``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from heritrace.core.actor import Actor
from heritrace.core.http import error_responses, get_actor, get_platform
from heritrace.matching.records import Query as MatchQuery
from heritrace.objects.schemas import (
    PoliceSearchIn,
    PoliceSearchOut,
    ShortText,
    StrictModel,
    Text,
    TheftReportIn,
    TheftReportOut,
)
from heritrace.platform import Heritrace
from heritrace.screening.api import ContributionOut
from heritrace.screening.inventory import InventoryHit

router = APIRouter(prefix="/api/v1", tags=["inventories"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]


class InventorySearchIn(StrictModel):
    """A description of the seized object (at least one field)."""

    title: ShortText | None = None
    description: Text(5000) | None = None
    maker: ShortText | None = None
    type_of_object: ShortText | None = None
    measurements: ShortText | None = None
    date_or_period: ShortText | None = None
    materials_techniques: ShortText | None = None
    top: int = Field(default=10, ge=1, le=50)

    def query(self) -> MatchQuery:
        return MatchQuery(**self.model_dump(exclude={"top"}))


class InventoryHitOut(BaseModel):
    object_id: str
    title: str | None
    maker: str | None
    type_of_object: str | None
    holder_id: int = Field(description="the organisation holding the record, to be contacted")
    holder: str
    score: float
    verdict: str
    evidence: str = Field(description="text or photo")
    contributions: list[ContributionOut]


def hit_out(hit: InventoryHit) -> InventoryHitOut:
    contributions = [ContributionOut(**vars(c)) for c in hit.contributions]
    return InventoryHitOut(**{**vars(hit), "contributions": contributions})


@router.post(
    "/inventory/report-stolen", response_model=TheftReportOut, responses=error_responses(403, 422, 503)
)
def report_stolen(platform: Platform, actor: CurrentActor, body: TheftReportIn) -> TheftReportOut:
    """Put chosen records of the caller's inventory on the register (one incident) and raise the alert."""
    ids = platform.inventory.report_stolen(actor, body)
    return TheftReportOut(object_ids=ids, status=body.status, classification=body.classification)


@router.put(
    "/inventory/police-search", response_model=PoliceSearchOut, responses=error_responses(403, 404, 422)
)
def allow_police_search(platform: Platform, actor: CurrentActor, body: PoliceSearchIn) -> PoliceSearchOut:
    """Let law enforcement search the organisation's inventory for a seized object's owner (or stop it)."""
    allowed = platform.inventory.allow_police_search(actor, body.allowed)
    return PoliceSearchOut(organisation_id=actor.organisation_id, allowed=allowed)


@router.post(
    "/inventory-search", response_model=list[InventoryHitOut], responses=error_responses(403, 422, 503)
)
def search_inventories(
    platform: Platform, actor: CurrentActor, body: InventorySearchIn
) -> list[InventoryHitOut]:
    """Law enforcement: the inventory records of consenting holders that may show a seized object;
    each holder is told of its hits."""
    return [hit_out(h) for h in platform.inventory_search.search(actor, body.query(), top_k=body.top)]

"""REST API of alerts: send, read, subscribe, acknowledge, follow up (``/api/v1/alerts``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from heritrace.alerts.schemas import AckIn, AlertIn, AlertOut, RecipientStatusOut, SubscriptionIn
from heritrace.core.actor import Actor
from heritrace.core.http import error_responses, get_actor, get_platform
from heritrace.platform import Heritrace

router = APIRouter(prefix="/api/v1", tags=["alerts"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]


@router.post("/alerts", status_code=201, responses=error_responses(422))
def send_alert(platform: Platform, actor: CurrentActor, data: AlertIn) -> AlertOut:
    alert = platform.alerts.send(actor, data)
    return AlertOut(**platform.alerts.get(actor, alert.id))


@router.get("/alerts", responses=error_responses(422))
def list_alerts(
    platform: Platform,
    actor: CurrentActor,
    limit: Annotated[int, Query(ge=1, le=500, description="alerts per page, newest first")] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="alerts to skip")] = 0,
) -> list[AlertOut]:
    """The alerts you may read, newest first (filtered before the page is cut)."""
    return [AlertOut(**a) for a in platform.alerts.visible(actor, limit, offset)]


@router.get("/alerts/{alert_id}", responses=error_responses(404, 422))
def get_alert(platform: Platform, actor: CurrentActor, alert_id: int) -> AlertOut:
    return AlertOut(**platform.alerts.get(actor, alert_id))


@router.get("/alerts/{alert_id}/recipients", responses=error_responses(404, 422))
def alert_recipients(platform: Platform, actor: CurrentActor, alert_id: int) -> list[RecipientStatusOut]:
    return [RecipientStatusOut(**r) for r in platform.alerts.recipient_status(actor, alert_id)]


@router.post("/alerts/{alert_id}/ack", responses=error_responses(404, 422))
def acknowledge(platform: Platform, actor: CurrentActor, alert_id: int, data: AckIn) -> dict:
    ack = platform.alerts.acknowledge(actor, alert_id, data)
    return {"acknowledged": ack.acknowledged_at is not None, "acted": ack.acted_at is not None}


@router.put("/alert-subscriptions/me", responses=error_responses(422))
def subscribe(platform: Platform, actor: CurrentActor, data: SubscriptionIn) -> dict:
    sub = platform.alerts.subscribe(actor, data)
    return {"id": sub.id, "channels": sub.channels.split(",")}


@router.put("/alert-subscriptions/organisation", responses=error_responses(422))
def subscribe_organisation(platform: Platform, actor: CurrentActor, data: SubscriptionIn) -> dict:
    sub = platform.alerts.subscribe(actor, data, organisation_default=True)
    return {"id": sub.id, "channels": sub.channels.split(",")}

"""Alert pages: the public alerts page, the Atom feed, the wanted poster, one alert and its answer."""

from __future__ import annotations

from typing import Annotated
from xml.sax.saxutils import escape

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from heritrace.alerts.poster import wanted_poster
from heritrace.alerts.schemas import AckIn
from heritrace.core.actor import ANONYMOUS, Actor
from heritrace.core.errors import NotFound
from heritrace.core.http import get_actor, get_platform
from heritrace.platform import Heritrace
from heritrace.web.pages import check_csrf, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]


@router.get("/alerts/public", response_class=HTMLResponse)
def public_alerts(request: Request, platform: Platform) -> HTMLResponse:
    return render(request, "alerts/public.html", {"alerts": platform.alerts.public()})


@router.get("/alerts/feed.atom")
def atom_feed(request: Request, platform: Platform) -> Response:
    alerts = platform.alerts.public(limit=50)
    base = str(request.base_url).rstrip("/")
    updated = alerts[0]["created_at"] if alerts else "1970-01-01T00:00:00Z"
    entries = "".join(
        f"<entry><id>{base}/alerts/{a['id']}</id><title>{escape(a['title'])}</title>"
        f'<updated>{a["created_at"]}</updated><link href="{base}/alerts/{a["id"]}"/>'
        f'<category term="{a["type"]}"/><summary>{escape(a["body"])}</summary></entry>'
        for a in alerts
    )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>{base}/alerts/public</id><title>Heritrace public alerts</title><updated>{updated}</updated>"
        f'<link rel="self" href="{base}/alerts/feed.atom"/>{entries}</feed>'
    )
    return Response(xml, media_type="application/atom+xml")


@router.get("/alerts/{alert_id}/poster.pdf")
def poster(platform: Platform, alert_id: int) -> Response:
    alert = platform.alerts.get(ANONYMOUS, alert_id)  # public alerts only
    if alert["type"] != "theft_or_loss":
        raise NotFound("posters are printed for public theft alerts")
    pdf = wanted_poster(alert, lambda sha: platform.images.path(sha, "display"))
    return Response(pdf, media_type="application/pdf")


@router.get("/alerts/{alert_id}", response_class=HTMLResponse)
def alert_page(request: Request, platform: Platform, actor: CurrentActor, alert_id: int) -> HTMLResponse:
    return render(request, "alerts/alert.html", {"alert": platform.alerts.get(actor, alert_id)})


@router.post("/alerts/{alert_id}/ack")
async def acknowledge(
    request: Request, platform: Platform, actor: CurrentActor, alert_id: int
) -> RedirectResponse:
    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    platform.alerts.acknowledge(actor, alert_id, AckIn(state=form.get("state", "acknowledged")))
    return RedirectResponse(f"/alerts/{alert_id}", status_code=303)

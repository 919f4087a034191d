"""Alert pages: the public alerts page, the Atom feed, the wanted poster, one alert and its answer."""

from __future__ import annotations

import json
from typing import Annotated
from xml.sax.saxutils import escape

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from heritrace.alerts.models import ALERT_TYPES, CHANNELS
from heritrace.alerts.poster import wanted_poster
from heritrace.alerts.schemas import AckIn, AlertIn, SubscriptionIn
from heritrace.core.actor import ANONYMOUS, Actor
from heritrace.core.errors import NotFound, ValidationFailed
from heritrace.core.http import get_actor, get_platform
from heritrace.core.i18n import _
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields
from heritrace.web.pages import check_csrf, form_errors, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
CHOICES = {
    "alert_types": ALERT_TYPES,
    "channels": CHANNELS,
    "classifications": ("partners", "law_enforcement", "restricted", "public"),
}


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


def _codes(text: str) -> list[str]:
    return [part.strip().upper() for part in text.replace(";", ",").split(",") if part.strip()]


def _subscription_values(platform: Heritrace, actor: Actor) -> dict:
    sub = platform.alerts.subscription(actor)
    if sub is None:
        return {
            "alert_types": [],
            "countries": "",
            "channels": ["inbox"],
            "email": "",
            "webhook_url": "",
            "active": True,
        }
    return {
        "alert_types": json.loads(sub.alert_types or "[]"),
        "countries": ", ".join(json.loads(sub.countries or "[]")),
        "channels": sub.channels.split(","),
        "email": sub.email or "",
        "webhook_url": sub.webhook_url or "",
        "active": sub.active,
    }


@router.get("/alerts/subscription", response_class=HTMLResponse)
def subscription_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    """Which alerts reach me, and how: the page of ``PUT /api/v1/alert-subscriptions/me``."""
    values = _subscription_values(platform, actor)
    return render(
        request, "alerts/subscription.html", {"values": values, "errors": {}, "saved": False, **CHOICES}
    )


@router.post("/alerts/subscription", response_class=HTMLResponse)
def subscription_submit(
    request: Request, platform: Platform, actor: CurrentActor, form: FormFields
) -> HTMLResponse:
    check_csrf(request, form.get("csrf_token"))
    values = {
        "alert_types": form.getlist("alert_types"),
        "countries": str(form.get("countries") or ""),
        "channels": form.getlist("channels") or ["inbox"],
        "email": str(form.get("email") or "").strip(),
        "webhook_url": str(form.get("webhook_url") or "").strip(),
        "active": form.get("active") is not None,
    }
    data = {**values, "countries": _codes(values["countries"])}
    data = {k: v for k, v in data.items() if v not in ("", None)}
    try:
        platform.alerts.subscribe(actor, SubscriptionIn.model_validate(data))
    except ValidationError as exc:
        return render(
            request,
            "alerts/subscription.html",
            {"values": values, "errors": form_errors(exc), "saved": False, **CHOICES},
            422,
        )
    except ValidationFailed as exc:
        return render(
            request,
            "alerts/subscription.html",
            {"values": values, "errors": exc.errors, "saved": False, **CHOICES},
            422,
        )
    return render(
        request, "alerts/subscription.html", {"values": values, "errors": {}, "saved": True, **CHOICES}
    )


@router.get("/alerts/new", response_class=HTMLResponse)
def new_alert_page(request: Request, actor: CurrentActor) -> HTMLResponse:
    """Send an alert by hand (a theft not yet on the register, heritage at risk, a market sighting)."""
    return render(request, "alerts/new.html", {"values": {}, "errors": {}, **CHOICES})


@router.post("/alerts/new", response_class=HTMLResponse)
def new_alert_submit(request: Request, platform: Platform, actor: CurrentActor, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    values = {
        k: str(form.get(k) or "").strip()
        for k in ("type", "title", "body", "classification", "country", "region", "object_ids")
    }
    values["requires_action"] = form.get("requires_action") is not None
    data = {
        **{k: values[k] for k in ("type", "title", "body", "classification") if values[k]},
        "country": values["country"].upper() or None,
        "region": values["region"] or None,
        "object_ids": values["object_ids"].replace(",", " ").split(),
        "requires_action": values["requires_action"],
    }
    try:
        alert = platform.alerts.send(actor, AlertIn.model_validate(data))
    except ValidationError as exc:
        return render(
            request, "alerts/new.html", {"values": values, "errors": form_errors(exc), **CHOICES}, 422
        )
    except ValidationFailed as exc:
        return render(request, "alerts/new.html", {"values": values, "errors": exc.errors, **CHOICES}, 422)
    return RedirectResponse(f"/alerts/{alert.id}", status_code=303)


@router.get("/alerts/{alert_id}/poster.pdf")
def poster(platform: Platform, alert_id: int) -> Response:
    alert = platform.alerts.get(ANONYMOUS, alert_id)  # public alerts only
    if alert["type"] != "theft_or_loss":
        raise NotFound(_("posters are printed for public theft alerts"))
    pdf = wanted_poster(alert, lambda sha: platform.images.path(sha, "display"))
    return Response(pdf, media_type="application/pdf")


@router.get("/alerts/{alert_id}", response_class=HTMLResponse)
def alert_page(request: Request, platform: Platform, actor: CurrentActor, alert_id: int) -> HTMLResponse:
    return render(request, "alerts/alert.html", {"alert": platform.alerts.get(actor, alert_id)})


@router.post("/alerts/{alert_id}/ack")
def acknowledge(
    request: Request, platform: Platform, actor: CurrentActor, alert_id: int, form: FormFields
) -> RedirectResponse:
    check_csrf(request, form.get("csrf_token"))
    platform.alerts.acknowledge(actor, alert_id, AckIn(state=form.get("state", "acknowledged")))
    return RedirectResponse(f"/alerts/{alert_id}", status_code=303)

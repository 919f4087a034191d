"""Alerts across nodes: an alert raised here is forwarded to every peer with the list of that
peer's organisations that this node's rules let read it; the peer stores it and delivers it to its
own subscribers, applying its own rules as well. Alerts that came from a peer are not forwarded again."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from heritrace.alerts.models import NOTICE_TYPES, Alert, share_alert
from heritrace.alerts.targeting import in_audience, loads, may_read_alert, partner_system_actor
from heritrace.audit.service import AuditLog
from heritrace.core.actor import Actor
from heritrace.db.base import utcnow
from heritrace.db.engine import writing
from heritrace.federation.models import Peer
from heritrace.federation.schemas import AlertFromPeer
from heritrace.partners.models import Organisation

if TYPE_CHECKING:
    from heritrace.platform import Heritrace


class NotForwarded(Exception):
    """The peer did not take the alert (yet): the job queue tries again later."""


def readers_on(platform: Heritrace, alert: Alert, peer: Peer) -> str | list[int]:
    """'everyone' for a public alert, else the peer's organisations (their ids there) that this
    node's rules let read the alert, as this node knows them."""
    if alert.classification == "public":
        return "everyone"
    with platform.sessions() as s:
        mirrors = platform.federation.mirrors(s, peer.id)
    return [
        m.remote_id
        for m in mirrors
        if m.remote_id is not None
        and m.vetting != "suspended"
        and in_audience(alert, m)
        and may_read_alert(partner_system_actor(m), alert, m)
    ]


def forward_alert(platform: Heritrace, alert_id: int, peer_name: str) -> str:
    """Send one alert to one peer (a job: raises ``NotForwarded`` so that it is retried)."""
    with platform.sessions() as s:
        alert = s.get(Alert, alert_id)
        if alert is None or alert.origin_node or alert.type in NOTICE_TYPES:
            return "not for peers"
        s.expunge(alert)
    peer = platform.federation.peer_named(peer_name)
    readers = readers_on(platform, alert, peer)
    if not readers:
        return "no organisation of that node may read it"
    base = (platform.settings.public_url or "").rstrip("/")
    objects = loads(alert.object_ids)
    payload = {
        "id": alert.id, "type": alert.type, "title": alert.title, "body": alert.body,
        "classification": alert.classification, "audience": alert.audience,
        "audience_values": loads(alert.audience_values) if readers == "everyone" else [],
        "country": alert.country, "categories": loads(alert.categories), "sender": alert.sender_name,
        "link": f"{base}/objects/{objects[0]}" if objects and base else alert.link,
        "requires_action": alert.requires_action, "readers": readers,
    }  # fmt: skip
    sender = Actor(name=alert.sender_name, organisation_id=alert.organisation_id)
    answer = platform.federation.ask(peer, sender, "POST", "/alerts", json=payload)
    if not answer.answered:
        raise NotForwarded(f"alert {alert_id} to {peer_name}: {answer.error}")
    return "forwarded"


def forward_to_peers(platform: Heritrace, alert_id: int) -> None:
    """Queue the alert for every active peer (after its local fan-out)."""
    with platform.sessions() as s:
        alert = s.get(Alert, alert_id)
        if alert is None or alert.origin_node or alert.type in NOTICE_TYPES:
            return
    for peer in platform.federation.peers():
        platform.tasks["federation_forward_alert"](alert_id, peer.name)


def receive_alert(platform: Heritrace, actor: Actor, data: AlertFromPeer) -> tuple[int, bool]:
    """Store an alert a peer sent (once: a repeat is recognised by its key) and deliver it to this
    node's subscribers. Returns (alert id here, whether it is new)."""
    peer = platform.federation.peer_named_by_id(actor.node_id)
    key = f"peer:{peer.name}:{data.id}"
    with writing(), platform.sessions() as s:
        known = s.scalar(select(Alert.id).where(Alert.event_key == key))
        if known is not None:
            return known, False
        audience, values = data.audience, data.audience_values
        if data.readers != "everyone":
            own = select(Organisation.id).where(
                Organisation.id.in_(data.readers), Organisation.node_id.is_(None)
            )
            audience, values = "organisations", sorted(s.scalars(own))
        alert = Alert(
            type=data.type, title=data.title, body=data.body, classification=data.classification,
            organisation_id=None, sender_name=f"{data.sender} ({peer.name})"[:200], audience=audience,
            audience_values=json.dumps(values), country=data.country, categories=json.dumps(data.categories),
            object_ids="[]", requires_action=data.requires_action, event_key=key, link=data.link,
            origin_node=peer.name, created_at=utcnow(),
        )  # fmt: skip
        s.add(alert)
        try:
            s.flush()
        except IntegrityError:
            s.rollback()
            return s.scalar(select(Alert.id).where(Alert.event_key == key)), False
        share_alert(s, alert)
        AuditLog(s).record(actor, "federation.alert.receive", "alert", str(alert.id), None, {"key": key})
        s.commit()
        alert_id = alert.id
    platform.alerts.enqueue("alerts_fan_out", alert_id)
    return alert_id, True

"""Who receives an alert: its audience, intersected with subscriptions, then the access filter decides
per recipient (the recipient's own rights, as if they read the alert in Heritrace)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from heritrace.access.policy import can_read, restrict
from heritrace.accounts.models import User
from heritrace.accounts.service import actor_of
from heritrace.alerts.models import NOTICE_TYPES, Alert, AlertShare, AlertSubscription
from heritrace.core.actor import Actor
from heritrace.core.i18n import country_language
from heritrace.partners.models import Organisation


@dataclass(frozen=True)
class Recipient:
    """A member (``user_id`` set) or a partner system acting for its organisation (``user_id`` None)."""

    actor: Actor
    organisation_id: int
    user_id: int | None
    channels: tuple[str, ...]
    email: str | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = None
    language: str | None = None  # the member's interface language (None: English)


def loads(text: str | None) -> list:
    return json.loads(text) if text else []


def partner_system_actor(org: Organisation) -> Actor:
    """The rights of an organisation's own systems (webhook, shared mailbox): those of a vetted
    member with no role beyond reading. ``user_id`` 0: signed in, but no person."""
    vetted = org.vetting == "vetted"
    return Actor(
        name=f"organisation:{org.id}",
        user_id=0,
        organisation_id=org.id,
        roles=frozenset({"analyst"}),
        law_enforcement=vetted and org.law_enforcement,
        vetted=vetted,
    )


def in_audience(alert: Alert, org: Organisation) -> bool:
    values = loads(alert.audience_values)
    if alert.audience == "organisation_types":
        return org.kind in values
    if alert.audience == "countries":
        return (org.country or "") in values
    if alert.audience == "organisations":
        return org.id in values
    return True


def subscribed(sub: AlertSubscription, alert: Alert, sender_kind: str | None, object_types: set[str]) -> bool:
    """Whether the subscription's filters (empty: any) let the alert through."""
    wanted = {
        "alert_types": {alert.type},
        "countries": {alert.country} if alert.country else set(),
        "object_types": object_types,
        "organisation_types": {sender_kind} if sender_kind else set(),
    }
    for field, offered in wanted.items():
        accepted = set(loads(getattr(sub, field)))
        if accepted and not accepted & offered:
            return False
    return True


def may_read_alert(actor: Actor, alert: Alert, org: Organisation | None = None) -> bool:
    """Whether ``actor`` (a member of ``org``) may read ``alert``: its classification decides as for a
    record, and the audience bounds the readers of an alert that is not public: an alert addressed to
    national authorities is theirs (and the sender's), not every vetted partner's. Without ``org`` an
    alert addressed to some organisations is read by the sender and the operator only."""
    named = loads(alert.audience_values) if alert.audience == "organisations" else []
    if not can_read(actor, alert.classification, alert.organisation_id, named):
        return False
    if alert.classification == "public" or alert.audience == "everyone" or actor.has_role("platform_admin"):
        return True
    if actor.organisation_id is not None and actor.organisation_id == alert.organisation_id:
        return True
    return org is not None and org.id == actor.organisation_id and in_audience(alert, org)


def readable_alerts(query: Select, actor: Actor, org: Organisation | None = None) -> Select:
    """``query`` over ``Alert`` down to the alerts ``may_read_alert`` lets ``actor`` (a member of
    ``org``) read, decided in SQL: the classification by ``restrict``, the audience by the alert's
    named organisations (``alert_share``) or by its kinds and countries (JSON lists of strings)."""
    query = restrict(query, actor, Alert)
    if actor.has_role("platform_admin"):
        return query
    bounds = [Alert.classification == "public", Alert.audience == "everyone"]
    if actor.organisation_id is not None:
        bounds.append(Alert.organisation_id == actor.organisation_id)
    if org is not None and org.id == actor.organisation_id:
        named = select(AlertShare.alert_id).where(AlertShare.organisation_id == org.id)
        bounds += [
            (Alert.audience == "organisations") & Alert.id.in_(named),
            (Alert.audience == "organisation_types")
            & Alert.audience_values.contains(json.dumps(org.kind), autoescape=True),
            (Alert.audience == "countries")
            & Alert.audience_values.contains(json.dumps(org.country or ""), autoescape=True),
        ]
    return query.where(or_(*bounds))


def recipients(s: Session, alert: Alert, object_types: set[str]) -> list[Recipient]:
    """Every member and partner system that gets ``alert``, with the channels it gets it on."""
    query = select(Organisation).where(Organisation.vetting != "suspended")
    if alert.audience == "organisations":  # a notice names its few addressees: load only those
        query = query.where(Organisation.id.in_(loads(alert.audience_values)))
    orgs = {o.id: o for o in s.scalars(query) if in_audience(alert, o)}
    if not orgs:
        return []
    sender = s.get(Organisation, alert.organisation_id) if alert.organisation_id else None
    subs = s.scalars(
        select(AlertSubscription).where(
            AlertSubscription.organisation_id.in_(orgs), AlertSubscription.active.is_(True)
        )
    ).all()
    own = {sub.user_id: sub for sub in subs if sub.user_id is not None}
    defaults = {sub.organisation_id: sub for sub in subs if sub.user_id is None}
    # a notice addressed to the organisation by name is no broadcast: filters do not hold it back, and
    # members without a subscription still find it in their inbox
    notice = alert.type in NOTICE_TYPES
    fallback = AlertSubscription(channels="inbox", user_id=None) if notice else None

    def lets_through(sub: AlertSubscription | None) -> bool:
        if sub is None:
            return False
        return notice or subscribed(sub, alert, sender.kind if sender else None, object_types)

    found = _members(s, alert, orgs, own, defaults, lets_through, fallback)
    for org_id, sub in defaults.items():
        found += _partner_system(alert, orgs[org_id], sub) if lets_through(sub) else []
    return found


def _members(
    s: Session, alert: Alert, orgs: dict, own: dict, defaults: dict, lets_through, fallback=None
) -> list[Recipient]:  # noqa: ANN001
    users = s.scalars(select(User).where(User.organisation_id.in_(orgs), User.active.is_(True))).all()
    found = []
    for user in users:
        sub = own.get(user.id) or defaults.get(user.organisation_id) or fallback
        if not lets_through(sub):
            continue
        actor = actor_of(user, orgs[user.organisation_id])
        if not may_read_alert(actor, alert, orgs[user.organisation_id]):
            continue
        personal = sub.user_id is not None
        channels = tuple(c for c in sub.channels.split(",") if c == "inbox" or (c == "email" and personal))
        found.append(
            Recipient(
                actor,
                user.organisation_id,
                user.id,
                channels,
                email=sub.email if personal else None,
                language=user.language,
            )
        )
    return found


def _partner_system(alert: Alert, org: Organisation, sub: AlertSubscription) -> list[Recipient]:
    actor = partner_system_actor(org)
    if not may_read_alert(actor, alert, org):
        return []
    channels = tuple(c for c in sub.channels.split(",") if c in ("email", "webhook"))
    if not channels:
        return []
    # an organisation's own mailbox and systems: no person's language is known, its country's is
    language = country_language(org.country)
    return [
        Recipient(actor, org.id, None, channels, sub.email, sub.webhook_url, sub.webhook_secret, language)
    ]

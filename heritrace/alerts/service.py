"""Use cases of alerts: send, read (as the access filter allows), subscribe, acknowledge, follow up."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import NOT_PUBLISHABLE, may_publish, restrict
from heritrace.alerts.channels import Rejected, Retryable, valid_email, webhook_addresses
from heritrace.alerts.content import alert_summary, linked_objects, object_summary, readable_objects
from heritrace.alerts.delivery import Deliveries
from heritrace.alerts.models import Alert, AlertAck, AlertDelivery, AlertSubscription, share_alert
from heritrace.alerts.schemas import AckIn, AlertIn, NoticeIn, SubscriptionIn
from heritrace.alerts.targeting import may_read_alert, readable_alerts
from heritrace.audit.service import AuditLog
from heritrace.core.actor import ANONYMOUS, SYSTEM, Actor
from heritrace.core.errors import Forbidden, NotFound, ValidationFailed
from heritrace.core.i18n import N_, Message, _, english, messages_json
from heritrace.core.settings import Settings
from heritrace.db.base import utcnow
from heritrace.db.engine import writing
from heritrace.inbox.models import InboxEntry
from heritrace.objects.choices import label_message
from heritrace.objects.models import REGISTER_CLASSIFICATIONS, CulturalObject
from heritrace.objects.reads import record_reads
from heritrace.partners.models import ORGANISATION_KINDS, Organisation

log = logging.getLogger(__name__)
ALERT_OBJECTS = 200  # the most objects one alert names (AlertIn.object_ids)
ACK_FIELDS = ("acknowledged_at", "acknowledged_by", "acted_at", "acted_by", "note")
SENDER_ROLES = frozenset({"platform_admin", "org_admin", "registrar", "investigator"})
# register events that raise an alert, by the status the object reached
EVENT_TYPES = {"stolen": "theft_or_loss", "missing": "theft_or_loss", "looted": "theft_or_loss",
               "seized": "seizure", "recovered": "recovery", "returned": "return"}  # fmt: skip


# the statuses in which an object is still looked for: a theft alert about it stays in public view
WANTED_STATUSES = ("stolen", "missing", "looted")


def withdrawn(alert: Alert, linked: list[CulturalObject]) -> bool:
    """A theft alert whose objects are all no longer wanted (found, seized, returned): withdrawn from
    public view and its poster no longer says "wanted". Decided from the register, never stored."""
    return (
        alert.type == "theft_or_loss"
        and bool(linked)
        and all(o.status not in WANTED_STATUSES for o in linked)
    )


class AlertService:
    def __init__(self, sessions: sessionmaker[Session], settings: Settings, enqueue: Callable[..., None]):
        self.sessions = sessions
        self.enqueue = enqueue
        self.deliveries = Deliveries(sessions, settings, enqueue)

    # -- sending -----------------------------------------------------------------------------------

    def send(
        self, actor: Actor, data: AlertIn, event_key: str | None = None, message: str | None = None
    ) -> Alert:
        """Store the alert (audited) and hand its fan-out to the job queue. ``message``: a system
        notice's title and body as messages (``core.i18n.messages_json``), for each recipient's language."""
        if not (SENDER_ROLES & actor.roles) or not actor.may("write"):
            raise Forbidden(_("your role does not allow sending alerts"))
        if data.classification == "public" and not may_publish(actor):
            raise ValidationFailed({"classification": _(NOT_PUBLISHABLE)})
        with writing(), self.sessions() as s:
            _check(s, data, actor)
            alert = Alert(
                **data.model_dump(exclude={"audience_values", "categories", "object_ids"}),
                audience_values=json.dumps(data.audience_values),
                categories=json.dumps(data.categories),
                object_ids=json.dumps(data.object_ids),
                organisation_id=actor.organisation_id,
                sender_name=_sender_name(s, actor),
                event_key=event_key,
                created_at=utcnow(),
                message=message,
            )
            s.add(alert)
            s.flush()
            share_alert(s, alert)
            AuditLog(s).record(actor, "create", "alert", str(alert.id), after=alert_summary(alert))
            s.commit()
        self.enqueue("alerts_fan_out", alert.id)
        return alert

    def on_object_event(self, external_id: str, status: str) -> None:
        """A register record reached ``status``: theft, seizure, recovery or return alerts follow."""
        self.on_objects_event([external_id], status)

    def on_objects_event(self, external_ids: list[str], status: str) -> None:
        """Register records reached ``status`` together (inventory records reported stolen in one
        step): one alert names them all. Never lets a delivery problem undo or fail the register
        write that caused it."""
        if status not in EVENT_TYPES or not external_ids:
            return
        try:
            self._raise_for_objects(external_ids, status)
        except IntegrityError:
            pass  # the same event already raised its alert
        except Exception:  # noqa: BLE001
            log.exception("could not raise an alert for %s (%s)", ", ".join(external_ids[:5]), status)

    def _raise_for_objects(self, external_ids: list[str], status: str) -> None:
        with self.sessions() as s:
            query = select(CulturalObject).where(CulturalObject.external_id.in_(external_ids))
            objs = list(s.scalars(query.order_by(CulturalObject.id).limit(ALERT_OBJECTS)))
            if not objs:
                return
            first = objs[0]
            org = s.get(Organisation, first.organisation_id) if first.organisation_id else None
        kind = EVENT_TYPES[status]
        title, body = _event_title(objs, status), _event_body(objs, status)
        data = AlertIn(
            type=kind,
            title=title.english()[:300],
            body=body.english(),
            classification=max((o.classification for o in objs), key=REGISTER_CLASSIFICATIONS.index),
            country=first.country if len({o.country for o in objs}) == 1 else None,
            categories=sorted({o.type_concept for o in objs if o.type_concept})[:50],
            object_ids=[o.external_id for o in objs],
            requires_action=kind == "theft_or_loss",
        )
        sender = _platform_sender(org.name if org else "Heritrace", first.organisation_id)
        key = f"object:{first.external_id}:{status}:{first.version}"
        if len(objs) > 1:
            key = f"objects:{first.external_id}+{len(objs) - 1}:{status}:{first.version}"
        self.send(sender, data, event_key=key, message=messages_json(title=title, body=body))

    def notify(
        self,
        organisation_ids: list[int],
        kind: str,
        title: str | Message,
        body: str | Message,
        *,
        object_ids: tuple[str, ...] = (),
        link: str | None = None,
        sender: tuple[str, int | None] = ("Heritrace", None),
        event_key: str | None = None,
    ) -> None:
        """Address a restricted notice (``NOTICE_TYPES``) to the named organisations only; it is
        delivered like any alert (their members' channels, read receipts). ``sender`` is a name and
        the organisation that may also read it (None: nobody but the addressees and the operator).
        Like register events, a failure here never undoes the write that caused the notice. A title or
        body given as a Message is written in each recipient's language (English is stored as well)."""
        if not organisation_ids:
            return
        data = NoticeIn(
            type=kind, title=english(title)[:300], body=english(body)[:20_000], classification="restricted",
            audience="organisations", audience_values=sorted(set(organisation_ids)),
            object_ids=list(object_ids), link=link,
        )  # fmt: skip
        try:
            message = messages_json(title=title, body=body)
            self.send(_platform_sender(*sender), data, event_key=event_key, message=message)
        except IntegrityError:
            pass  # the same event already raised its notice
        except Exception:  # noqa: BLE001
            log.exception("could not notify organisations %s (%s)", organisation_ids, kind)

    # -- reading -----------------------------------------------------------------------------------

    def get(self, actor: Actor, alert_id: int) -> dict:
        """The alert with the linked objects the actor may read; 404 if the actor may not read it."""
        with self.sessions() as s:
            alert = s.get(Alert, alert_id)
            if alert is None or not may_read_alert(actor, alert, _organisation(s, actor)):
                raise NotFound(_("no alert %(id)s", id=alert_id))
            linked = linked_objects(s, alert)
            objects = readable_objects(actor, linked)
            record_reads(self.sessions, actor, [(o.external_id, o.classification) for o in objects], "alert")
            return {
                **alert_summary(alert, in_reader_language=True),
                "withdrawn": withdrawn(alert, linked),
                "objects": [object_summary(o, actor.is_anonymous) for o in objects],
            }

    def visible(self, actor: Actor, limit: int = 100, offset: int = 0) -> list[dict]:
        """Newest alerts the actor may read: the access filter runs in SQL (``readable_alerts``) before
        the limit, so a page is never short of the alerts the actor may read behind ones it may not."""
        with self.sessions() as s:
            query = readable_alerts(select(Alert), actor, _organisation(s, actor)).order_by(Alert.id.desc())
            rows = s.scalars(query.limit(limit).offset(offset)).all()
            return [alert_summary(a, in_reader_language=True) for a in rows]

    def public(self, limit: int = 100) -> list[dict]:
        with self.sessions() as s:
            rows = s.scalars(
                select(Alert).where(Alert.classification == "public").order_by(Alert.id.desc()).limit(limit)
            ).all()
            shown = [self.get(ANONYMOUS, a.id) for a in rows]
        # a theft alert leaves public view once its objects are found (seized, recovered, returned)
        return [a for a in shown if not a["withdrawn"]]

    # -- acknowledgement ---------------------------------------------------------------------------

    def acknowledge(self, actor: Actor, alert_id: int, data: AckIn) -> AlertAck:
        """A recipient organisation acknowledges an alert that asks for action, or reports it acted."""
        with writing(), self.sessions() as s:
            alert = s.get(Alert, alert_id)
            received = s.scalar(
                select(AlertDelivery.id).where(
                    AlertDelivery.alert_id == alert_id, AlertDelivery.organisation_id == actor.organisation_id
                )
            )
            if alert is None or received is None or not may_read_alert(actor, alert, _organisation(s, actor)):
                raise NotFound(_("no alert %(id)s for your organisation", id=alert_id))
            if not alert.requires_action:
                raise ValidationFailed({"state": _("this alert does not ask for action")})
            ack = s.scalar(
                select(AlertAck).where(
                    AlertAck.alert_id == alert_id, AlertAck.organisation_id == actor.organisation_id
                )
            ) or AlertAck(alert_id=alert_id, organisation_id=actor.organisation_id)
            now = utcnow()
            if ack.acknowledged_at is None:
                ack.acknowledged_at, ack.acknowledged_by = now, actor.name
            if data.state == "acted" and ack.acted_at is None:
                ack.acted_at, ack.acted_by = now, actor.name
            ack.note = data.note or ack.note
            s.add(ack)
            AuditLog(s).record(actor, data.state, "alert", str(alert_id), after={"note": data.note})
            s.commit()
            return ack

    def recipient_status(self, actor: Actor, alert_id: int) -> list[dict]:
        """For the sender: per recipient organisation, its deliveries, read receipts and answer."""
        with self.sessions() as s:
            alert = s.get(Alert, alert_id)
            if alert is None or not (
                actor.has_role("platform_admin")
                or (actor.organisation_id is not None and actor.organisation_id == alert.organisation_id)
            ):
                raise NotFound(_("no alert %(id)s sent by your organisation", id=alert_id))
            deliveries = s.scalars(select(AlertDelivery).where(AlertDelivery.alert_id == alert_id)).all()
            acks = {
                a.organisation_id: a for a in s.scalars(select(AlertAck).where(AlertAck.alert_id == alert_id))
            }
            reads = dict(
                s.execute(
                    select(InboxEntry.user_id, InboxEntry.read_at).where(InboxEntry.alert_id == alert_id)
                ).all()
            )
            names = dict(s.execute(select(Organisation.id, Organisation.name)).all())
        return _status_rows(deliveries, acks, reads, names)

    # -- subscriptions -----------------------------------------------------------------------------

    def subscription(self, actor: Actor, organisation_default: bool = False) -> AlertSubscription | None:
        with self.sessions() as s:
            return s.scalar(_subscription_query(actor, organisation_default))

    def subscribe(
        self, actor: Actor, data: SubscriptionIn, organisation_default: bool = False
    ) -> AlertSubscription:
        """Set the actor's own subscription, or (organisation administrators) their members' default."""
        if actor.organisation_id is None or actor.user_id is None:
            raise Forbidden(_("only members of a partner organisation subscribe to alerts"))
        if organisation_default and not {"org_admin", "platform_admin"} & actor.roles:
            raise Forbidden(_("only an organisation administrator sets its members' defaults"))
        _check_subscription(data, organisation_default, self.deliveries.settings.webhook_private_addresses)
        with writing(), self.sessions() as s:
            sub = s.scalar(_subscription_query(actor, organisation_default)) or AlertSubscription(
                organisation_id=actor.organisation_id, user_id=None if organisation_default else actor.user_id
            )
            values = data.model_dump()
            for key in ("alert_types", "countries", "object_types", "organisation_types"):
                values[key] = json.dumps(values[key])
            values["channels"] = ",".join(dict.fromkeys(data.channels))
            for key, value in values.items():
                setattr(sub, key, value)
            s.add(sub)
            AuditLog(s).record(actor, "subscribe", "alert_subscription", str(actor.organisation_id),
                               after={k: v for k, v in values.items() if k != "webhook_secret"})  # fmt: skip
            s.commit()
            return sub


def _subscription_query(actor: Actor, organisation_default: bool):  # noqa: ANN202
    user = (
        AlertSubscription.user_id.is_(None)
        if organisation_default
        else AlertSubscription.user_id == actor.user_id
    )
    return select(AlertSubscription).where(AlertSubscription.organisation_id == actor.organisation_id, user)


def _check_subscription(data: SubscriptionIn, organisation_default: bool, private_ok: bool = False) -> None:
    errors = {}
    if "email" in data.channels and not valid_email(data.email):
        errors["email"] = _("a valid e-mail address is needed for the e-mail channel")
    if "webhook" in data.channels and not organisation_default:
        errors["channels"] = _("webhooks are set for the organisation (its default subscription)")
    if "webhook" in data.channels and not (data.webhook_url and data.webhook_secret):
        errors["webhook_url"] = _("a webhook needs a URL and a shared secret")
    elif data.webhook_url:
        try:
            webhook_addresses(data.webhook_url, private_ok)
        except (Rejected, Retryable) as exc:
            errors["webhook_url"] = str(exc)
    unknown = set(data.organisation_types) - set(ORGANISATION_KINDS)
    if unknown:
        errors["organisation_types"] = _("unknown: %(values)s", values=", ".join(sorted(unknown)))
    if errors:
        raise ValidationFailed(errors)


# the field message when an audience is chosen without naming who is in it
AUDIENCE_MISSING = {
    "organisation_types": N_("name the organisation types the alert is for"),
    "countries": N_("name the countries the alert is for"),
    "organisations": N_("name the organisations the alert is for"),
}


def _check(s: Session, data: AlertIn, actor: Actor) -> None:
    errors = {}
    if data.audience != "everyone" and not data.audience_values:
        errors["audience_values"] = _(AUDIENCE_MISSING[data.audience])
    if data.audience == "organisations" and not all(isinstance(v, int) for v in data.audience_values):
        errors["audience_values"] = _("organisations are named by their ids")
    if data.audience == "organisation_types" and set(data.audience_values) - set(ORGANISATION_KINDS):
        errors["audience_values"] = _(
            "organisation types are: %(types)s", types=", ".join(ORGANISATION_KINDS)
        )
    if data.object_ids:
        query = select(CulturalObject.external_id).where(CulturalObject.external_id.in_(data.object_ids))
        if "system" not in actor.roles:
            # a record the sender may not read is missing for them: the answer must not tell them apart
            query = restrict(query, actor, CulturalObject)
        found = set(s.scalars(query))
        missing = [i for i in data.object_ids if i not in found]
        if missing:
            errors["object_ids"] = _("no register record %(ids)s", ids=", ".join(missing[:5]))
    if errors:
        raise ValidationFailed(errors)


def _event_title(objs: list[CulturalObject], status: str) -> Message:
    first = objs[0]
    said = {"status": label_message(status), "name": first.title or first.type_text or first.external_id}
    if len(objs) > 1:
        return Message(
            N_("%(status)s: %(name)s and %(count)s other objects"), {**said, "count": len(objs) - 1}
        )
    return Message(N_("%(status)s: %(name)s"), said)


def _event_body(objs: list[CulturalObject], status: str) -> Message:
    if len(objs) == 1:
        said = {"record": objs[0].external_id, "status": label_message(status)}
        return Message(N_("Register record %(record)s is now '%(status)s'."), said)
    return Message(
        N_("%(count)s register records are now '%(status)s': %(records)s."),
        {
            "count": len(objs),
            "status": label_message(status),
            "records": ", ".join(o.external_id for o in objs),
        },
    )


def _platform_sender(name: str, organisation_id: int | None) -> Actor:
    """Heritrace sending on an event's behalf (register changes, checks, consultations)."""
    return Actor(name=name, organisation_id=organisation_id, roles=SYSTEM.roles, vetted=True)


def _organisation(s: Session, actor: Actor) -> Organisation | None:
    """The actor's organisation: an alert's audience is a set of organisations."""
    return s.get(Organisation, actor.organisation_id) if actor.organisation_id is not None else None


def _sender_name(s: Session, actor: Actor) -> str:
    org = s.get(Organisation, actor.organisation_id) if actor.organisation_id else None
    return org.name if org else actor.name


def _status_rows(deliveries, acks: dict, reads: dict, names: dict) -> list[dict]:  # noqa: ANN001
    rows: dict[int, dict] = {}
    for d in deliveries:
        ack = acks.get(d.organisation_id)
        row = rows.setdefault(d.organisation_id, {
            "organisation_id": d.organisation_id, "organisation": names.get(d.organisation_id, "?"),
            **{k: getattr(ack, k, None) for k in ACK_FIELDS},
            "deliveries": [],
        })  # fmt: skip
        row["deliveries"].append({
            "channel": d.channel, "user_id": d.user_id, "status": d.status, "attempts": d.attempts,
            "last_error": d.last_error, "delivered_at": d.delivered_at,
            "read_at": reads.get(d.user_id) if d.channel == "inbox" else None,
        })  # fmt: skip
    return sorted(rows.values(), key=lambda r: r["organisation"])

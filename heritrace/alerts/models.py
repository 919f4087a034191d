"""Tables of alerts: the alert, subscriptions, planned deliveries, every attempt, acknowledgements."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, Session, mapped_column

from heritrace.db.base import Base, utcnow

ALERT_TYPES = ("theft_or_loss", "heritage_at_risk", "seizure", "market_sighting", "recovery", "return")
# notices Heritrace itself addresses to named organisations (never sent through the API): they reach
# the organisation's members whatever their subscription's filters, on their subscription's channels
NOTICE_TYPES = (
    "due_diligence_hit",
    "photo_identification_hit",
    "consultation_request",
    "consultation_message",
    "inventory_search_hit",
    "case_invitation",
    "meeting_action",
    "training_registration",
)
AUDIENCES = ("everyone", "organisation_types", "countries", "organisations")
CHANNELS = ("inbox", "email", "webhook")
# pending: waiting for (another) attempt; sending: claimed by one worker; delivered: done;
# rejected: the far side refused for good (bad address, 4xx); failed: retries used up, redeliverable
DELIVERY_STATES = ("pending", "sending", "delivered", "rejected", "failed")


class Alert(Base):
    __tablename__ = "alert"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    type: Mapped[str] = mapped_column(String(30), index=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    classification: Mapped[str] = mapped_column(String(20), default="partners", index=True)
    public_withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)  # as for register records
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    sender_name: Mapped[str] = mapped_column(String(200))
    audience: Mapped[str] = mapped_column(String(30), default="everyone")
    audience_values: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    region: Mapped[str | None] = mapped_column(String(200), nullable=True)
    categories: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of object-type terms
    object_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of register external ids
    requires_action: Mapped[bool] = mapped_column(Boolean, default=False)
    event_key: Mapped[str | None] = mapped_column(String(200), nullable=True, unique=True)
    link: Mapped[str | None] = mapped_column(String(300), nullable=True)  # the page the alert is about
    # the peer node an alert came from (None: raised on this node); such alerts are not forwarded again
    origin_node: Mapped[str | None] = mapped_column(String(63), nullable=True)
    # a system notice's title and body as messages (JSON, core.i18n.Message), written in each
    # recipient's language; None: written by a person, shown as written
    message: Mapped[str | None] = mapped_column(Text, nullable=True)


class AlertSubscription(Base):
    """A user's subscription, or (``user_id`` empty) the default its organisation set for members."""

    __tablename__ = "alert_subscription"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), nullable=True, index=True
    )
    # JSON lists; an empty list means "any"
    alert_types: Mapped[str] = mapped_column(Text, default="[]")
    countries: Mapped[str] = mapped_column(Text, default="[]")
    object_types: Mapped[str] = mapped_column(Text, default="[]")
    organisation_types: Mapped[str] = mapped_column(Text, default="[]")
    channels: Mapped[str] = mapped_column(String(60), default="inbox")  # comma-separated
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    webhook_url: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    webhook_secret: Mapped[str | None] = mapped_column(String(200), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AlertDelivery(Base):
    """One alert to one recipient over one channel; the idempotency key makes it happen at most once."""

    __tablename__ = "alert_delivery"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alert.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(Integer, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    channel: Mapped[str] = mapped_column(String(10))
    target: Mapped[str] = mapped_column(String(1000))
    payload: Mapped[str] = mapped_column(Text)  # JSON: what this recipient may read, fixed at planning
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class DeliveryAttempt(Base):
    __tablename__ = "delivery_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("alert_delivery.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    outcome: Mapped[str] = mapped_column(String(12))  # delivered | retry | rejected | failed
    detail: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)


class AlertAck(Base):
    """A recipient organisation's answer to an alert that asks for action."""

    __tablename__ = "alert_ack"
    __table_args__ = (UniqueConstraint("alert_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alert.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(Integer)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    acted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    acted_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class AlertShare(Base):
    """An organisation a ``restricted`` alert is addressed to by name (``audience`` "organisations"):
    the access filter (``restrict``) reads these rows as ``can_read`` reads ``audience_values``."""

    __tablename__ = "alert_share"
    __table_args__ = (UniqueConstraint("alert_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alert.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(Integer, index=True)


Alert.share_model = AlertShare
Alert.share_key = "alert_id"


def share_alert(s: Session, alert: Alert) -> None:
    """Name the alert's addressees in ``alert_share`` (after the alert is flushed: it has its id)."""
    if alert.audience != "organisations":
        return
    for org_id in sorted({v for v in json.loads(alert.audience_values or "[]") if isinstance(v, int)}):
        s.add(AlertShare(alert_id=alert.id, organisation_id=org_id))

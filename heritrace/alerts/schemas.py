"""Input and output shapes of alerts and subscriptions."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from heritrace.core.http import UtcDateTime

AlertType = Literal["theft_or_loss", "heritage_at_risk", "seizure", "market_sighting", "recovery", "return"]
NoticeType = Literal[
    "due_diligence_hit",
    "photo_identification_hit",
    "consultation_request",
    "consultation_message",
    "inventory_search_hit",
    "case_invitation",
    "meeting_action",
    "training_registration",
]
Audience = Literal["everyone", "organisation_types", "countries", "organisations"]
Classification = Literal["public", "partners", "law_enforcement", "restricted"]
Channel = Literal["inbox", "email", "webhook"]


class AlertIn(BaseModel):
    type: AlertType
    title: str = Field(min_length=3, max_length=300)
    body: str = Field(default="", max_length=20_000)
    classification: Classification = "partners"
    audience: Audience = "everyone"
    audience_values: list[str | int] = Field(default_factory=list, max_length=500)
    country: str | None = Field(default=None, min_length=2, max_length=2)
    region: str | None = Field(default=None, max_length=200)
    categories: list[str] = Field(default_factory=list, max_length=50)
    object_ids: list[str] = Field(default_factory=list, max_length=200)
    requires_action: bool = False


class NoticeIn(AlertIn):
    """A notice Heritrace addresses to named organisations (due-diligence hits, consultations)."""

    type: AlertType | NoticeType
    link: str | None = Field(default=None, max_length=300)


class SubscriptionIn(BaseModel):
    alert_types: list[AlertType] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list, max_length=300)
    object_types: list[str] = Field(default_factory=list, max_length=100)
    organisation_types: list[str] = Field(default_factory=list, max_length=20)
    channels: list[Channel] = Field(default_factory=lambda: ["inbox"], min_length=1)
    email: str | None = Field(default=None, max_length=320)
    webhook_url: str | None = Field(default=None, max_length=1000, pattern=r"^https?://")
    webhook_secret: str | None = Field(default=None, min_length=16, max_length=200)
    active: bool = True


class AckIn(BaseModel):
    state: Literal["acknowledged", "acted"]
    note: str | None = Field(default=None, max_length=5000)


class AlertOut(BaseModel):
    id: int
    type: str
    title: str
    body: str
    classification: str
    sender: str
    organisation_id: int | None
    country: str | None
    region: str | None
    categories: list[str]
    requires_action: bool
    created_at: str
    link: str | None = None
    objects: list[dict] = []


class DeliveryOut(BaseModel):
    channel: str
    user_id: int | None
    status: str
    attempts: int
    last_error: str | None
    delivered_at: UtcDateTime | None
    read_at: UtcDateTime | None = None


class RecipientStatusOut(BaseModel):
    organisation_id: int
    organisation: str
    acknowledged_at: UtcDateTime | None
    acknowledged_by: str | None
    acted_at: UtcDateTime | None
    acted_by: str | None
    note: str | None
    deliveries: list[DeliveryOut]

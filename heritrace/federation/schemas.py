"""Request and response shapes of the federation: what peers send each other, and the merged
answers people get (with the coverage of every node)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from heritrace.alerts.schemas import AlertType, Audience, Classification
from heritrace.diligence.schemas import CheckIn


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class NodeCoverage(BaseModel):
    """One node of the federation in a coverage statement."""

    node: str
    url: str | None = None
    answered: bool
    records: int | None = Field(default=None, description="register records on that node")
    last_updated: str | None = Field(default=None, description="last change of its register (UTC)")
    error: str | None = Field(default=None, description="why it did not answer (time limit, unreachable)")


class FederatedHit(BaseModel):
    node: str
    object_id: str
    object_url: str
    title: str | None
    maker: str | None
    score: float
    probability: float
    verdict: str


class FederatedSearchOut(BaseModel):
    query: str
    results: list[FederatedHit]
    coverage: list[NodeCoverage]
    statement: str


class FederatedCandidate(BaseModel):
    node: str
    object_id: str | None
    object_url: str | None = None
    title: str | None = None
    score: float | None = None
    verdict: str
    inliers: int | None = None
    notice: str | None = None
    originating_organisation: str | None = None


class FederatedIdentifyOut(BaseModel):
    candidates: list[FederatedCandidate]
    coverage: list[NodeCoverage]
    statement: str


class PeerOut(BaseModel):
    name: str
    base_url: str
    key_id: str
    active: bool
    timeout_s: float
    organisations: int = Field(description="organisations of that node known here")


class ParticipantIn(Strict):
    organisation_id: int = Field(
        ge=1, le=2_000_000_000, description="an organisation of this node or of a peer"
    )


class MessageIn(Strict):
    text: str = Field(min_length=1, max_length=20_000)


class ParticipantOut(BaseModel):
    organisation_id: int
    name: str
    peer_told: bool | None = Field(
        description="for an organisation of a peer: whether its node took the notice"
    )


class RemoteMessageOut(BaseModel):
    node: str
    message_id: int
    classification: str


class RemoteCaseOut(BaseModel):
    node: str
    case: dict
    messages: list[dict]


# -- between nodes ---------------------------------------------------------------------------------


class SearchAsk(Strict):
    q: str = Field(min_length=1, max_length=2000)
    top: int = Field(default=10, ge=1, le=50)


class CheckAsk(Strict):
    query: CheckIn
    photos: list[str] = Field(default_factory=list, max_length=5, description="base64 of each photo")


class AlertFromPeer(Strict):
    id: int
    type: AlertType
    title: str = Field(min_length=3, max_length=300)
    body: str = Field(default="", max_length=20_000)
    classification: Classification
    audience: Audience
    audience_values: list[str | int] = Field(default_factory=list, max_length=500)
    country: str | None = Field(default=None, max_length=2)
    categories: list[str] = Field(default_factory=list, max_length=50)
    sender: str = Field(max_length=200)
    link: str | None = Field(default=None, max_length=300)
    requires_action: bool = False
    readers: Literal["everyone"] | list[int] = Field(
        description="'everyone' for a public alert, else the organisations of the receiving node (their ids "
        "there) that the sending node's rules let read it"
    )


class CaseNotice(Strict):
    case_id: int
    title: str = Field(max_length=500)
    organisation_id: int = Field(description="the invited organisation's id on the receiving node")

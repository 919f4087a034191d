"""Input and output shapes of regular meetings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from heritrace.core.http import UtcDateTime
from heritrace.meetings.models import ACTION_STATES, PARTICIPANT_ROLES

Classification = Literal["public", "partners", "law_enforcement", "restricted"]
ActionState = Literal[tuple(ACTION_STATES)]  # type: ignore[valid-type]
Role = Literal[tuple(PARTICIPANT_ROLES)]  # type: ignore[valid-type]
Title = Annotated[str, StringConstraints(min_length=2, max_length=300, strip_whitespace=True)]
LongTitle = Annotated[str, StringConstraints(min_length=2, max_length=500, strip_whitespace=True)]
Id = Annotated[int, Field(ge=1, le=2_000_000_000)]
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2999, 12, 31))]
Moment = Annotated[datetime, Field(ge=datetime(1900, 1, 1), le=datetime(2999, 12, 31))]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SeriesIn(StrictModel):
    title: Title
    description: str = Field(default="", max_length=20_000)
    classification: Classification = "partners"


class ParticipantIn(StrictModel):
    organisation_id: Id | None = None
    person: str = Field(default="", max_length=200)
    role: Role = "member"

    @model_validator(mode="after")
    def _someone(self) -> ParticipantIn:
        if self.organisation_id is None and not self.person.strip():
            raise ValueError("name an organisation or a person")
        return self


class MeetingIn(StrictModel):
    title: Title
    series_id: Id | None = None
    starts_at: Moment = Field(description="UTC, or with an offset")
    ends_at: Moment | None = Field(default=None, description="two hours after the start when absent")
    place: str = Field(default="", max_length=300)
    online_url: Annotated[str, StringConstraints(max_length=500, pattern=r"^https?://\S+$")] | None = None
    classification: Classification = "partners"
    agenda: list[LongTitle] = Field(default_factory=list, max_length=100)
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=200)


class AgendaItemIn(StrictModel):
    title: LongTitle
    notes: str = Field(default="", max_length=20_000)


class MinutesIn(StrictModel):
    minutes: Annotated[str, StringConstraints(min_length=3, max_length=200_000, strip_whitespace=True)]


class DecisionIn(StrictModel):
    text: Annotated[str, StringConstraints(min_length=3, max_length=20_000, strip_whitespace=True)]
    agenda_item_id: Id | None = None


class ActionIn(StrictModel):
    title: LongTitle
    owner_organisation_id: Id | None = None
    due_on: Day | None = None
    decision_id: Id | None = None
    notes: str = Field(default="", max_length=20_000)


class ActionUpdateIn(StrictModel):
    status: ActionState | None = None
    notes: str | None = Field(default=None, max_length=20_000)
    due_on: Day | None = None


class SeriesOut(BaseModel):
    id: int
    title: str
    description: str
    classification: str
    organisation: str | None
    meetings: int


class ParticipantOut(BaseModel):
    id: int
    organisation_id: int | None
    organisation: str | None
    person: str
    role: str


class AgendaItemOut(BaseModel):
    id: int
    position: int
    title: str
    notes: str
    action_id: int | None = Field(description="an open action of an earlier meeting, carried forward")


class DocumentOut(BaseModel):
    id: int
    title: str
    filename: str
    media_type: str
    size: int
    sha256: str
    url: str


class DecisionOut(BaseModel):
    id: int
    text: str
    agenda_item_id: int | None
    created_at: UtcDateTime


class ActionOut(BaseModel):
    id: int
    meeting_id: int
    meeting: str
    title: str
    owner_organisation_id: int | None
    owner: str | None
    due_on: date | None
    status: str
    overdue: bool
    notes: str
    decision_id: int | None
    completed_at: UtcDateTime | None


class MeetingSummary(BaseModel):
    id: int
    series_id: int | None
    series: str | None
    title: str
    starts_at: UtcDateTime
    ends_at: UtcDateTime
    place: str
    status: str
    classification: str
    organisation: str | None


class MeetingOut(MeetingSummary):
    online_url: str | None
    minutes: str
    minutes_at: UtcDateTime | None
    minutes_by: str | None
    participants: list[ParticipantOut]
    agenda: list[AgendaItemOut]
    documents: list[DocumentOut]
    decisions: list[DecisionOut]
    actions: list[ActionOut]
    may_edit: bool

"""Input and output shapes of expert consultations."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from heritrace.consultations.models import DEFAULT_TARGET_HOURS, EXPERTISE_FIELDS, OUTCOMES
from heritrace.core.http import UtcDateTime

Field_ = Literal[tuple(EXPERTISE_FIELDS)]  # type: ignore[valid-type]
OutcomeCode = Literal[tuple(OUTCOMES)]  # type: ignore[valid-type]
ObjectRef = Annotated[str, StringConstraints(min_length=1, max_length=120, strip_whitespace=True)]
CaseRef = Annotated[int, Field(ge=1, le=2_000_000_000)]


class StrictModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class ConsultationIn(StrictModel):
    question: Annotated[str, StringConstraints(min_length=5, max_length=5000, strip_whitespace=True)]
    object_description: str = Field(default="", max_length=20_000)
    object_id: ObjectRef | None = Field(default=None, description="a register record the object may be")
    expert_organisation_ids: list[Annotated[int, Field(ge=1, le=2_000_000_000)]] = Field(
        default_factory=list, max_length=50
    )
    fields: list[Field_] = Field(default_factory=list, max_length=12, description="fields of expertise")
    target_hours: int = Field(
        default=DEFAULT_TARGET_HOURS, ge=1, le=24 * 30, description="response-time target"
    )


class CloseIn(StrictModel):
    outcome_code: OutcomeCode
    outcome_text: Annotated[str, StringConstraints(min_length=3, max_length=5000, strip_whitespace=True)]
    object_id: ObjectRef | None = None
    case_id: CaseRef | None = None


class LinkIn(StrictModel):
    object_id: ObjectRef | None = None
    case_id: CaseRef | None = None


class ExpertiseIn(StrictModel):
    fields: list[Field_] = Field(max_length=12)


class AttachmentOut(BaseModel):
    id: int
    kind: str
    filename: str
    media_type: str
    size: int
    sha256: str
    url: str


class MessageOut(BaseModel):
    id: int
    at: UtcDateTime
    author: str
    organisation: str | None
    body: str
    attachments: list[AttachmentOut]


class ExpertOut(BaseModel):
    organisation_id: int
    organisation: str
    invited_for: str
    first_response_at: UtcDateTime | None
    response_hours: float | None
    met_target: bool | None = Field(description="null while it has not answered and is not yet late")


class ConsultationSummary(BaseModel):
    id: int
    created_at: UtcDateTime
    status: str
    question: str
    requested_by: str
    organisation: str | None
    experts: int
    outcome_code: str | None


class ConsultationOut(ConsultationSummary):
    object_description: str
    fields: list[str]
    target_hours: int
    due_at: UtcDateTime
    outcome_text: str | None
    outcome_label: str | None
    closed_at: UtcDateTime | None
    closed_by: str | None
    object_id: str | None
    case_id: int | None
    photos: list[AttachmentOut]
    expert_organisations: list[ExpertOut]
    messages: list[MessageOut]
    answered_within_target: int
    mine: bool = Field(description="whether the reader's organisation asked")


class OrganisationRef(BaseModel):
    id: int
    name: str
    kind: str
    country: str | None


class ExpertiseOut(BaseModel):
    field: str
    label: str
    organisations: list[OrganisationRef]

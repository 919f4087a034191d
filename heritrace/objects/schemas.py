"""Request and response models of the register (strict: no silent coercion)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from heritrace.core.http import UtcDateTime
from heritrace.core.i18n import N_
from heritrace.objects.models import INCIDENT_TYPES, REGISTER_CLASSIFICATIONS


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text and SQLite would keep it: refuse it the same way on both
    if "\x00" in value:
        raise ValueError(N_("must not contain NUL (0x00) characters"))
    return value


def Text(max_length: int, min_length: int = 0, strip: bool = True):  # noqa: ANN201, N802 - a type
    """Free text of at most ``max_length`` characters, without NUL characters."""
    constraints = StringConstraints(min_length=min_length, max_length=max_length, strip_whitespace=strip)
    return Annotated[str, constraints, AfterValidator(_no_nul)]


ShortText = Text(500)
LongText = Text(20_000)
ExternalId = Annotated[
    str, StringConstraints(min_length=1, max_length=120, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")
]


class StrictModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class IncidentIn(StrictModel):
    type: Text(40, min_length=1)
    date: ShortText | None = None
    place: ShortText | None = None
    country: ShortText | None = None
    circumstances: LongText | None = None
    reporting_organisation: ShortText | None = None
    reference: ShortText | None = None


class IdentifierIn(StrictModel):
    scheme: Text(60, min_length=1)
    value: Text(200, min_length=1)


class ObjectFields(StrictModel):
    """The Object ID description as submitted: free text; structured values are derived from it."""

    type_of_object: ShortText | None = None
    title: Text(1000) | None = None
    maker: ShortText | None = None
    date_or_period: ShortText | None = None
    materials_techniques: Text(1000, strip=False) | None = None
    measurements: ShortText | None = None
    inscriptions_markings: LongText | None = None
    distinguishing_features: LongText | None = None
    subject: LongText | None = None
    description: LongText | None = None
    country: ShortText | None = None
    place_of_origin: ShortText | None = None
    inventory_number: Text(200) | None = None
    related_written_material: LongText | None = None
    cross_references: LongText | None = None
    date_documented: Annotated[str, StringConstraints(max_length=10)] | None = Field(
        default=None, description="ISO date YYYY-MM-DD"
    )
    classification: Annotated[str, StringConstraints(max_length=20)] = "public"
    # need-to-know: shown only to law enforcement and the originating organisation
    owner_name: ShortText | None = Field(default=None, description="owner or victim (personal data)")
    suspects: LongText | None = Field(default=None, description="suspects (personal data)")
    investigation_notes: LongText | None = None
    current_location: ShortText | None = Field(default=None, description="where a seized object is kept")
    shared_with: list[Annotated[int, Field(ge=1, le=2_000_000_000)]] = Field(
        default_factory=list,
        max_length=100,
        description="organisation ids that may read a 'restricted' record besides its originator",
    )


class ObjectIn(ObjectFields):
    """A new register record (or a full record in an import)."""

    id: ExternalId | None = Field(default=None, description="external id; generated when absent")
    status: Annotated[str, StringConstraints(max_length=30)] = "missing"
    incident: IncidentIn | None = None
    incidents: list[IncidentIn] = Field(default_factory=list, max_length=50)
    identifiers: list[IdentifierIn] = Field(default_factory=list, max_length=50)


# A bulk import keeps the text it is given: registers write whole descriptions into date or type
# fields and labels longer than a form allows; only the size of a record as a whole is bounded.
ImportText = Text(20_000)


class ImportedIncident(IncidentIn):
    type: Text(500, min_length=1)
    date: ImportText | None = None
    place: ImportText | None = None
    country: ImportText | None = None
    reporting_organisation: ImportText | None = None
    reference: ImportText | None = None


class ImportedObject(ObjectIn):
    """A record of a bulk import: as ``ObjectIn``, with free text of any reasonable length and
    controlled values as written (read by label, see ``objects.choices``)."""

    type_of_object: ImportText | None = None
    title: ImportText | None = None
    maker: ImportText | None = None
    date_or_period: ImportText | None = None
    materials_techniques: Text(20_000, strip=False) | None = None
    measurements: ImportText | None = None
    country: ImportText | None = None
    place_of_origin: ImportText | None = None
    inventory_number: ImportText | None = None
    date_documented: Text(200) | None = None
    classification: Text(200) = "public"
    status: Text(200) = "missing"
    incident: ImportedIncident | None = None
    incidents: list[ImportedIncident] = Field(default_factory=list, max_length=50)


class TheftReportIn(StrictModel):
    """Chosen inventory records reported stolen (or missing, or looted) in one step."""

    object_ids: list[ExternalId] = Field(min_length=1, max_length=200)
    status: Literal["stolen", "missing", "looted"] = "stolen"
    incident_type: Literal[INCIDENT_TYPES] = "theft"  # type: ignore[valid-type]
    date: ShortText | None = Field(default=None, description="when it happened (c. 2024-03-12, March 2024)")
    place: ShortText | None = None
    country: ShortText | None = None
    circumstances: LongText | None = None
    police_reference: ShortText | None = Field(default=None, description="reference of the police report")
    classification: Literal[REGISTER_CLASSIFICATIONS] = "public"  # type: ignore[valid-type]


class TheftReportOut(BaseModel):
    object_ids: list[str]
    status: str
    classification: str


class PoliceSearchIn(StrictModel):
    """Whether law enforcement may search the organisation's inventory for a seized object's owner."""

    allowed: bool


class PoliceSearchOut(BaseModel):
    organisation_id: int
    allowed: bool


class ObjectUpdate(ObjectFields):
    """A full replacement of the description; ``version`` guards against lost updates."""

    version: int = Field(ge=1)


class StatusChangeIn(StrictModel):
    status: Annotated[str, StringConstraints(max_length=30)]
    reason: Text(2000, min_length=1)


class MeasurementsOut(BaseModel):
    height_cm: float | None = None
    width_cm: float | None = None
    depth_cm: float | None = None
    diameter_cm: float | None = None
    length_cm: float | None = None
    weight_g: float | None = None
    area_cm2: float | None = None
    display: str | None = None


class PeriodOut(BaseModel):
    edtf: str | None = None
    earliest: int | None = None
    latest: int | None = None


class ConceptOut(BaseModel):
    id: str
    label: str


class IncidentOut(BaseModel):
    type: str
    type_text: str | None = Field(default=None, description="the type as written, when it could not be read")
    date: str | None = None
    date_edtf: str | None = None
    place: str | None = None
    country: str | None = None
    circumstances: str | None = None
    reporting_organisation: str | None = None
    reference: str | None = None


class StatusChangeOut(BaseModel):
    status: str
    previous_status: str | None
    changed_at: UtcDateTime
    changed_by: str
    reason: str | None


class ImageOut(BaseModel):
    id: int
    sha256: str
    mime: str
    width: int
    height: int
    url: str
    thumbnail_url: str
    publishable: bool


class ObjectOut(BaseModel):
    id: str
    status: str
    classification: str
    type_of_object: str | None
    type_concept: ConceptOut | None
    title: str | None
    maker: str | None
    date_or_period: str | None
    period: PeriodOut
    materials_techniques: str | None
    materials: list[ConceptOut]
    measurements: str | None
    measurements_cm: MeasurementsOut
    inscriptions_markings: str | None
    distinguishing_features: str | None
    subject: str | None
    description: str | None
    country: str | None
    place_of_origin: str | None
    inventory_number: str | None
    related_written_material: str | None
    cross_references: str | None
    date_documented: date | None
    owner_name: str | None = None
    suspects: str | None = None
    investigation_notes: str | None = None
    current_location: str | None = None
    shared_with: list[int] = []
    flags: list[str]
    incidents: list[IncidentOut]
    identifiers: list[IdentifierIn]
    images: list[ImageOut]
    status_history: list[StatusChangeOut]
    version: int
    created_at: UtcDateTime
    updated_at: UtcDateTime


class ObjectSummary(BaseModel):
    id: str
    status: str
    classification: str
    type_of_object: str | None
    title: str | None
    maker: str | None
    date_or_period: str | None
    country: str | None
    thumbnail_url: str | None


class ObjectPage(BaseModel):
    items: list[ObjectSummary]
    total: int = Field(description="matching records, counted up to 1,000")
    total_exact: bool = Field(description="false when more than `total` records match")
    page: int
    per_page: int

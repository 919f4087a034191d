"""Input and output shapes of case files (API bodies; the web forms are read into the same shapes)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from heritrace.cases.compensation import BASES, CLAIM_STATUSES
from heritrace.core.http import UtcDateTime
from heritrace.core.i18n import N_

LEGAL_BASES = {
    "unesco_1970_art7bii": N_("1970 UNESCO Convention, Art. 7(b)(ii)"),
    "unidroit_1995_ch2": N_("1995 UNIDROIT Convention, chapter II (stolen objects)"),
    "unidroit_1995_ch3": N_("1995 UNIDROIT Convention, chapter III (illegally exported objects)"),
    "eu_directive_2014_60": N_("Directive 2014/60/EU (between EU Member States)"),
    "hague_1954_protocol1": N_("1954 Hague Convention, First Protocol"),
    "bilateral": N_("Bilateral agreement"),
    "national_law": N_("National law"),
    "icprcp": N_("ICPRCP mediation or conciliation"),
}
PARTY_ROLES = {
    "requesting_state": N_("Requesting State or authority"),
    "owner": N_("Owner"),
    "current_possessor": N_("Current possessor"),
    "intermediary": N_("Intermediary"),
    "police_customs": N_("Police or customs"),
    "unesco_icprcp": N_("UNESCO secretariat / ICPRCP"),
    "mediator_expert": N_("Mediator or expert"),
    "court": N_("Court"),
}
FACT_FIELDS = (
    "requesting_state",
    "holding_state",
    "claim",
    "object_categories",
    "event_date",
    "knowledge_date",
    "notification_date",
    "proceedings_date",
)
Classification = Literal["public", "partners", "law_enforcement", "restricted"]
# a message is never public: it is read by the case's participants only
MessageClassification = Literal["partners", "law_enforcement", "restricted"]
CompensationBasis = Literal[tuple(BASES)]  # type: ignore[valid-type]
ClaimStatus = Literal[CLAIM_STATUSES]  # type: ignore[valid-type]
LegalBasis = Literal[tuple(LEGAL_BASES)]  # type: ignore[valid-type]
PartyRole = Literal[tuple(PARTY_ROLES)]  # type: ignore[valid-type]


class PartyIn(BaseModel):
    role: PartyRole
    name: str = Field(min_length=1, max_length=500)
    country: str | None = Field(default=None, max_length=2)
    reference: str | None = Field(default=None, max_length=300)


class CaseFactsIn(BaseModel):
    """The facts the deadline engine reads; each may be unknown (null) at first."""

    requesting_state: str | None = Field(default=None, max_length=2)
    holding_state: str | None = Field(default=None, max_length=2)
    claim: Literal["stolen", "illegally_exported", "unlawfully_removed"] | None = None
    object_categories: list[str] = []
    event_date: date | None = None
    knowledge_date: date | None = None
    notification_date: date | None = None
    proceedings_date: date | None = None
    unverified_facts: list[str] = Field(default=[], description="facts entered but not yet confirmed")


class CaseIn(CaseFactsIn):
    title: str = Field(min_length=1, max_length=500)
    summary: str = Field(default="", max_length=20000)
    classification: Classification = "restricted"
    legal_basis: LegalBasis
    object_ids: list[str] = Field(min_length=1, description="register ids of the claimed objects")
    parties: list[PartyIn] = []


class CaseUpdate(CaseFactsIn):
    """A whole-case edit; ``version`` is the version the editor started from (optimistic locking)."""

    version: int = Field(ge=1, le=2_000_000_000)
    title: str = Field(min_length=1, max_length=500)
    summary: str = Field(default="", max_length=20000)
    classification: Classification = "restricted"
    legal_basis: LegalBasis
    parties: list[PartyIn] = []
    returned_on: date | None = None


class TransitionIn(BaseModel):
    to_state: str
    note: str = Field(default="", max_length=5000)
    version: int | None = Field(
        default=None, ge=1, le=2_000_000_000, description="refused with 409 when the case has moved on"
    )
    returned_on: date | None = Field(default=None, description="date the object arrived home")


class CompensationIn(BaseModel):
    """A claim to compensation with its due-diligence evidence; ``version`` is the case version the
    editor started from (optimistic locking, like every case edit)."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, le=2_000_000_000)
    claimant: str = Field(min_length=1, max_length=500, description="name of one of the case's parties")
    basis: CompensationBasis
    amount: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    currency: str | None = Field(default=None, pattern="^[A-Z]{3}$", description="ISO 4217 code")
    status: ClaimStatus = "claimed"
    note: str = Field(default="", max_length=5000)
    circumstances: str = Field(default="", max_length=20000)
    character_of_parties: str = Field(default="", max_length=20000)
    price_paid: str = Field(default="", max_length=20000)
    register_consulted: str = Field(default="", max_length=20000)
    register_checks: list[str] = Field(
        default=[], max_length=10, description="ids of Heritrace due-diligence checks or certificates cited"
    )
    other_information: str = Field(default="", max_length=20000)
    agencies_consulted: str = Field(default="", max_length=20000)
    other_steps: str = Field(default="", max_length=20000)
    provenance_documentation: str = Field(default="", max_length=20000)
    removal_authorisations: str = Field(default="", max_length=20000)
    export_certificate: str = Field(default="", max_length=20000)


class CompensationOut(BaseModel):
    id: int
    claimant: str
    basis: str
    basis_label: str = ""
    basis_status: str = Field(default="", description="verified, partly verified or unverified wording")
    amount: str | None
    currency: str | None
    status: str
    note: str
    factors: dict[str, str] = Field(default={}, description="due-diligence evidence, by factor")
    register_checks: list[str] = []
    updated_at: UtcDateTime
    updated_by: str


class MessageOut(BaseModel):
    id: int
    posted_at: UtcDateTime
    author: str
    author_organisation: str | None
    text: str
    classification: str
    attachment: DocumentOut | None = None


class CheckEvidenceOut(BaseModel):
    """A stored due-diligence check that concerns the case's objects, and whether its certificate verifies."""

    check_id: str
    checked_at: UtcDateTime
    requested_by: str | None = Field(description="null when the reader may not see who checked")
    organisation: str | None
    verdict: str = Field(description="the check's overall verdict, as the asker saw it")
    objects: dict[str, str] = Field(description="the case's objects the check hit, with the verdict on each")
    cited: bool = Field(description="cited in a compensation claim as the possessor's register check")
    certificate_id: str | None
    issued_at: UtcDateTime | None
    signature: Literal["valid", "altered", "unknown_key", "malformed", "no_certificate"]
    signature_message: str


class PartyOut(PartyIn):
    role_label: str


class DocumentOut(BaseModel):
    id: int
    title: str
    filename: str
    media_type: str
    size: int
    sha256: str
    classification: str
    uploaded_at: UtcDateTime
    uploaded_by: str


class EventOut(BaseModel):
    at: UtcDateTime
    actor: str
    kind: str
    from_state: str | None
    to_state: str | None
    note: str


class StepOut(BaseModel):
    to_state: str
    label: str
    roles: list[str]
    requires: list[str]
    note_required: bool
    allowed: bool
    missing: list[str]


class DeadlinePanel(BaseModel):
    as_of: date
    deadlines: list[dict]
    needed: list[str]
    not_applicable: list[dict]
    unverified_facts: list[str]


class CaseOut(CaseFactsIn):
    id: int
    title: str
    summary: str
    classification: str
    organisation_id: int | None
    legal_basis: str
    legal_basis_label: str
    state: str
    state_label: str
    version: int
    returned_on: date | None
    objects: list[str] = Field(description="register ids of the case's records that the caller may read")
    objects_withheld: int = Field(0, description="records of the case the caller may not read")
    parties: list[PartyOut]
    documents: list[DocumentOut]
    timeline: list[EventOut]
    next_steps: list[StepOut]
    messages: list[MessageOut]
    compensation: list[CompensationOut]
    created_at: UtcDateTime
    updated_at: UtcDateTime


class CaseSummary(BaseModel):
    id: int
    title: str
    state: str
    state_label: str
    legal_basis: str
    requesting_state: str | None
    holding_state: str | None
    objects: list[str] = Field(description="register ids of the case's records that the caller may read")
    objects_withheld: int = Field(0, description="records of the case the caller may not read")
    updated_at: UtcDateTime


class ReturnTimeOut(BaseModel):
    case_id: int
    identified_on: date
    identified_by: str = Field(description="what the identification date rests on")
    returned_on: date
    days: int
    objects: int


class ResultsOut(BaseModel):
    """Results of the closed cases the caller may read; each list is [label, objects] (time_to_return:
    [duration, cases])."""

    closed_cases: int
    returned_cases: int
    objects_returned: int
    per_year: list[tuple[int, int]]
    per_country: list[tuple[str, int]]
    per_route: list[tuple[str, int]]
    time_to_return: list[tuple[str, int]]
    median_days: float | None
    return_times: list[ReturnTimeOut]
    inconsistent: int = Field(
        description="returns dated before their identification, left out of the figures"
    )

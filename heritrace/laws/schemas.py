"""The shapes of law-database facts (seed file, import/export file, proposals, API) as strict models.

Each fact names its ``source`` and ``status``; a fact without a source is refused. Dates are ISO days,
or a month or year with ``date_precision`` saying so.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pycountry
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from heritrace.core.http import UtcDateTime

Status = Literal["V", "P", "U"]
Topic = Literal[
    "export_control",
    "import_control",
    "ownership_of_archaeological_finds",
    "inventories",
    "penalties",
    "return_claims",
]
PartialDate = Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
Day = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
Text = Annotated[str, Field(min_length=1, max_length=5000)]


class _FactIn(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    source: Annotated[str, Field(min_length=3, max_length=5000)]
    status: Status
    note: Text | None = None


def _iso_country(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"unknown country {value!r}: expected an ISO 3166-1 alpha-2 code")
    return code


# an ISO 3166-1 alpha-2 code, upper-cased
IsoCountry = Annotated[str, AfterValidator(_iso_country)]


class _CountryFact(_FactIn):
    country: IsoCountry


class InstrumentIn(_FactIn):
    code: Annotated[str, Field(pattern=r"^[A-Z0-9/.-]{2,40}$")]
    title: Text
    short: Annotated[str, Field(min_length=1, max_length=120)]
    adopted: Day | None = None
    in_force: Day | None = None
    complete: bool = False
    parties_count: list[dict[str, Any]] = Field(default_factory=list)
    settings: dict[str, Any] = Field(default_factory=dict)


class TreatyStatusIn(_CountryFact):
    instrument: Annotated[str, Field(min_length=2, max_length=40)]
    party: bool | None = True
    signature: Day | None = None
    ratification: Day | None = None
    ratification_kind: (
        Literal["ratification", "accession", "acceptance", "approval", "succession", "membership"] | None
    ) = None
    entry_into_force: PartialDate | None = None
    date_precision: Literal["day", "month", "year"] = "day"
    until: Day | None = None
    declarations: dict[str, Any] = Field(default_factory=dict)


class NationalLawIn(_CountryFact):
    title_original: Text
    title_english: Text | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")] | None = None
    year: Annotated[int, Field(ge=1000, le=2100)] | None = None
    official_reference: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    topics: list[Topic] = Field(default_factory=list)
    url: Annotated[str, Field(max_length=2000)] | None = None


class ExportRegimeIn(_CountryFact):
    summary: Text
    categories: Text | None = None
    thresholds: list[dict[str, Any]] = Field(default_factory=list)
    competent_authority: Text | None = None
    contact: Text | None = None
    url: Annotated[str, Field(max_length=2000)] | None = None


FACT_SCHEMAS: dict[str, type[_FactIn]] = {
    "instrument": InstrumentIn,
    "treaty_status": TreatyStatusIn,
    "law": NationalLawIn,
    "export_regime": ExportRegimeIn,
}
# the import/export file's lists, by fact kind
FILE_KEYS = {
    "instrument": "instruments",
    "treaty_status": "treaty_status",
    "law": "laws",
    "export_regime": "export_regimes",
}


class ProposalIn(BaseModel):
    """A change a national focal point proposes: the whole fact as it should read, and why."""

    model_config = ConfigDict(strict=True, extra="forbid")

    kind: Literal["treaty_status", "law", "export_regime"]
    fact_id: Annotated[str, Field(max_length=60)] | None = None
    fact: dict[str, Any]
    reason: Annotated[str, Field(min_length=3, max_length=5000)]


class ReviewIn(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    decision: Literal["accept", "reject"]
    note: Annotated[str, Field(max_length=5000)] | None = None


class FactOut(BaseModel):
    """One fact as stored: its fields, where it was read, how sure, which version."""

    kind: str
    fact_id: str
    country: str | None
    fields: dict[str, Any]
    source: str
    status: Status
    status_words: str
    note: str | None
    version: int
    updated_at: UtcDateTime


class CountryOut(BaseModel):
    country: str
    name: str
    treaty_status: list[FactOut]
    laws: list[FactOut]
    export_regime: FactOut | None


class CountrySummaryOut(BaseModel):
    country: str
    name: str
    laws: int
    export_regime: bool
    treaties: int
    unverified: int


class InstrumentOut(BaseModel):
    fact: FactOut
    states: list[FactOut]


class VersionOut(BaseModel):
    version: int
    action: str
    changed_at: UtcDateTime
    changed_by: str | None
    change_id: int | None
    snapshot: dict[str, Any]


class ProposalOut(BaseModel):
    id: int
    created_at: UtcDateTime
    kind: str
    fact_id: str | None
    country: str
    fact: dict[str, Any]
    reason: str
    status: str
    proposed_by: str
    organisation_id: int | None
    reviewed_at: UtcDateTime | None
    reviewed_by: str | None
    review_note: str | None


class ImportReport(BaseModel):
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]

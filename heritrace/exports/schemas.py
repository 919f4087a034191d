"""The exporter's part of a model export certificate (what the register record cannot supply)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from heritrace.core.http import UtcDateTime
from heritrace.laws.schemas import IsoCountry

Name = Annotated[str, Field(min_length=1, max_length=300)]
Address = Annotated[str, Field(max_length=1000)]


class Party(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    name: Name
    address: Address | None = None


class PartyAbroad(Party):
    country: IsoCountry


class ExportCertificateIn(BaseModel):
    """Boxes 1 to 13 of the model certificate; the record fills the description boxes."""

    model_config = ConfigDict(strict=True, extra="forbid")

    exporter: Party
    consignee: PartyAbroad
    export_type: Literal["permanent", "temporary"]
    reimport_date: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None
    issuing_authority: PartyAbroad | None = None
    representative: Party | None = None
    owner: Party | None = None
    category: Annotated[str, Field(min_length=1, max_length=300)]
    tariff_code: Annotated[str, Field(pattern=r"^[0-9 .]{4,14}$")] | None = None
    quantity: Annotated[int, Field(ge=1, le=100000)] = 1
    value: Annotated[float, Field(ge=0)] | None = None
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    purpose: Annotated[str, Field(min_length=1, max_length=1000)]

    @model_validator(mode="after")
    def _reimport(self) -> ExportCertificateIn:
        if self.export_type == "temporary" and not self.reimport_date:
            raise ValueError("reimport_date: a temporary export needs the date for re-importation")
        if self.reimport_date and date.fromisoformat(self.reimport_date) <= date.today():
            raise ValueError("reimport_date: must be in the future")
        return self


class ExportCertificateOut(BaseModel):
    certificate_id: str
    object_id: str
    issued_at: UtcDateTime
    key_id: str
    json_url: str
    pdf_url: str
    certificate: dict[str, Any]

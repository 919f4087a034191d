"""Request and response models of partner organisations."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Kind = Literal[
    "operator",
    "eu_body",
    "igo",
    "ngo",
    "police",
    "customs",
    "national_authority",
    "museum",
    "research",
    "market",
]
Vetting = Literal["applied", "vetted", "suspended"]
Text200 = Annotated[str, StringConstraints(max_length=200, strip_whitespace=True)]


class StrictModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class ContactPoint(StrictModel):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
    email: Text200 | None = None
    phone: Annotated[str, StringConstraints(max_length=40, strip_whitespace=True)] | None = None


class OrganisationIn(StrictModel):
    name: Annotated[str, StringConstraints(min_length=2, max_length=300, strip_whitespace=True)]
    kind: Kind
    country: (
        Annotated[str, StringConstraints(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$")] | None
    ) = None
    contact_points: list[ContactPoint] = Field(default_factory=list, max_length=20)
    national_focal_point: bool = False
    named_authority: bool = Field(default=False, description="an authority treated as law enforcement")
    id_prefix: Annotated[str, StringConstraints(max_length=40, strip_whitespace=True)] | None = Field(
        default=None,
        description="namespace of the record ids its members choose (2-12 letters A-Z or digits); "
        "made from the name when absent",
    )


class VettingIn(StrictModel):
    vetting: Vetting
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]


class OrganisationOut(BaseModel):
    id: int
    name: str
    kind: str
    kind_label: str
    country: str | None
    id_prefix: str
    contact_points: list[ContactPoint] | None = Field(description="null when the reader may not see them")
    national_focal_point: bool
    named_authority: bool
    law_enforcement: bool
    vetting: str

"""Input shapes of the knowledge library."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from heritrace.access.policy import CLASSIFICATIONS
from heritrace.library.models import AUDIENCES, KINDS, LANGUAGES

Kind = Literal[tuple(KINDS)]  # type: ignore[valid-type]
Audience = Literal[tuple(AUDIENCES)]  # type: ignore[valid-type]
Language = Literal[LANGUAGES]  # type: ignore[valid-type]
Classification = Literal[CLASSIFICATIONS]  # type: ignore[valid-type]
Country = Annotated[
    str, StringConstraints(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$", to_upper=True)
]
Topic = Annotated[str, StringConstraints(min_length=2, max_length=60, strip_whitespace=True)]
Title = Annotated[str, StringConstraints(min_length=3, max_length=300, strip_whitespace=True)]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VersionIn(StrictModel):
    """A language version, or a new version of one: its text (and, through the upload, its file)."""

    language: Language = "en"
    title: Title
    summary: str = Field(default="", max_length=5000)
    body: str = Field(default="", max_length=200_000)
    change_note: str = Field(default="", max_length=500)


class DocumentIn(StrictModel):
    kind: Kind
    classification: Classification = "public"
    topics: list[Topic] = Field(default_factory=list, max_length=20)
    audiences: list[Audience] = Field(default_factory=list, max_length=len(AUDIENCES))
    countries: list[Country] = Field(default_factory=list, max_length=30)
    region: str | None = Field(default=None, max_length=200)
    period: str | None = Field(default=None, max_length=200)
    first: VersionIn


class CurationIn(StrictModel):
    featured: bool | None = None
    withdrawn: bool | None = None
    note: str | None = Field(default=None, max_length=2000)


class SearchIn(StrictModel):
    q: str = Field(default="", max_length=300)
    kind: Kind | None = None
    topic: str | None = Field(default=None, max_length=60)
    audience: Audience | None = None
    country: Country | None = None
    language: Language | None = None

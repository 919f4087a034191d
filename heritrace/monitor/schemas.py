"""A source file (TOML or YAML) as a typed configuration, and the forms of the review queue."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from heritrace.core.errors import ValidationFailed
from heritrace.core.i18n import _
from heritrace.core.validation import error_message

FIELD_NAMES = ("title", "description", "price", "currency", "seller", "images")


class Selector(BaseModel):
    """A CSS selector (``css``) or an XPath expression (``xpath``); ``attr`` reads an attribute."""

    model_config = ConfigDict(extra="forbid")
    css: str | None = Field(default=None, max_length=500)
    xpath: str | None = Field(default=None, max_length=500)
    attr: str | None = Field(default=None, max_length=50)

    @model_validator(mode="after")
    def _one(self) -> Selector:
        if bool(self.css) == bool(self.xpath):
            raise ValueError("a selector has either css or xpath")
        return self


class Selectors(BaseModel):
    model_config = ConfigDict(extra="forbid")
    listing_links: Selector | None = None
    next_page: Selector | None = None
    fields: dict[Literal["title", "description", "price", "currency", "seller", "images"], Selector] = {}


class SourceConfig(BaseModel):
    """What a source file holds. Without selectors, listings are read from the structured data the
    pages publish (schema.org Product/Offer as JSON-LD or microdata, then OpenGraph)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    start_urls: list[str] = Field(min_length=1, max_length=100)
    allowed_domains: list[str] = Field(min_length=1, max_length=100)
    interval_minutes: int = Field(default=1440, ge=1, le=60 * 24 * 90, description="crawl interval")
    delay_s: float = Field(default=1.0, ge=0, le=600, description="politeness delay between requests")
    concurrency: int = Field(default=2, ge=1, le=16)
    max_pages: int = Field(default=10_000, ge=1, le=10_000_000)
    selectors: Selectors = Selectors()

    @field_validator("start_urls")
    @classmethod
    def _http(cls, urls: list[str]) -> list[str]:
        for url in urls:
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
                raise ValueError(f"not an http(s) address: {url}")
        return urls

    @field_validator("allowed_domains")
    @classmethod
    def _domains(cls, domains: list[str]) -> list[str]:
        return [d.strip().lower().lstrip(".") for d in domains if d.strip()]

    @model_validator(mode="after")
    def _start_allowed(self) -> SourceConfig:
        for url in self.start_urls:
            if not domain_allowed(url, self.allowed_domains):
                raise ValueError(f"start URL outside allowed_domains: {url}")
        return self


def domain_allowed(url: str, domains: list[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def read_source_file(path: Path) -> SourceConfig:
    """Parse a TOML (``.toml``) or YAML (``.yaml``/``.yml``) source file; field-level errors."""
    text = path.read_text(encoding="utf-8")
    return parse_source(text, "toml" if path.suffix.lower() == ".toml" else "yaml")


def parse_source(text: str, syntax: str) -> SourceConfig:
    from pydantic import ValidationError

    try:
        data = tomllib.loads(text) if syntax == "toml" else yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ValidationFailed(
            {"file": _("not valid %(syntax)s: %(error)s", syntax=syntax.upper(), error=exc)}
        ) from None
    if not isinstance(data, dict):
        raise ValidationFailed({"file": _("a source file holds one table of settings")})
    try:
        return SourceConfig.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(
            {".".join(str(p) for p in e["loc"]) or "file": error_message(e) for e in exc.errors()}
        ) from None


class DismissIn(BaseModel):
    reason: str = Field(min_length=3, max_length=2000)


class EscalateIn(BaseModel):
    kind: Literal["alert", "consultation", "case"]
    note: str = Field(default="", max_length=5000)
    legal_basis: str = "unesco_1970_art7bii"
    expert_organisation_ids: list[int] = Field(default_factory=list, max_length=50)
    fields: list[str] = Field(default_factory=list, max_length=12)

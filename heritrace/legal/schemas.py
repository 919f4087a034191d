"""Request and response models of the EU import and export checks (the same keys as FACTS.json)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from heritrace.legal.compliance import CheckResult


class ImportCheckIn(BaseModel):
    """The facts of an import (``docs/legal-compliance.md``); values are checked field by field."""

    model_config = ConfigDict(strict=True, extra="forbid")

    annex_category: str | None = None
    age_years: float | None = None
    value_eur: float | None = None
    country_of_creation_or_discovery: str | None = None
    exported_from: str | None = None
    procedure: str | None = None
    purpose: str | None = None
    removed_in_breach: bool | None = None
    left_origin_before_1972: bool | None = None
    years_in_exported_from: float | None = None
    date: str | None = None


class ExportCheckIn(BaseModel):
    """The facts of an export (``docs/legal-compliance.md``)."""

    model_config = ConfigDict(strict=True, extra="forbid")

    category: str | int | None = None
    age_years: float | None = None
    value_eur: float | None = None
    destination: str | None = None
    belongs_to_originator: bool | None = None
    exporting_member_state: str | None = None
    date: str | None = None


class ProvisionOut(BaseModel):
    article: str
    text: str
    source: str
    status: Literal["V", "P", "U"]
    note: str | None = None


class CheckOut(BaseModel):
    """The answer: requirement, articles, reasons, and what it rests on."""

    requirement: Literal["prohibited", "import_licence", "importer_statement", "export_licence", "none"]
    articles: list[str]
    reasons: list[str]
    summary: str
    check: str
    instrument: str
    as_of: date | None
    needs: list[str]
    warnings: list[str]
    documents: list[dict[str, Any]]
    verification: Literal["V", "P", "U"]
    unverified: list[str]
    provisions: list[ProvisionOut]

    @classmethod
    def of(cls, result: CheckResult) -> CheckOut:
        return cls.model_validate(result.to_json(), strict=False)

"""The four kinds of law-database fact: their table, identity, and conversion between rows and the
file shape (``heritrace laws export``), which is also what proposals and the API carry."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from heritrace.laws.models import ExportRegime, LegalInstrument, NationalLaw, TreatyStatus

# JSON-encoded columns: file key -> column
_JSON_COLUMNS = {
    "parties_count": "parties_count_json",
    "settings": "settings_json",
    "declarations": "declarations_json",
    "topics": "topics_json",
    "thresholds": "thresholds_json",
}
_COMMON = ("source", "status", "note")


@dataclass(frozen=True)
class FactKind:
    """One kind: its table, the fields of its file shape, and the fields that identify a fact."""

    name: str
    model: type
    fields: tuple[str, ...]
    identity: tuple[str, ...]

    def fact_id(self, row: Any) -> str:
        return str(row.code if self.model is LegalInstrument else row.id)

    def to_fact(self, row: Any) -> dict[str, Any]:
        """The row in the file shape (JSON columns decoded)."""
        out = {}
        for name in self.fields:
            column = _JSON_COLUMNS.get(name)
            out[name] = json.loads(getattr(row, column)) if column else getattr(row, name)
        return out

    def write(self, row: Any, data: BaseModel) -> None:
        """Set the row's columns from a validated fact."""
        for name in self.fields:
            value = getattr(data, name)
            column = _JSON_COLUMNS.get(name)
            setattr(
                row,
                column or name,
                json.dumps(value, ensure_ascii=False, sort_keys=True) if column else value,
            )

    def find(self, s: Session, data: BaseModel) -> Any | None:
        """The stored fact ``data`` describes (same identity), if any."""
        values = [getattr(data, key) for key in self.identity]
        if self.model is NationalLaw and values[1] is None:
            # a law without an official reference is known by its original title
            query = select(NationalLaw).where(NationalLaw.country == values[0])
            return s.scalars(query.where(NationalLaw.title_original == data.title_original)).first()  # type: ignore[attr-defined]
        query = select(self.model)
        for key, value in zip(self.identity, values, strict=True):
            query = query.where(getattr(self.model, key) == value)
        return s.scalars(query).first()

    def get(self, s: Session, fact_id: str) -> Any | None:
        if self.model is LegalInstrument:
            return s.get(LegalInstrument, fact_id)
        return s.get(self.model, int(fact_id)) if fact_id.isdigit() else None


KINDS: dict[str, FactKind] = {
    "instrument": FactKind(
        "instrument",
        LegalInstrument,
        ("code", "title", "short", "adopted", "in_force", "complete", "parties_count", "settings", *_COMMON),
        ("code",),
    ),
    "treaty_status": FactKind(
        "treaty_status",
        TreatyStatus,
        (
            "instrument",
            "country",
            "party",
            "signature",
            "ratification",
            "ratification_kind",
            "entry_into_force",
            "date_precision",
            "until",
            "declarations",
            *_COMMON,
        ),
        ("instrument", "country"),
    ),
    "law": FactKind(
        "law",
        NationalLaw,
        (
            "country",
            "title_original",
            "title_english",
            "language",
            "year",
            "official_reference",
            "topics",
            "url",
            *_COMMON,
        ),
        ("country", "official_reference"),
    ),
    "export_regime": FactKind(
        "export_regime",
        ExportRegime,
        ("country", "summary", "categories", "thresholds", "competent_authority", "contact", "url", *_COMMON),
        ("country",),
    ),
}

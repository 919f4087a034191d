"""The import format's fields, and column mappings ("profiles"): how a register with columns of its
own becomes Object ID records.

A profile is a small TOML or YAML document (examples in ``examples/profiles/``)::

    name = "Stolen-objects register, CSV export"
    delimiter = ";"
    classification = "public"          # every record of this register
    id_prefix = "NSR-"

    [columns]                           # source column -> Object ID field
    "Numéro" = "id"
    "Titre" = "title"
    "Hauteur (cm)" = { field = "measurements", prefix = "H ", suffix = " cm" }
    "Type d'atteinte" = "incident.type"
    "Photos" = "images"
    "N° Interpol" = "identifier:INTERPOL"

    [values."incident.type"]            # the register's own codes -> Heritrace codes or labels
    "VOL" = "theft"

    [defaults]                          # when the column is empty or absent
    status = "stolen"

Several columns may feed one field: their values are joined ("; ", or a new line for long text).
Mapped values still go through the import's reading (labels in nine languages, dates, countries),
so a value map is needed only for codes of the register's own.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from heritrace.objects.choices import choice_key

TEXT_FIELDS = (
    "type_of_object",
    "title",
    "maker",
    "date_or_period",
    "materials_techniques",
    "measurements",
    "inscriptions_markings",
    "distinguishing_features",
    "subject",
    "description",
    "country",
    "place_of_origin",
    "inventory_number",
    "related_written_material",
    "cross_references",
    "date_documented",
)
INCIDENT_KEYS = ("type", "date", "place", "country", "circumstances", "reporting_organisation", "reference")
# the columns of the import format's CSV (incidents spread over incident_* columns)
CSV_COLUMNS = (
    "id",
    "status",
    "classification",
    *TEXT_FIELDS,
    *(f"incident_{k}" for k in INCIDENT_KEYS),
    "identifiers",
    "images",
)
TARGETS = (
    "id",
    "status",
    "classification",
    *TEXT_FIELDS,
    *(f"incident.{k}" for k in INCIDENT_KEYS),
    "images",
    "identifiers",
)
IGNORE = "ignore"
IDENTIFIER = "identifier:"  # "identifier:INTERPOL": the column holds ids of that scheme
# joined with a new line when several columns feed them; other fields with "; "
LONG_TEXT = frozenset(
    {"description", "distinguishing_features", "inscriptions_markings", "subject", "incident.circumstances"}
)
SUFFIXES = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".xlsx": "xlsx",
}
Name = Annotated[str, Field(min_length=1, max_length=300)]


class ProfileError(ValueError):
    """A profile that cannot be used, with what is wrong in it."""


def valid_target(target: str) -> bool:
    return target in TARGETS or target == IGNORE or (target.startswith(IDENTIFIER) and len(target) > 11)


class ColumnTarget(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: str
    prefix: str = Field(default="", max_length=100)
    suffix: str = Field(default="", max_length=100)


class ProfileDocument(BaseModel):
    """The profile as written (checked field by field, with the place of each mistake)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(default="", max_length=300)
    format: Literal["csv", "tsv", "jsonl", "xlsx"] | None = None
    delimiter: str | None = Field(default=None, min_length=1, max_length=1)
    encoding: str = Field(default="utf-8", max_length=40)
    sheet: str | None = Field(default=None, max_length=100)
    header_row: int = Field(default=1, ge=1, le=1000)
    id_prefix: str = Field(default="", max_length=40)
    id_columns: list[Name] = Field(default_factory=list, max_length=10)
    classification: str | None = Field(default=None, max_length=40)
    list_separator: str = Field(default="|", min_length=1, max_length=5)
    columns: dict[Name, str | ColumnTarget | list[str | ColumnTarget]] = Field(min_length=1)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    defaults: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_fields(self) -> ProfileDocument:
        wrong = [t for t in self._targets() if not valid_target(t)]
        wrong += [f for f in (*self.values, *self.defaults) if f not in TARGETS]
        if wrong:
            known = ", ".join(TARGETS)
            raise ValueError(f"unknown Object ID fields: {', '.join(sorted(set(wrong)))} (known: {known})")
        if "id" not in self._targets() and not self.id_columns:
            raise ValueError("map a column to 'id', or name the columns that make one in 'id_columns'")
        return self

    def _targets(self) -> list[str]:
        out = []
        for value in self.columns.values():
            for item in value if isinstance(value, list) else [value]:
                out.append(item if isinstance(item, str) else item.field)
        return out


@dataclass(frozen=True)
class Profile:
    """A checked profile, compiled for the import workers (plain values: it travels to them)."""

    name: str
    plan: tuple[tuple[str, str, str, str], ...]  # (source column, field, prefix, suffix)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # by choice_key of the value
    defaults: dict[str, str] = field(default_factory=dict)
    format: str | None = None
    delimiter: str | None = None
    encoding: str = "utf-8"
    sheet: str | None = None
    header_row: int = 1
    id_prefix: str = ""
    id_columns: tuple[str, ...] = ()
    classification: str | None = None
    list_separator: str = "|"

    @classmethod
    def from_document(cls, doc: ProfileDocument) -> Profile:
        plan = []
        for source, value in doc.columns.items():
            for item in value if isinstance(value, list) else [value]:
                target = ColumnTarget(field=item) if isinstance(item, str) else item
                if target.field != IGNORE:
                    plan.append((source, target.field, target.prefix, target.suffix))
        return cls(
            name=doc.name,
            plan=tuple(plan),
            values={f: {choice_key(k): v for k, v in m.items()} for f, m in doc.values.items()},
            defaults=dict(doc.defaults),
            format=doc.format,
            delimiter=doc.delimiter,
            encoding=doc.encoding,
            sheet=doc.sheet,
            header_row=doc.header_row,
            id_prefix=doc.id_prefix,
            id_columns=tuple(doc.id_columns),
            classification=doc.classification,
            list_separator=doc.list_separator,
        )

    @property
    def sources(self) -> set[str]:
        return {source for source, *_ in self.plan} | set(self.id_columns)

    def missing_columns(self, headers: list[str]) -> list[str]:
        """Columns the profile names that the file lacks (a JSON Lines record may leave keys out)."""
        present = set(headers)
        return sorted(s for s in self.sources if s not in present)

    def record(self, row: dict[str, Any]) -> dict:
        """The import record (as ``objects.transfer`` reads it) of one row of the source."""
        parts: dict[str, list[str]] = {}
        for source, target, prefix, suffix in self.plan:
            value = cell_text(_lookup(row, source))
            if value is not None:
                parts.setdefault(target, []).append(f"{prefix}{value}{suffix}")
        texts = {t: ("\n" if t in LONG_TEXT else "; ").join(v) for t, v in parts.items()}
        for target, default in self.defaults.items():
            texts.setdefault(target, default)
        return self._assemble(texts, row)

    def _assemble(self, texts: dict[str, str], row: dict[str, Any]) -> dict:
        record: dict[str, Any] = {}
        incident: dict[str, str] = {}
        identifiers: list[dict[str, str]] = []
        for target, text in texts.items():
            codes = self.values.get(target)
            if codes:
                text = codes.get(choice_key(text), text)
            if target == "images":
                record["images"] = [p.strip() for p in text.split(self.list_separator) if p.strip()]
            elif target == "identifiers":
                identifiers += _pairs(text, self.list_separator)
            elif target.startswith(IDENTIFIER):
                scheme = target[len(IDENTIFIER) :]
                values = text.split(self.list_separator)
                identifiers += [{"scheme": scheme, "value": v.strip()} for v in values]
            elif target.startswith("incident."):
                incident[target[len("incident.") :]] = text
            else:
                record[target] = text
        if incident:
            incident.setdefault("type", "other")
            record["incident"] = incident
        if identifiers:
            record["identifiers"] = [i for i in identifiers if i["value"]]
        if self.classification:
            record["classification"] = self.classification
        made = self._id(row)
        if made is not None:
            record["id"] = made
        elif "id" in record:
            record["id"] = self.id_prefix + record["id"]
        return record

    def _id(self, row: dict[str, Any]) -> str | None:
        if not self.id_columns:
            return None
        parts = [cell_text(_lookup(row, c)) for c in self.id_columns]
        if not all(parts):
            return None
        return self.id_prefix + "-".join(_ID_UNSAFE.sub("-", p).strip("-") for p in parts if p)


_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._:/-]+")


def _pairs(text: str, separator: str) -> list[dict[str, str]]:
    out = []
    for part in text.split(separator):
        scheme, _, value = part.partition("=")
        if scheme.strip():
            out.append({"scheme": scheme.strip(), "value": value.strip()})
    return out


def _lookup(row: dict[str, Any], source: str) -> Any:
    if source in row or "." not in source:
        return row.get(source)
    value: Any = row
    for part in source.split("."):  # a nested key of a JSON Lines record
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def cell_text(value: Any) -> str | None:
    """A spreadsheet or JSON value as the text a register meant: 1732.0 is '1732', a date cell
    an ISO date, an empty cell nothing."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        items = [t for t in (cell_text(v) for v in value) if t]
        return "|".join(items) or None
    return str(value).strip() or None


def load_profile(path: Path) -> Profile:
    """Read and check a TOML (.toml) or YAML (.yaml, .yml) profile."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path.name}: cannot be read ({exc})") from None
    return parse_profile(text, "yaml" if path.suffix.lower() in (".yaml", ".yml") else "toml", path.name)


def parse_profile(text: str, syntax: str, name: str = "profile") -> Profile:
    try:
        document = yaml.safe_load(text) if syntax == "yaml" else tomllib.loads(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ProfileError(f"{name}: not valid {syntax.upper()}: {exc}") from None
    if not isinstance(document, dict):
        raise ProfileError(f"{name}: a profile is a table of settings")
    try:
        return Profile.from_document(ProfileDocument.model_validate(document))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'profile'}: {e['msg']}" for e in exc.errors()[:8]
        )
        raise ProfileError(f"{name}: {problems}") from None


def suggested_profile(headers: list[str], suggestions: dict[str, str], file_format: str) -> str:
    """A TOML profile to start from: suggested fields filled in, the other columns ignored."""
    lines = [f'name = "{file_format.upper()} register"', "", "[columns]"]
    for header in headers:
        target = suggestions.get(header, IGNORE)
        lines.append(f'{_toml_key(header)} = "{target}"')
    lines += ["", "[defaults]", 'status = "stolen"', 'classification = "partners"']
    return "\n".join(lines) + "\n"


def _toml_key(key: str) -> str:
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'

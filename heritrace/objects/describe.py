"""Turns the submitted Object ID text into structured values, flags and field errors.

Unreadable input is kept as text and flagged, never rejected; input that is readable but wrong
(an absurd measurement, a date in the future, an unknown status) is a field error.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from heritrace.core.text import fold
from heritrace.objects.models import CLASSIFICATIONS, INCIDENT_TYPES, STATUSES
from heritrace.objects.parsing import parse_country, parse_date, parse_measurements
from heritrace.objects.schemas import IncidentIn, ObjectFields, ObjectIn
from heritrace.vocab import get_vocabulary

INCIDENT_ALIASES = {
    "missing": "disappearance",
    "loss": "disappearance",
    "stolen": "theft",
    "export": "illicit_export",
    "excavation": "illegal_excavation",
    "armed_conflict": "armed_conflict_loss",
    "looted": "looting",
}
MEASURE_COLUMNS = ("height_cm", "width_cm", "depth_cm", "diameter_cm", "length_cm", "weight_g", "area_cm2")
SEARCHED_TEXT = (
    "title",
    "maker",
    "type_of_object",
    "subject",
    "description",
    "materials_techniques",
    "inscriptions_markings",
    "distinguishing_features",
    "place_of_origin",
    "inventory_number",
    "date_or_period",
)
SEARCH_LANGUAGES = ("en", "fr", "de", "it", "es", "nl", "uk", "ru")


@dataclass
class Described:
    columns: dict
    materials: list[str]
    incidents: list[dict]
    flags: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def describe(data: ObjectFields, today: date | None = None) -> Described:
    """Parse one submitted description; ``errors`` is empty when it can be stored."""
    today = today or date.today()
    out = Described(columns=_plain_columns(data), materials=[], incidents=[])
    _describe_type(data, out)
    _describe_materials(data, out)
    _describe_measurements(data, out)
    _describe_period(data.date_or_period, today, out, "date_or_period", "date")
    _describe_country(data.country, out, "country")
    _describe_choice(data.classification, CLASSIFICATIONS, out, "classification")
    _describe_date_documented(data.date_documented, today, out)
    if isinstance(data, ObjectIn):
        _describe_choice(data.status, STATUSES, out, "status")
        out.columns["status"] = data.status
        incidents = ([data.incident] if data.incident else []) + list(data.incidents)
        out.incidents = [_describe_incident(i, n, today, out) for n, i in enumerate(incidents)]
    out.columns["flags"] = json.dumps(out.flags, ensure_ascii=False) if out.flags else None
    out.columns["search_text"] = search_text(data, out)
    return out


def _plain_columns(data: ObjectFields) -> dict:
    return {
        "type_text": data.type_of_object,
        "title": data.title,
        "maker": data.maker,
        "maker_key": fold(data.maker)[:200] or None,
        "subject": data.subject,
        "description": data.description,
        "inscriptions_markings": data.inscriptions_markings,
        "distinguishing_features": data.distinguishing_features,
        "materials_techniques": data.materials_techniques,
        "measurements_text": data.measurements,
        "date_text": data.date_or_period,
        "place_of_origin": data.place_of_origin,
        "inventory_number": data.inventory_number,
        "related_written_material": data.related_written_material,
        "cross_references": data.cross_references,
        "classification": data.classification,
    }


def _describe_type(data: ObjectFields, out: Described) -> None:
    concept = get_vocabulary().lookup(data.type_of_object, "object_type") if data.type_of_object else None
    out.columns["type_concept"] = concept.id if concept else None
    if data.type_of_object and concept is None:
        out.flags.append(f"type of object '{data.type_of_object}' is not in the vocabulary (kept as text)")


def _describe_materials(data: ObjectFields, out: Described) -> None:
    if not data.materials_techniques:
        return
    found = get_vocabulary().find_all(data.materials_techniques, "material")
    out.materials = sorted({c.id for c in found})
    if not found:
        out.flags.append(
            f"materials '{data.materials_techniques[:80]}' not found in the vocabulary (kept as text)"
        )


def _describe_measurements(data: ObjectFields, out: Described) -> None:
    m = parse_measurements(data.measurements)
    for col in MEASURE_COLUMNS:
        out.columns[col] = getattr(m, col)
    wrong, doubtful = _split_problems(m.problems)
    if wrong:
        out.errors["measurements"] = "; ".join(wrong)
    out.flags.extend(f"measurements: {p}" for p in doubtful)
    if data.measurements and not m.parsed and not wrong:
        out.flags.append(f"measurements '{data.measurements[:80]}' could not be read (kept as text)")


def _describe_period(
    text: str | None, today: date, out: Described, fname: str, prefix: str, target: dict | None = None
) -> None:
    target = out.columns if target is None else target
    p = parse_date(text, today=today)
    wrong, doubtful = _split_problems(p.problems)
    target[f"{prefix}_edtf"], target[f"{prefix}_earliest"], target[f"{prefix}_latest"] = (
        (p.edtf, p.earliest, p.latest) if p.parsed and not wrong else (None, None, None)
    )
    if wrong:
        out.errors[fname] = "; ".join(wrong)
    out.flags.extend(f"{fname.replace('_', ' ')}: {d}" for d in doubtful)
    if text and not p.parsed and not wrong:
        out.flags.append(f"{fname.replace('_', ' ')} '{text[:80]}' could not be read (kept as text)")


def _split_problems(problems: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Readable but impossible values are errors; guesses the parser had to make are flags."""
    if not problems:
        return [], []
    wrong = [p for p in problems if p.startswith(("absurd", "date in the future"))]
    return wrong, [p for p in problems if p not in wrong]


def _describe_country(text: str | None, out: Described, fname: str, target: dict | None = None) -> None:
    target = out.columns if target is None else target
    code = parse_country(text) if text else None
    target["country"] = code
    target["country_text"] = text if text and code is None else None
    if text and code is None:
        out.flags.append(
            f"{fname.replace('_', ' ')} '{text[:80]}' is not an ISO 3166-1 country (kept as text)"
        )


def _describe_choice(value: str, allowed: tuple[str, ...], out: Described, fname: str) -> None:
    if value not in allowed:
        out.errors[fname] = f"'{value}' is not one of: {', '.join(allowed)}"


def _describe_date_documented(text: str | None, today: date, out: Described) -> None:
    out.columns["date_documented"] = None
    if not text:
        return
    try:
        value = date.fromisoformat(text)
    except ValueError:
        out.errors["date_documented"] = f"'{text}' is not a date (YYYY-MM-DD)"
        return
    if value > today:
        out.errors["date_documented"] = f"{value} is in the future"
    out.columns["date_documented"] = value


def _describe_incident(inc: IncidentIn, n: int, today: date, out: Described) -> dict:
    kind = INCIDENT_ALIASES.get(inc.type.strip().lower(), inc.type.strip().lower())
    if kind not in INCIDENT_TYPES:
        out.errors[f"incident.{n}.type"] = f"'{inc.type}' is not one of: {', '.join(INCIDENT_TYPES)}"
    row = {
        "type": kind,
        "date_text": inc.date,
        "place": inc.place,
        "circumstances": inc.circumstances,
        "reporting_organisation": inc.reporting_organisation,
        "reference": inc.reference,
    }
    _describe_period(inc.date, today, out, f"incident.{n}.date", "date", target=row)
    _describe_country(inc.country, out, f"incident.{n}.country", target=row)
    row.pop("country_text", None)
    return row


def search_text(data: ObjectFields, out: Described) -> str:
    """Folded text indexed by FTS5 / tsvector; carries vocabulary labels so that search crosses languages."""
    parts = [getattr(data, f) or "" for f in SEARCHED_TEXT]
    parts.append(getattr(data, "id", None) or "")
    text = fold(" ".join(parts))
    labels = [_concept_words(cid) for cid in (out.columns.get("type_concept"), *out.materials) if cid]
    return " ".join([text, *labels]) if labels else text


@lru_cache(maxsize=4096)
def _concept_words(concept_id: str) -> str:
    """A concept's labels in the search languages, folded once per process."""
    concept = get_vocabulary().get(concept_id)
    if concept is None:
        return ""
    return fold(" ".join(concept.pref_labels.get(lang, "") for lang in SEARCH_LANGUAGES))


def content_hash(data: ObjectIn, described: Described, image_hashes: list[str]) -> str:
    """Fingerprint of a record as stored, so that re-importing an unchanged record (or its export)
    changes nothing. Derived text (search text, flags) follows from the rest and is left out."""
    cols = described.columns
    fingerprint = (
        tuple(sorted((k, v) for k, v in cols.items() if k not in ("search_text", "flags"))),
        described.materials,
        [sorted(row.items()) for row in described.incidents],
        data.status,
        [(i.scheme, i.value) for i in data.identifiers],
        image_hashes,
    )
    return hashlib.sha256(repr(fingerprint).encode()).hexdigest()

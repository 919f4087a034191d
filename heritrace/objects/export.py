"""Export of the register in the import format, so that export then import changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import restrict
from heritrace.core.actor import Actor
from heritrace.objects.models import CulturalObject, Incident, ObjectImage
from heritrace.objects.profiles import CSV_COLUMNS, INCIDENT_KEYS, TEXT_FIELDS
from heritrace.objects.reads import record_reads


def export_record(obj: CulturalObject, image_path: Callable[[ObjectImage], str]) -> dict:
    """A record in the import format, so that export then import changes nothing."""
    rec: dict = {"id": obj.external_id, "status": obj.status, "classification": obj.classification}
    values = {
        "type_of_object": obj.type_text,
        "date_or_period": obj.date_text,
        "measurements": obj.measurements_text,
        "country": obj.country or obj.country_text,
        "date_documented": obj.date_documented.isoformat() if obj.date_documented else None,
    }
    for key in TEXT_FIELDS:
        value = values[key] if key in values else getattr(obj, key)
        if value not in (None, ""):
            rec[key] = value
    incidents = [_export_incident(i) for i in obj.incidents]
    if len(incidents) == 1:
        rec["incident"] = incidents[0]
    elif incidents:
        rec["incidents"] = incidents
    if obj.identifiers:
        rec["identifiers"] = [{"scheme": i.scheme, "value": i.value} for i in obj.identifiers]
    if obj.images:
        rec["images"] = [image_path(img) for img in obj.images]
    return rec


def _export_incident(inc: Incident) -> dict:
    values = {
        "type": inc.type,
        "date": inc.date_text,
        "place": inc.place,
        "country": inc.country,
        "circumstances": inc.circumstances,
        "reporting_organisation": inc.reporting_organisation,
        "reference": inc.reference,
    }
    return {k: v for k, v in values.items() if v not in (None, "")}


def iter_export(
    sessions: sessionmaker[Session], actor: Actor, image_path: Callable[[ObjectImage], str], batch: int = 500
) -> Iterator[dict]:
    """Every record the actor may read, in id order, in constant memory."""
    return iter_readable(sessions, actor, lambda s, rows: [export_record(o, image_path) for o in rows], batch)


def iter_readable(
    sessions: sessionmaker[Session],
    actor: Actor,
    convert: Callable[[Session, list[CulturalObject]], list],
    batch: int = 500,
) -> Iterator:
    """``convert`` applied to the records the actor may read, a batch at a time in id order, each
    batch inside its own session (so that memory stays flat on the largest registers)."""
    last = 0
    while True:
        with sessions() as s:
            query = restrict(select(CulturalObject), actor, CulturalObject)
            rows = list(
                s.scalars(query.where(CulturalObject.id > last).order_by(CulturalObject.id).limit(batch))
            )
            converted = convert(s, rows)
        # the batch leaves only once its reads are recorded (in a short write of their own)
        record_reads(sessions, actor, [(o.external_id, o.classification) for o in rows], "export")
        if not rows:
            return
        yield from converted
        last = rows[-1].id


def to_csv_row(rec: dict) -> dict:
    row = {k: rec.get(k, "") for k in CSV_COLUMNS if not k.startswith("incident_")}
    incident = rec.get("incident") or (rec.get("incidents") or [{}])[0]
    for key in INCIDENT_KEYS:
        row[f"incident_{key}"] = incident.get(key, "")
    row["images"] = "|".join(rec.get("images", []))
    row["identifiers"] = "|".join(f"{i['scheme']}={i['value']}" for i in rec.get("identifiers", []))
    return row

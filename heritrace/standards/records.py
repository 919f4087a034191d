"""One register record as the exchange formats see it: the import-format record (free text as
given, so that a round trip changes nothing) and the structured values derived from it (vocabulary
concepts with their Getty AAT ids, EDTF and year span, ISO 3166 country, measurements in cm and g)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import pycountry
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.redaction import NEED_TO_KNOW_INCIDENT_FIELDS, photos_for, sees_need_to_know
from heritrace.core.actor import SYSTEM, Actor
from heritrace.objects.export import export_record, iter_readable
from heritrace.objects.models import CulturalObject, ObjectImage
from heritrace.vocab import get_vocabulary

AAT = "http://vocab.getty.edu/aat/"
# measurement columns, the word LIDO and Linked Art use for them, the unit, and the Getty AAT ids of
# the dimension type and unit (None where no id is certain)
MEASURES = (
    ("height_cm", "height", "cm", 300055644, 300379098),
    ("width_cm", "width", "cm", 300055647, 300379098),
    ("depth_cm", "depth", "cm", 300072633, 300379098),
    ("diameter_cm", "diameter", "cm", 300055624, 300379098),
    ("length_cm", "length", "cm", 300055645, 300379098),
    ("weight_g", "weight", "g", 300056240, 300379225),
    ("area_cm2", "area", "cm2", None, None),
)


@dataclass(frozen=True)
class Term:
    """A vocabulary concept: Heritrace's id, English label and Getty AAT id where certain."""

    id: str
    label: str
    aat: int | None

    @property
    def aat_uri(self) -> str | None:
        return f"{AAT}{self.aat}" if self.aat else None


@dataclass
class StandardRecord:
    record: dict  # the import format (heritrace.objects.transfer.export_record)
    object_type: Term | None = None
    materials: list[Term] = field(default_factory=list)
    date_edtf: str | None = None
    earliest: int | None = None
    latest: int | None = None
    country_code: str | None = None
    measures: list[tuple[str, float, str, int | None, int | None]] = field(default_factory=list)
    organisation: str | None = None
    updated_at: datetime | None = None
    images: list[tuple[str, str]] = field(default_factory=list)  # (path or URL, media type)

    @property
    def id(self) -> str:
        return self.record["id"]


def term(concept_id: str | None) -> Term | None:
    concept = get_vocabulary().get(concept_id) if concept_id else None
    return Term(concept.id, concept.label("en"), concept.aat) if concept else None


def country_name(code: str | None) -> str | None:
    country = pycountry.countries.get(alpha_2=code) if code else None
    return country.name if country else None


def standard_record(
    obj: CulturalObject,
    image_path: Callable[[ObjectImage], str],
    organisation: str | None = None,
    actor: Actor = SYSTEM,
) -> StandardRecord:
    """The record and its structured values as ``actor`` may see them (photos it may see, no police
    references unless it has need-to-know rights); ``image_path`` names each photo (path or URL)."""
    photos = photos_for(actor, obj.organisation_id, obj.images)
    record = export_record(obj, image_path)
    record.pop("images", None)
    if photos:
        record["images"] = [image_path(i) for i in photos]
    if not sees_need_to_know(actor, obj.organisation_id):
        for incident in record.get("incidents") or [record.get("incident") or {}]:
            for key in NEED_TO_KNOW_INCIDENT_FIELDS:
                incident.pop(key, None)
    materials = [t for t in (term(m.concept_id) for m in obj.materials) if t]
    measures = [
        (word, value, unit, kind, unit_aat)
        for column, word, unit, kind, unit_aat in MEASURES
        if (value := getattr(obj, column)) is not None
    ]
    return StandardRecord(
        record=record,
        object_type=term(obj.type_concept),
        materials=materials,
        date_edtf=obj.date_edtf,
        earliest=obj.date_earliest,
        latest=obj.date_latest,
        country_code=obj.country,
        measures=measures,
        organisation=organisation,
        updated_at=obj.updated_at,
        images=[(image_path(i), i.mime) for i in photos],
    )


def readable_records(
    sessions: sessionmaker[Session],
    actor: Actor,
    image_path: Callable[[ObjectImage], str],
    names: Callable[[Session, set], dict] | None = None,
) -> Iterator[StandardRecord]:
    """Every record ``actor`` may read, in id order, in constant memory."""

    def convert(s: Session, rows: list[CulturalObject]) -> list[StandardRecord]:
        orgs = names(s, {o.organisation_id for o in rows}) if names else {}
        return [standard_record(o, image_path, orgs.get(o.organisation_id), actor) for o in rows]

    return iter_readable(sessions, actor, convert)

"""One data shape per record, rendered as JSON by the API and as HTML by the web pages."""

from __future__ import annotations

from heritrace.access.redaction import photos_for, redact_record
from heritrace.core.actor import ANONYMOUS, Actor
from heritrace.objects.models import CulturalObject, ObjectImage
from heritrace.objects.parsing import Measurements, format_measurements
from heritrace.objects.schemas import (
    ConceptOut,
    IdentifierIn,
    ImageOut,
    IncidentOut,
    MeasurementsOut,
    ObjectOut,
    ObjectSummary,
    PeriodOut,
    StatusChangeOut,
)
from heritrace.objects.service import flags_of
from heritrace.vocab import get_vocabulary

MEASURES = ("height_cm", "width_cm", "depth_cm", "diameter_cm", "length_cm", "weight_g", "area_cm2")


def image_url(img: ObjectImage | str, kind: str = "display") -> str:
    sha = img if isinstance(img, str) else img.sha256
    return f"/api/v1/images/{sha}/{kind}"


def concept_out(concept_id: str | None, lang: str = "en") -> ConceptOut | None:
    concept = get_vocabulary().get(concept_id) if concept_id else None
    return ConceptOut(id=concept.id, label=concept.label(lang)) if concept else None


def measurements_out(obj: CulturalObject) -> MeasurementsOut:
    values = {k: getattr(obj, k) for k in MEASURES}
    display = format_measurements(Measurements(**values, parsed=True)) if any(values.values()) else None
    return MeasurementsOut(**values, display=display or None)


def object_out(obj: CulturalObject, actor: Actor = ANONYMOUS) -> ObjectOut:
    """The record as ``actor`` may see it: need-to-know fields and unpublishable photos redacted."""
    full = _object_out(obj, photos_for(actor, obj.organisation_id, obj.images))
    return ObjectOut.model_validate(redact_record(actor, obj.organisation_id, full.model_dump()))


def _object_out(obj: CulturalObject, images: list[ObjectImage]) -> ObjectOut:
    return ObjectOut(
        id=obj.external_id,
        status=obj.status,
        classification=obj.classification,
        type_of_object=obj.type_text,
        type_concept=concept_out(obj.type_concept),
        title=obj.title,
        maker=obj.maker,
        date_or_period=obj.date_text,
        period=PeriodOut(edtf=obj.date_edtf, earliest=obj.date_earliest, latest=obj.date_latest),
        materials_techniques=obj.materials_techniques,
        materials=[c for c in (concept_out(m.concept_id) for m in obj.materials) if c],
        measurements=obj.measurements_text,
        measurements_cm=measurements_out(obj),
        inscriptions_markings=obj.inscriptions_markings,
        distinguishing_features=obj.distinguishing_features,
        subject=obj.subject,
        description=obj.description,
        country=obj.country or obj.country_text,
        place_of_origin=obj.place_of_origin,
        inventory_number=obj.inventory_number,
        related_written_material=obj.related_written_material,
        cross_references=obj.cross_references,
        date_documented=obj.date_documented,
        flags=flags_of(obj),
        owner_name=obj.owner_name,
        suspects=obj.suspects,
        investigation_notes=obj.investigation_notes,
        current_location=obj.current_location,
        shared_with=[sh.organisation_id for sh in obj.shares],
        incidents=[
            IncidentOut(
                type=i.type,
                type_text=i.type_text,
                date=i.date_text,
                date_edtf=i.date_edtf,
                place=i.place,
                country=i.country,
                circumstances=i.circumstances,
                reporting_organisation=i.reporting_organisation,
                reference=i.reference,
            )
            for i in obj.incidents
        ],
        identifiers=[IdentifierIn(scheme=i.scheme, value=i.value) for i in obj.identifiers],
        images=[
            ImageOut(
                id=i.id,
                sha256=i.sha256,
                mime=i.mime,
                width=i.width,
                height=i.height,
                url=image_url(i),
                thumbnail_url=image_url(i, "thumb"),
                publishable=i.publishable,
            )
            for i in images
        ],
        status_history=[
            StatusChangeOut(
                status=c.status,
                previous_status=c.previous_status,
                changed_at=c.changed_at,
                changed_by=c.changed_by,
                reason=c.reason,
            )
            for c in obj.status_history
        ],
        version=obj.version,
        created_at=obj.created_at,
        updated_at=obj.updated_at,
    )


def summary_out(obj: CulturalObject, actor: Actor = ANONYMOUS) -> ObjectSummary:
    images = photos_for(actor, obj.organisation_id, obj.images)
    return ObjectSummary(
        id=obj.external_id,
        status=obj.status,
        classification=obj.classification,
        type_of_object=obj.type_text,
        title=obj.title,
        maker=obj.maker,
        date_or_period=obj.date_text,
        country=obj.country or obj.country_text,
        thumbnail_url=image_url(images[0], "thumb") if images else None,
    )

"""The review queue: an organisation's records with flagged values (text that could not be read, a
date read from a longer text, a controlled value recorded with a safe default), each fixed in place
or kept as it is.

A fix goes through the same use cases as an edit (``ObjectService.update`` and ``change_status``,
or the incident's own row), so the value is read again, the flags are worked out again and the
change is audited; keeping a value as it is removes its flag, also audited.
"""

from __future__ import annotations

import json

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import WRITE, can_write, restrict
from heritrace.audit.service import AuditLog
from heritrace.core.actor import Actor
from heritrace.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from heritrace.core.i18n import _
from heritrace.db.base import utcnow
from heritrace.db.engine import writing
from heritrace.objects.describe import describe_incident, moved_flag
from heritrace.objects.models import CulturalObject
from heritrace.objects.presenters import object_out
from heritrace.objects.profiles import TEXT_FIELDS
from heritrace.objects.schemas import IncidentIn, ObjectUpdate, StatusChangeIn
from heritrace.objects.service import ObjectService, flag_entries, may_write

FIXED_IN_RECORD = (*TEXT_FIELDS, "classification")
FIXED_IN_INCIDENT = ("type", "date", "country")
INCIDENT_DESCRIBED = (
    "type",
    "type_text",
    "date_text",
    "date_edtf",
    "date_earliest",
    "date_latest",
    "country",
)
KEPT = ("owner_name", "suspects", "investigation_notes", "current_location")


class ReviewQueue:
    def __init__(self, sessions: sessionmaker[Session], objects: ObjectService):
        self.sessions = sessions
        self.objects = objects

    def flagged(self, actor: Actor, page: int = 1, per_page: int = 20) -> tuple[list[CulturalObject], int]:
        """The actor's organisation's records that have flags, oldest change first."""
        if actor.organisation_id is None:
            return [], 0
        query = restrict(select(CulturalObject), actor, CulturalObject, WRITE).where(
            CulturalObject.flags.is_not(None), CulturalObject.organisation_id == actor.organisation_id
        )
        with self.sessions() as s:
            total = s.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = s.scalars(query.order_by(CulturalObject.id).limit(per_page).offset((page - 1) * per_page))
            return list(rows), total

    def fix(self, actor: Actor, external_id: str, field: str, value: str, version: int) -> None:
        """Give a flagged field a new value, read as on the form."""
        record = self._flagged_record(actor, external_id, field, version)
        if field in FIXED_IN_RECORD:
            self._fix_record(actor, record, field, value)
        elif field == "status":
            change = StatusChangeIn(status=value, reason="review of flagged values")
            self.objects.change_status(actor, external_id, change)
            self._drop_flag(actor, external_id, field, "review_fix")
        elif field.startswith("incident.") and field.split(".")[-1] in FIXED_IN_INCIDENT:
            self._fix_incident(actor, external_id, field, value, version)
        else:
            raise ValidationFailed({field: _("this value is fixed on the record's edit page")})

    def keep(self, actor: Actor, external_id: str, field: str, version: int) -> None:
        """Keep a flagged value as it is: its flag goes, the value stays."""
        self._flagged_record(actor, external_id, field, version)
        self._drop_flag(actor, external_id, field, "review_keep")

    def _drop_flag(self, actor: Actor, external_id: str, field: str, action: str) -> None:
        with writing(), self.sessions() as s:
            obj = self._writable(s, actor, external_id)
            kept = [f for f in flag_entries(obj) if f["field"] != field]
            obj.flags = json.dumps(kept, ensure_ascii=False) if kept else None
            obj.version, obj.updated_at = obj.version + 1, utcnow()
            AuditLog(s).record(actor, action, "object", external_id, after={"field": field})
            s.commit()

    def _flagged_record(self, actor: Actor, external_id: str, field: str, version: int) -> CulturalObject:
        if not may_write(actor):
            raise Forbidden(_("you may not change the register"))
        with self.sessions() as s:
            obj = self._writable(s, actor, external_id)
            if obj.version != version:
                raise Conflict(_("the record was changed since the queue was shown; reload it"))
            if all(f["field"] != field for f in flag_entries(obj)):
                raise ValidationFailed({field: _("this value has no flag (any more)")})
            return obj

    def _writable(self, s: Session, actor: Actor, external_id: str) -> CulturalObject:
        query = select(CulturalObject).where(CulturalObject.external_id == external_id)
        obj = s.scalar(restrict(query, actor, CulturalObject, WRITE))
        if obj is None or not can_write(actor, obj.organisation_id):
            raise NotFound(_("no object '%(id)s'", id=external_id))
        return obj

    def _fix_record(self, actor: Actor, record: CulturalObject, field: str, value: str) -> None:
        shown = object_out(record, actor)
        values = {k: getattr(shown, k) for k in (*FIXED_IN_RECORD, *KEPT)}
        if shown.date_documented:
            values["date_documented"] = shown.date_documented.isoformat()
        values.update(
            {field: value.strip() or None, "shared_with": shown.shared_with, "version": record.version}
        )
        values["classification"] = values["classification"] or "public"
        try:
            update = ObjectUpdate.model_validate(
                {k: v for k, v in values.items() if v is not None}, strict=False
            )
        except ValidationError as exc:  # an imported text longer than a form takes, in another field
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:3])
            raise ValidationFailed(
                {field: _("fix this on the record's edit page (%(problems)s)", problems=problems)}
            ) from None
        self.objects.update(actor, record.external_id, update)

    def _fix_incident(self, actor: Actor, external_id: str, field: str, value: str, version: int) -> None:
        n, key = field.split(".")[1:]
        with writing(), self.sessions() as s:
            obj = self._writable(s, actor, external_id)
            incident = obj.incidents[int(n)] if int(n) < len(obj.incidents) else None
            if incident is None:
                raise ValidationFailed({field: _("no such incident")})
            written = {
                "type": incident.type,
                "date": incident.date_text,
                "country": incident.country,
                key: value,
            }
            described = describe_incident(IncidentIn(**{k: v for k, v in written.items() if v}))
            if described.errors:
                raise ValidationFailed({field: "; ".join(described.errors.values())})
            row = described.incidents[0]
            before = {"type": incident.type, "date": incident.date_text, "country": incident.country}
            for column in (
                "type",
                "type_text",
                "date_text",
                "date_edtf",
                "date_earliest",
                "date_latest",
                "country",
            ):
                setattr(incident, column, row[column])
            kept = [f for f in flag_entries(obj) if f["field"] != field] + [
                moved_flag(f, field) for f in described.flags if f["field"] == f"incident.0.{key}"
            ]
            obj.flags = json.dumps(kept, ensure_ascii=False) if kept else None
            obj.version, obj.updated_at = obj.version + 1, utcnow()
            AuditLog(s).record(actor, "review_fix", "object", external_id, before=before, after={key: value})
            s.commit()

"""Inventories before theft: museums, churches, archives and collectors keep their objects in
Heritrace as Object ID records with photos, read by their own organisation only (the classification
``inventory``, see ``access.policy.restrict``).

"Report stolen" turns chosen inventory records into register records in one step (incident facts,
police report reference, classification) and raises the theft alert. A holder may also let law
enforcement search its inventory when a seized object's owner is unknown
(``screening.inventory``); it is told of every hit.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import NOT_PUBLISHABLE, WRITE, may_publish, restrict
from heritrace.audit.service import AuditLog
from heritrace.core.actor import ADMIN_ROLES, Actor
from heritrace.core.errors import Forbidden, NotFound, ValidationFailed
from heritrace.core.i18n import _
from heritrace.db.base import utcnow
from heritrace.db.engine import writing
from heritrace.objects.describe import describe_incident
from heritrace.objects.models import INVENTORY, CulturalObject, Incident, StatusChange
from heritrace.objects.schemas import IncidentIn, TheftReportIn
from heritrace.objects.service import may_write
from heritrace.partners import prefixes
from heritrace.partners.models import Organisation


class InventoryService:
    def __init__(
        self, sessions: sessionmaker[Session], on_reported: Callable[[list[str], str], None] | None = None
    ):
        self.sessions = sessions
        # told (external ids, status) once the report is stored: the theft alert follows
        self.on_reported = on_reported

    def report_stolen(self, actor: Actor, report: TheftReportIn) -> list[str]:
        """Put the chosen records of the actor's inventory on the register with one incident, all
        of them or none; returns their ids."""
        if not may_write(actor) or actor.organisation_id is None:
            raise Forbidden(
                _("only registrars and administrators of the holding organisation report a theft")
            )
        if report.classification == "public" and not may_publish(actor):
            raise ValidationFailed({"classification": _(NOT_PUBLISHABLE)})
        with writing(), self.sessions() as s:
            objs = self._inventory_records(s, actor, list(dict.fromkeys(report.object_ids)))
            ids = [o.external_id for o in objs]
            incident = self._incident(s, actor, report)
            for obj in objs:
                self._report_one(s, actor, obj, report, incident)
            s.commit()
        if self.on_reported:
            self.on_reported(ids, report.status)
        return ids

    def _inventory_records(self, s: Session, actor: Actor, ids: list[str]) -> list[CulturalObject]:
        """The records of the actor's inventory the ids name, as stored or in the shorthand of the
        organisation's namespace (partners.prefixes)."""
        prefix = prefixes.organisation_prefix(s, actor.organisation_id)
        names = {i: prefixes.spellings(i, prefix) for i in ids}
        query = select(CulturalObject).where(
            CulturalObject.external_id.in_([n for ns in names.values() for n in ns]),
            CulturalObject.classification == INVENTORY,
        )
        found = {o.external_id: o for o in s.scalars(restrict(query, actor, CulturalObject, WRITE))}
        chosen = {i: next((found[n] for n in ns if n in found), None) for i, ns in names.items()}
        objs = list({o.id: o for o in chosen.values() if o is not None}.values())
        missing = sorted(i for i, o in chosen.items() if o is None)
        if missing:  # the same answer for ids that do not exist and records of others
            raise ValidationFailed(
                {"object_ids": _("not in your inventory: %(ids)s", ids=", ".join(missing[:10]))}
            )
        return objs

    @staticmethod
    def _incident(s: Session, actor: Actor, report: TheftReportIn) -> dict:
        org = s.get(Organisation, actor.organisation_id)
        incident = IncidentIn(
            type=report.incident_type,
            date=report.date,
            place=report.place,
            country=report.country,
            circumstances=report.circumstances,
            reporting_organisation=org.name if org else None,
            reference=report.police_reference,
        )
        described = describe_incident(incident)
        if described.errors:
            raise ValidationFailed({k.removeprefix("incident.0."): v for k, v in described.errors.items()})
        return described.incidents[0]

    @staticmethod
    def _report_one(
        s: Session, actor: Actor, obj: CulturalObject, report: TheftReportIn, incident: dict
    ) -> None:
        before = {"classification": obj.classification, "status": obj.status}
        obj.classification, obj.status = report.classification, report.status
        obj.incidents.append(Incident(**incident))
        reason = f"reported {report.status} from the inventory"
        if report.police_reference:
            reason += f" (police report {report.police_reference})"
        obj.status_history.append(
            StatusChange(
                status=report.status, previous_status=before["status"], changed_by=actor.name, reason=reason
            )
        )
        obj.version += 1
        obj.updated_at = utcnow()
        after = {"classification": obj.classification, "status": obj.status, "incident": incident["type"]}
        AuditLog(s).record(actor, "report_stolen", "object", obj.external_id, before=before, after=after)

    # -- the holder's consent to police searches ---------------------------------------------------

    def police_search_allowed(self, actor: Actor) -> bool:
        if actor.organisation_id is None:
            return False
        with self.sessions() as s:
            org = s.get(Organisation, actor.organisation_id)
            return bool(org and org.inventory_police_search)

    def allow_police_search(self, actor: Actor, allowed: bool) -> bool:
        """An administrator of the holding organisation lets law enforcement search its inventory
        (or stops it); audited."""
        if not (ADMIN_ROLES & actor.roles) or actor.organisation_id is None or not actor.may("write"):
            raise Forbidden(_("only an administrator of the organisation decides who searches its inventory"))
        with writing(), self.sessions() as s:
            org = s.get(Organisation, actor.organisation_id)
            if org is None:
                raise NotFound(_("no such organisation"))
            before = {"inventory_police_search": org.inventory_police_search}
            org.inventory_police_search = allowed
            AuditLog(s).record(
                actor, "inventory_police_search", "organisation", str(org.id),
                before=before, after={"inventory_police_search": allowed},
            )  # fmt: skip
            s.commit()
        return allowed

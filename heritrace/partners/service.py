"""Use cases of the partner network: register organisations, vet or suspend them, list the directory."""

from __future__ import annotations

import json

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from heritrace.alerts.models import Alert
from heritrace.audit.service import AuditLog
from heritrace.core.actor import Actor
from heritrace.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from heritrace.core.i18n import _
from heritrace.db.base import utcnow
from heritrace.db.engine import writing
from heritrace.objects.models import CulturalObject
from heritrace.partners import prefixes
from heritrace.partners.models import ORGANISATION_KINDS, Organisation
from heritrace.partners.schemas import ContactPoint, OrganisationIn, OrganisationOut, VettingIn


class PartnerService:
    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    def create(self, actor: Actor, data: OrganisationIn, vetting: str = "applied") -> Organisation:
        _require_operator(actor)
        with writing(), self.sessions() as s:
            if s.scalar(select(Organisation.id).where(Organisation.name == data.name)) is not None:
                raise Conflict(_("an organisation named '%(name)s' exists", name=data.name))
            org = Organisation(
                name=data.name,
                id_prefix=_chosen_prefix(s, data.id_prefix),
                kind=data.kind,
                country=data.country.upper() if data.country else None,
                contact_points=json.dumps([c.model_dump() for c in data.contact_points]),
                national_focal_point=data.national_focal_point,
                named_authority=data.named_authority,
                vetting=vetting,
            )
            s.add(org)
            s.flush()
            AuditLog(s).record(actor, "create", "organisation", str(org.id), after=org_snapshot(org))
            s.commit()
            return org

    def set_vetting(self, actor: Actor, organisation_id: int, change: VettingIn) -> Organisation:
        """The operator vets, suspends or re-admits a partner; suspension ends its users' access."""
        _require_operator(actor)
        with writing(), self.sessions() as s:
            org = s.get(Organisation, organisation_id)
            if org is None:
                raise NotFound(_("no organisation %(id)s", id=organisation_id))
            before = org_snapshot(org)
            org.vetting = change.vetting
            publication = _follow_vetting(s, org)
            AuditLog(s).record(
                actor,
                "vetting",
                "organisation",
                str(org.id),
                before=before,
                after={**org_snapshot(org), "reason": change.reason, **publication},
            )
            s.commit()
            return org

    def directory(
        self, actor: Actor, kind: str | None = None, country: str | None = None
    ) -> list[Organisation]:
        """Partners by type and country (suspended ones only for the operator)."""
        query = select(Organisation).order_by(Organisation.kind, Organisation.country, Organisation.name)
        if kind:
            query = query.where(Organisation.kind == kind)
        if country:
            query = query.where(Organisation.country == country.upper())
        if not actor.has_role("platform_admin"):
            query = query.where(Organisation.vetting != "suspended")
        with self.sessions() as s:
            return list(s.scalars(query))

    def get(self, actor: Actor, organisation_id: int) -> Organisation:
        with self.sessions() as s:
            org = s.get(Organisation, organisation_id)
        if org is None or (org.vetting == "suspended" and not actor.has_role("platform_admin")):
            raise NotFound(_("no organisation %(id)s", id=organisation_id))
        return org


def _follow_vetting(s: Session, org: Organisation) -> dict:
    """What the organisation made public follows its vetting: withdrawn from public view (to
    partners) when it is no longer vetted, public again when it is vetted again."""
    now = utcnow()
    counts = {}
    for model in (CulturalObject, Alert):
        own = model.organisation_id == org.id
        if org.vetting == "vetted":
            change = (
                update(model)
                .where(own, model.public_withdrawn_at.is_not(None))
                .values(classification="public", public_withdrawn_at=None)
            )
        else:
            change = (
                update(model)
                .where(own, model.classification == "public")
                .values(classification="partners", public_withdrawn_at=now)
            )
        if model is CulturalObject:
            change = change.values(updated_at=now)
        counts[model.__tablename__] = s.execute(change.execution_options(synchronize_session=False)).rowcount
    key = "public_restored" if org.vetting == "vetted" else "public_withdrawn"
    return {key: counts} if any(counts.values()) else {}


def organisation_names(s: Session, ids: set[int | None]) -> dict[int, str]:
    """Organisation names by id, for the ids given (None and unknown ids are left out)."""
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    query = select(Organisation.id, Organisation.name).where(Organisation.id.in_(wanted))
    return dict(s.execute(query).all())


def organisation_out(org: Organisation, actor: Actor) -> OrganisationOut:
    """Contact points are for vetted partners and the organisation's own members."""
    sees_contacts = actor.has_role("platform_admin") or actor.vetted or actor.organisation_id == org.id
    contacts = [ContactPoint(**c) for c in json.loads(org.contact_points or "[]")] if sees_contacts else None
    return OrganisationOut(
        id=org.id,
        name=org.name,
        kind=org.kind,
        kind_label=ORGANISATION_KINDS[org.kind],
        country=org.country,
        id_prefix=org.id_prefix,
        contact_points=contacts,
        national_focal_point=org.national_focal_point,
        named_authority=org.named_authority,
        law_enforcement=org.law_enforcement,
        vetting=org.vetting,
    )


def org_snapshot(org: Organisation) -> dict:
    return {
        "name": org.name,
        "kind": org.kind,
        "country": org.country,
        "id_prefix": org.id_prefix,
        "vetting": org.vetting,
        "national_focal_point": org.national_focal_point,
        "named_authority": org.named_authority,
    }


def _chosen_prefix(s: Session, code: str | None) -> str | None:
    """The id prefix an administrator chose for a new organisation, checked (None: make one)."""
    if not code:
        return None
    code = prefixes.normalised(code)
    problem = prefixes.prefix_problem(code)
    if problem is None and prefixes.code_taken(s, code):
        problem = _("the id prefix %(code)s is already in use", code=code)
    if problem:
        raise ValidationFailed({"id_prefix": problem})
    return code


def _require_operator(actor: Actor) -> None:
    if not actor.has_role("platform_admin"):
        raise Forbidden(_("only the platform operator manages partner organisations"))

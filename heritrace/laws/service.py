"""Use cases of the law database: read a country or an instrument, load and export the data file,
propose a change (national focal points, for their own country) and review it (the operator).

Every write goes through ``_store``: the fact's previous state stays in ``law_fact_version``, the
version counts up, and one audit entry is written in the same transaction. Reads are public (laws and
treaty status are public information); proposals are ``restricted`` to the proposing organisation.
"""

from __future__ import annotations

import json
from typing import Any

import pycountry
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import restrict
from heritrace.audit.service import AuditLog
from heritrace.core.actor import SYSTEM, Actor
from heritrace.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from heritrace.core.i18n import _
from heritrace.core.validation import error_message
from heritrace.db.base import utcnow
from heritrace.laws.facts import KINDS, FactKind
from heritrace.laws.models import (
    STATUSES,
    ExportRegime,
    LawChange,
    LawFactVersion,
    LegalInstrument,
    NationalLaw,
    TreatyStatus,
)
from heritrace.laws.schemas import FACT_SCHEMAS, FILE_KEYS, ImportReport, ProposalIn, ReviewIn
from heritrace.laws.tables import shipped_seed, states_raw
from heritrace.legal.data import StatesTable
from heritrace.partners.models import Organisation


class LawService:
    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions
        self._seeded = False

    # -- reading -----------------------------------------------------------------------------------

    def ensure_seeded(self) -> None:
        """Load the shipped law database into an empty installation (once; a concurrent loader wins)."""
        if self._seeded:
            return
        with self.sessions() as s:
            empty = s.scalar(select(func.count()).select_from(LegalInstrument)) == 0
        if empty:
            try:
                self.import_document(SYSTEM, shipped_seed(), action="seed")
            except IntegrityError:
                pass  # another process loaded it first
        self._seeded = True

    def countries(self) -> list[dict[str, Any]]:
        """Every country the database knows something about, with counts of its facts."""
        self.ensure_seeded()
        summary: dict[str, dict[str, Any]] = {}
        with self.sessions() as s:
            for model, key in ((NationalLaw, "laws"), (TreatyStatus, "treaties"), (ExportRegime, "regimes")):
                rows = s.execute(select(model.country, model.status))
                for country, status in rows:
                    entry = summary.setdefault(country, _empty_summary(country))
                    entry[key] += 1
                    entry["unverified"] += status != "V"
        return sorted(summary.values(), key=lambda e: e["name"])

    def country(self, code: str) -> dict[str, list[tuple[FactKind, Any]]]:
        """All facts about one country, by kind."""
        self.ensure_seeded()
        code = _country_code(code)
        with self.sessions() as s:
            return {
                "treaty_status": self._rows(s, "treaty_status", TreatyStatus.country == code),
                "law": self._rows(s, "law", NationalLaw.country == code),
                "export_regime": self._rows(s, "export_regime", ExportRegime.country == code),
            }

    def instruments(self) -> list[tuple[FactKind, Any]]:
        self.ensure_seeded()
        with self.sessions() as s:
            return self._rows(s, "instrument", None)

    def instrument(self, code: str) -> tuple[tuple[FactKind, Any], list[tuple[FactKind, Any]]]:
        self.ensure_seeded()
        with self.sessions() as s:
            row = s.get(LegalInstrument, code)
            if row is None:
                raise NotFound(_("no instrument %(code)s in the law database", code=code))
            return (KINDS["instrument"], row), self._rows(s, "treaty_status", TreatyStatus.instrument == code)

    def fact(self, kind: str, fact_id: str) -> tuple[FactKind, Any]:
        self.ensure_seeded()
        fact_kind = _kind(kind)
        with self.sessions() as s:
            row = fact_kind.get(s, fact_id)
            if row is None:
                raise NotFound(_("no %(kind)s %(id)s in the law database", kind=kind, id=fact_id))
            return fact_kind, row

    def history(self, kind: str, fact_id: str) -> list[LawFactVersion]:
        """Every version of a fact, newest first."""
        self.fact(kind, fact_id)
        with self.sessions() as s:
            query = select(LawFactVersion).where(
                LawFactVersion.kind == kind, LawFactVersion.fact_id == fact_id
            )
            return list(s.scalars(query.order_by(LawFactVersion.version.desc())))

    def export_regime(self, code: str) -> dict[str, Any] | None:
        """A country's export regime in the file shape, for the export check's plain-words answer."""
        self.ensure_seeded()
        with self.sessions() as s:
            row = s.scalars(select(ExportRegime).where(ExportRegime.country == code)).first()
            return KINDS["export_regime"].to_fact(row) if row else None

    def export_regime_words(self, code: str) -> dict[str, Any] | None:
        """The export regime with its status in words (``RegimeLookup`` of the export check)."""
        regime = self.export_regime(code)
        if regime is not None:
            regime["status_words"] = _(STATUSES[regime["status"]])
        return regime

    def states_table(self) -> StatesTable:
        """The deadline engine's States Parties and EU tables, from this installation's reviewed facts."""
        self.ensure_seeded()
        with self.sessions() as s:
            instruments = [KINDS["instrument"].to_fact(r) for r in s.scalars(select(LegalInstrument))]
            statuses = [KINDS["treaty_status"].to_fact(r) for r in s.scalars(select(TreatyStatus))]
        return StatesTable(states_raw(instruments, statuses))

    def export_document(self) -> dict[str, Any]:
        """The whole database in the file shape (what ``heritrace laws import`` reads)."""
        self.ensure_seeded()
        document: dict[str, Any] = {"about": shipped_seed()["about"]}
        with self.sessions() as s:
            for kind, key in FILE_KEYS.items():
                document[key] = [KINDS[kind].to_fact(row) for _k, row in self._rows(s, kind, None)]
        return document

    @staticmethod
    def _rows(s: Session, kind: str, where) -> list[tuple[FactKind, Any]]:  # noqa: ANN001
        fact_kind = KINDS[kind]
        query = select(fact_kind.model)
        if where is not None:
            query = query.where(where)
        order = {"instrument": "code", "treaty_status": "instrument", "law": "year"}.get(kind, "country")
        rows = s.scalars(query.order_by(getattr(fact_kind.model, order), fact_kind.model.updated_at))
        return [(fact_kind, row) for row in rows]

    # -- loading and exporting the data file -------------------------------------------------------

    def import_document(self, actor: Actor, document: Any, action: str = "import") -> ImportReport:
        """Validate the whole file, then create or update each fact (history and audit kept).

        Nothing is stored unless every entry is valid: errors name the list and position."""
        if not actor.has_role("platform_admin"):
            raise Forbidden(_("only the operator loads law-database files"))
        entries = _validated_entries(document)
        report = ImportReport(created={}, updated={}, unchanged={})
        with self.sessions.begin() as s:
            for kind, data in entries:
                outcome = self._store(s, actor, KINDS[kind], data, action, None)
                bucket = getattr(report, outcome)
                bucket[kind] = bucket.get(kind, 0) + 1
            AuditLog(s).record(actor, action, "law_database", "file", None, report.model_dump())
        return report

    def _store(
        self, s: Session, actor: Actor, kind: FactKind, data: Any, action: str, change_id: int | None
    ) -> str:
        """Create or update one fact; returns created / updated / unchanged."""
        row = kind.find(s, data)
        if row is not None and kind.to_fact(row) == data.model_dump():
            return "unchanged"
        created = row is None
        if created:
            row = kind.model()
            row.version = 0
            s.add(row)
        kind.write(row, data)
        row.version += 1
        row.updated_at = utcnow()
        s.flush()
        snapshot = kind.to_fact(row)
        s.add(
            LawFactVersion(
                kind=kind.name,
                fact_id=kind.fact_id(row),
                version=row.version,
                snapshot_json=json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
                action=action,
                change_id=change_id,
                changed_by=actor.name,
            )
        )
        if action != "seed" and action != "import":
            AuditLog(s).record(actor, action, kind.name, kind.fact_id(row), None, snapshot)
        return "created" if created else "updated"

    # -- proposals and review ----------------------------------------------------------------------

    def propose(self, actor: Actor, proposal: ProposalIn) -> LawChange:
        """A national focal point proposes a change for its own country (the operator for any)."""
        self.ensure_seeded()
        data = _validated(proposal.kind, proposal.fact, "fact")
        with self.sessions.begin() as s:
            _may_propose(s, actor, data.country)
            if proposal.fact_id is not None:
                self._check_target(s, proposal, data)
            change = LawChange(
                kind=proposal.kind,
                fact_id=proposal.fact_id,
                country=data.country,
                payload_json=json.dumps(data.model_dump(), ensure_ascii=False, sort_keys=True),
                reason=proposal.reason,
                organisation_id=actor.organisation_id,
                user_id=actor.user_id,
                proposed_by=actor.name,
            )
            s.add(change)
            s.flush()
            AuditLog(s).record(actor, "propose", "law_change", str(change.id), None, _change_snapshot(change))
            s.expunge(change)
        return change

    @staticmethod
    def _check_target(s: Session, proposal: ProposalIn, data: Any) -> None:
        kind = KINDS[proposal.kind]
        row = kind.get(s, proposal.fact_id or "")
        if row is None:
            raise NotFound(_("no %(kind)s %(id)s to change", kind=proposal.kind, id=proposal.fact_id))
        if row.country != data.country:
            raise ValidationFailed({"fact.country": _("a proposal may not move a fact to another country")})

    def proposals(self, actor: Actor, status: str | None = None) -> list[LawChange]:
        """Proposals the actor may read: its organisation's, or all for the operator."""
        query = restrict(select(LawChange), actor, LawChange)
        if status:
            query = query.where(LawChange.status == status)
        with self.sessions() as s:
            return list(s.scalars(query.order_by(LawChange.id.desc()).limit(500)))

    def proposal(self, actor: Actor, change_id: int) -> LawChange:
        query = restrict(select(LawChange).where(LawChange.id == change_id), actor, LawChange)
        with self.sessions() as s:
            change = s.scalar(query)
        if change is None:
            raise NotFound(_("no proposal %(id)s that you may read", id=change_id))
        return change

    def review(self, actor: Actor, change_id: int, review: ReviewIn) -> LawChange:
        """The operator accepts (the fact changes, with history) or rejects a pending proposal."""
        if not actor.has_role("platform_admin"):
            raise Forbidden(_("only the operator reviews proposed changes"))
        with self.sessions.begin() as s:
            # held until the review commits: two reviews of one proposal, one decides (PostgreSQL)
            change = s.get(LawChange, change_id, with_for_update=True)
            if change is None:
                raise NotFound(_("no proposal %(id)s", id=change_id))
            if change.status != "pending":
                raise Conflict(
                    _("proposal %(id)s was already %(status)s", id=change_id, status=change.status)
                )
            before = _change_snapshot(change)
            if review.decision == "accept":
                data = _validated(change.kind, json.loads(change.payload_json), "fact")
                self._store(s, actor, KINDS[change.kind], data, "proposal", change.id)
            change.status = "accepted" if review.decision == "accept" else "rejected"
            change.reviewed_at, change.reviewed_by, change.review_note = utcnow(), actor.name, review.note
            AuditLog(s).record(
                actor, "review", "law_change", str(change.id), before, _change_snapshot(change)
            )
            s.flush()
            s.expunge(change)
        return change


def _validated(kind: str, raw: Any, where: str) -> Any:
    try:
        return FACT_SCHEMAS[kind].model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed(
            {".".join([where, *map(str, e["loc"])]): error_message(e) for e in exc.errors()}
        ) from None


def _validated_entries(document: Any) -> list[tuple[str, Any]]:
    if not isinstance(document, dict):
        raise ValidationFailed(
            {"file": _("must be a JSON object with the lists %(keys)s", keys=", ".join(FILE_KEYS.values()))}
        )
    unknown = sorted(set(document) - set(FILE_KEYS.values()) - {"about"})
    errors: dict[str, str] = {key: _("unknown list") for key in unknown}
    entries: list[tuple[str, Any]] = []
    for kind, key in FILE_KEYS.items():
        items = document.get(key, [])
        if not isinstance(items, list):
            errors[key] = _("must be a list")
            continue
        for n, item in enumerate(items):
            try:
                entries.append((kind, _validated(kind, item, f"{key}[{n}]")))
            except ValidationFailed as exc:
                errors.update(exc.errors)
    if errors:
        raise ValidationFailed(dict(list(errors.items())[:50]), message=_("the file was not loaded"))
    return entries


def _may_propose(s: Session, actor: Actor, country: str) -> None:
    if actor.has_role("platform_admin"):
        return
    org = s.get(Organisation, actor.organisation_id) if actor.organisation_id else None
    if org is None or not org.national_focal_point or org.vetting != "vetted":
        raise Forbidden(_("changes to the law database are proposed by national focal points"))
    if org.country != country:
        raise Forbidden(
            _("a national focal point proposes changes for its own country (%(c)s)", c=org.country)
        )


def _change_snapshot(change: LawChange) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "fact_id": change.fact_id,
        "country": change.country,
        "status": change.status,
    }


def _kind(kind: str) -> FactKind:
    if kind not in KINDS:
        raise NotFound(_("no kind of fact %(kind)s", kind=kind))
    return KINDS[kind]


def _country_code(code: str) -> str:
    upper = code.strip().upper()
    if len(upper) != 2 or pycountry.countries.get(alpha_2=upper) is None:
        raise NotFound(_("no country %(code)s", code=code))
    return upper


def country_label(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code)
    return (getattr(found, "common_name", None) or found.name) if found else code


def _empty_summary(country: str) -> dict[str, Any]:
    return {
        "country": country,
        "name": country_label(country),
        "laws": 0,
        "treaties": 0,
        "regimes": 0,
        "unverified": 0,
    }

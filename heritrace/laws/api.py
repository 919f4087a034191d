"""REST endpoints of the law database: read (public), export, propose changes, review them."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from heritrace.core.actor import Actor
from heritrace.core.http import error_responses, get_actor, get_platform
from heritrace.core.i18n import _
from heritrace.laws.facts import FactKind
from heritrace.laws.models import STATUSES, LawChange
from heritrace.laws.schemas import (
    CountryOut,
    CountrySummaryOut,
    FactOut,
    InstrumentOut,
    ProposalIn,
    ProposalOut,
    ReviewIn,
    VersionOut,
)
from heritrace.laws.service import country_label
from heritrace.platform import Heritrace

router = APIRouter(prefix="/api/v1/laws", tags=["law database"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]


@router.get("/countries", response_model=list[CountrySummaryOut], responses=error_responses(503))
def countries(platform: Platform) -> list[CountrySummaryOut]:
    """Every country the database holds facts about, with how many are not yet verified."""
    return [
        CountrySummaryOut(
            country=c["country"],
            name=c["name"],
            laws=c["laws"],
            export_regime=bool(c["regimes"]),
            treaties=c["treaties"],
            unverified=c["unverified"],
        )
        for c in platform.laws.countries()
    ]


@router.get("/countries/{country}", response_model=CountryOut, responses=error_responses(404, 503))
def country(platform: Platform, country: str) -> CountryOut:
    """A country's laws and decrees, export regime and status under the conventions, each with its source."""
    facts = platform.laws.country(country)
    regime = facts["export_regime"]
    code = country.strip().upper()
    return CountryOut(
        country=code,
        name=country_label(code),
        treaty_status=[fact_out(k, r) for k, r in facts["treaty_status"]],
        laws=[fact_out(k, r) for k, r in facts["law"]],
        export_regime=fact_out(*regime[0]) if regime else None,
    )


@router.get("/instruments", response_model=list[FactOut], responses=error_responses(503))
def instruments(platform: Platform) -> list[FactOut]:
    return [fact_out(k, r) for k, r in platform.laws.instruments()]


@router.get("/instruments/{code:path}", response_model=InstrumentOut, responses=error_responses(404, 503))
def instrument(platform: Platform, code: str) -> InstrumentOut:
    """An instrument and the status of every State recorded under it."""
    head, states = platform.laws.instrument(code)
    return InstrumentOut(fact=fact_out(*head), states=[fact_out(k, r) for k, r in states])


@router.get("/export", response_model=dict[str, Any], responses=error_responses(503))
def export(platform: Platform) -> dict[str, Any]:
    """The whole database in the file shape that ``heritrace laws import`` reads."""
    return platform.laws.export_document()


@router.get(
    "/facts/{kind}/{fact_id}/history", response_model=list[VersionOut], responses=error_responses(404, 503)
)
def history(platform: Platform, actor: CurrentActor, kind: str, fact_id: str) -> list[VersionOut]:
    """Every version of a fact, newest first, with the action that made it (seed, import, proposal)."""
    return [
        VersionOut(
            version=v.version,
            action=v.action,
            changed_at=v.changed_at,
            changed_by=v.changed_by,
            change_id=v.change_id,
            snapshot=json.loads(v.snapshot_json),
        )
        for v in platform.laws.history(kind, fact_id)
    ]


@router.post(
    "/proposals", status_code=201, response_model=ProposalOut, responses=error_responses(404, 422, 503)
)
def propose(platform: Platform, actor: CurrentActor, body: ProposalIn) -> ProposalOut:
    """A national focal point proposes a change for its country; the operator reviews it."""
    return proposal_out(platform.laws.propose(actor, body))


@router.get("/proposals", response_model=list[ProposalOut], responses=error_responses(422, 503))
def proposals(
    platform: Platform,
    actor: CurrentActor,
    status: Annotated[str | None, Query(pattern="^(pending|accepted|rejected)$")] = None,
) -> list[ProposalOut]:
    """Your organisation's proposals (the operator sees all)."""
    return [proposal_out(c) for c in platform.laws.proposals(actor, status)]


@router.post(
    "/proposals/{change_id}/review", response_model=ProposalOut, responses=error_responses(404, 409, 422, 503)
)
def review(platform: Platform, actor: CurrentActor, change_id: int, body: ReviewIn) -> ProposalOut:
    """The operator accepts (the fact changes; its history keeps the earlier version) or rejects."""
    return proposal_out(platform.laws.review(actor, change_id, body))


def fact_out(kind: FactKind, row: Any) -> FactOut:
    fields = kind.to_fact(row)
    source, status, note = fields.pop("source"), fields.pop("status"), fields.pop("note")
    return FactOut(
        kind=kind.name,
        fact_id=kind.fact_id(row),
        country=getattr(row, "country", None),
        fields=fields,
        source=source,
        status=status,
        status_words=_(STATUSES[status]),
        note=note,
        version=row.version,
        updated_at=row.updated_at,
    )


def proposal_out(change: LawChange) -> ProposalOut:
    return ProposalOut(
        id=change.id,
        created_at=change.created_at,
        kind=change.kind,
        fact_id=change.fact_id,
        country=change.country,
        fact=json.loads(change.payload_json),
        reason=change.reason,
        status=change.status,
        proposed_by=change.proposed_by,
        organisation_id=change.organisation_id,
        reviewed_at=change.reviewed_at,
        reviewed_by=change.reviewed_by,
        review_note=change.review_note,
    )

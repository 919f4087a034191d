"""REST endpoints of the partner network."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from heritrace.core.actor import Actor
from heritrace.core.http import error_responses, get_actor, get_platform
from heritrace.partners.schemas import Kind, OrganisationIn, OrganisationOut, VettingIn
from heritrace.partners.service import organisation_out
from heritrace.platform import Heritrace

router = APIRouter(prefix="/api/v1", tags=["partners"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
Id = Annotated[int, Path(ge=1, le=2_000_000_000)]


@router.get("/organisations", response_model=list[OrganisationOut], responses=error_responses(422))
def directory(
    platform: Platform,
    actor: CurrentActor,
    kind: Kind | None = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
) -> list[OrganisationOut]:
    return [organisation_out(o, actor) for o in platform.partners.directory(actor, kind, country)]


@router.post(
    "/organisations", response_model=OrganisationOut, status_code=201, responses=error_responses(409, 422)
)
def create_organisation(platform: Platform, actor: CurrentActor, body: OrganisationIn) -> OrganisationOut:
    return organisation_out(platform.partners.create(actor, body), actor)


@router.get(
    "/organisations/{organisation_id}", response_model=OrganisationOut, responses=error_responses(404, 422)
)
def read_organisation(platform: Platform, actor: CurrentActor, organisation_id: Id) -> OrganisationOut:
    return organisation_out(platform.partners.get(actor, organisation_id), actor)


@router.post(
    "/organisations/{organisation_id}/vetting",
    response_model=OrganisationOut,
    responses=error_responses(404, 422),
)
def set_vetting(
    platform: Platform, actor: CurrentActor, organisation_id: Id, body: VettingIn
) -> OrganisationOut:
    return organisation_out(platform.partners.set_vetting(actor, organisation_id, body), actor)

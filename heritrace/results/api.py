"""Results API: ``GET /api/v1/results?year=YYYY`` (JSON) and ``/api/v1/results.csv``; anyone may ask,
the public gets the public aggregates (``results.service``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from heritrace.core.actor import Actor
from heritrace.core.http import error_responses, get_actor, get_platform
from heritrace.partners.models import ORGANISATION_KINDS
from heritrace.platform import Heritrace
from heritrace.results.export import to_csv
from heritrace.results.schemas import ResultsOut

router = APIRouter(prefix="/api/v1", tags=["results"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
Year = Annotated[int | None, Query(ge=1970, le=2999, description="the current year when absent")]
Country = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")]
OrgType = Annotated[str | None, Query(description=f"one of: {', '.join(ORGANISATION_KINDS)}", max_length=30)]


@router.get("/results", response_model=ResultsOut, responses=error_responses(422, 503))
def results(
    platform: Platform,
    actor: CurrentActor,
    year: Year = None,
    country: Country = None,
    org_type: OrgType = None,
) -> dict:
    """Tangible results of a year: returns, recoveries, seizures, due diligence, alerts,
    consultations, trainings, meetings and actions; by year, country and organisation type."""
    return platform.results.figures(actor, year, country, org_type)


@router.get(
    "/results.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **error_responses(422, 503)},
)
def results_csv(
    platform: Platform,
    actor: CurrentActor,
    year: Year = None,
    country: Country = None,
    org_type: OrgType = None,
) -> Response:
    figures = platform.results.figures(actor, year, country, org_type)
    headers = {"Content-Disposition": f'attachment; filename="heritrace-results-{figures["year"]}.csv"'}
    return Response(to_csv(figures), media_type="text/csv; charset=utf-8", headers=headers)

"""The results page (server-drawn SVG charts) and the annual report PDF."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from heritrace.core.actor import Actor
from heritrace.core.http import get_actor, get_platform, reader_language
from heritrace.core.i18n import _, use_locale
from heritrace.partners.models import ORGANISATION_KINDS
from heritrace.platform import Heritrace
from heritrace.results import providers
from heritrace.results.api import Country, OrgType, Year
from heritrace.results.charts import bars, columns
from heritrace.results.export import DAYS_SHOWN, annual_report_pdf, group_title
from heritrace.web.pages import organisation_kind, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
TREND = ("returns", "recoveries", "seizures", "due_diligence_checks", "alerts", "consultations", "meetings",
         "actions_done", "people_trained")  # fmt: skip
BREAKDOWNS = ("returns", "recoveries", "seizures", "due_diligence_checks", "alerts", "people_trained")


def _query(year: int, country: str | None, org_type: str | None) -> str:
    parts = (
        [f"year={year}"]
        + ([f"country={country}"] if country else [])
        + ([f"org_type={org_type}"] if org_type else [])
    )
    return "&".join(parts)


@router.get("/results", response_class=HTMLResponse)
def results_page(
    request: Request,
    platform: Platform,
    actor: CurrentActor,
    year: Annotated[int | None, Query(ge=1970, le=2999)] = None,
    country: Country = None,
    org_type: OrgType = None,
) -> HTMLResponse:
    f = platform.results.figures(actor, year, country or None, org_type or None)
    labels = providers.figures()
    t = f["threshold"]
    charts = {
        "trend": [
            (
                _(labels[k]),
                Markup(columns(f"trend-{k}", _(labels[k]), [tuple(p) for p in f["by_year"][k]], t)),
            )
            for k in TREND
        ],
        "by_country": [
            (
                _(labels[k]),
                Markup(bars(f"country-{k}", _(labels[k]), list(f["by_country"].get(k, {}).items()), t)),
            )
            for k in BREAKDOWNS
            if f["by_country"].get(k)
        ],
        "by_type": [
            (
                _(labels[k]),
                Markup(
                    bars(
                        f"type-{k}",
                        _(labels[k]),
                        [(organisation_kind(g), v) for g, v in f["by_organisation_type"].get(k, {}).items()],
                        t,
                    )
                ),
            )
            for k in BREAKDOWNS
            if f["by_organisation_type"].get(k)
        ],
    }
    charts["groups"] = [
        (
            group_title(name, k),
            Markup(bars(f"{name}-{k}", _(labels[k]), list(cells.items())[-DAYS_SHOWN:], t)),
        )
        for name, by_figure in f["breakdowns"].items()
        for k, cells in by_figure.items()
        if cells
    ]
    context = {
        "f": f,
        "figures": labels,
        "medians": providers.medians(),
        "charts": charts,
        "kinds": ORGANISATION_KINDS,
        "query": _query(f["year"], f["country"], f["organisation_type"]),
    }
    return render(request, "results/results.html", context)


@router.get("/results/report.pdf")
def report_pdf(
    request: Request,
    platform: Platform,
    actor: CurrentActor,
    year: Year = None,
    country: Country = None,
    org_type: OrgType = None,
) -> Response:
    figures = platform.results.figures(actor, year, country, org_type)
    headers = {"Content-Disposition": f'inline; filename="heritrace-annual-report-{figures["year"]}.pdf"'}
    with use_locale(reader_language(request)):
        pdf = annual_report_pdf(figures)
    return Response(pdf, media_type="application/pdf", headers=headers)

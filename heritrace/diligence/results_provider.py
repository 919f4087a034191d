"""Due-diligence figures for the results page: checks stored and those with a possible match."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from heritrace.core.i18n import N_
from heritrace.diligence.models import DiligenceCheck
from heritrace.results.providers import Contribution, by_organisation, year_bounds


@by_organisation(
    "diligence",
    order=30,
    figures={
        "due_diligence_checks": N_("due-diligence checks"),
        "due_diligence_hits": N_("due-diligence checks with a possible match"),
    },
)
def diligence_results(s: Session, year: int) -> Contribution:
    """Stored due-diligence checks of the year and those with a possible match (one pass)."""
    start, end = year_bounds(year)
    hit = case((DiligenceCheck.verdict != "none", 1), else_=0)
    rows = s.execute(
        select(DiligenceCheck.organisation_id, func.count(), func.sum(hit))
        .where(DiligenceCheck.created_at >= start, DiligenceCheck.created_at < end)
        .group_by(DiligenceCheck.organisation_id)
    ).all()
    checks: Counter = Counter()
    hits: Counter = Counter()
    for org, n, h in rows:
        checks[org] += n
        hits[org] += int(h or 0)
    return Contribution({"due_diligence_checks": checks, "due_diligence_hits": hits})

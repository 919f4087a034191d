"""The register's figures for the results page: recoveries and seizures."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from heritrace.core.i18n import N_
from heritrace.objects.models import CulturalObject, StatusChange
from heritrace.results.providers import Contribution, by_organisation, year_bounds


@by_organisation(
    "register",
    order=20,
    figures={"recoveries": N_("objects recorded as recovered"), "seizures": N_("objects recorded as seized")},
)
def register_results(s: Session, year: int) -> Contribution:
    """Recoveries and seizures: distinct register records set to "recovered" or "seized" in the year
    (a record set to the same status twice in a year counts once; the record's organisation)."""
    start, end = year_bounds(year)
    rows = s.execute(
        select(
            StatusChange.status, CulturalObject.organisation_id, func.count(distinct(StatusChange.object_id))
        )
        .join(CulturalObject, CulturalObject.id == StatusChange.object_id)
        .where(
            StatusChange.status.in_(("recovered", "seized")),
            StatusChange.changed_at >= start,
            StatusChange.changed_at < end,
        )
        .group_by(StatusChange.status, CulturalObject.organisation_id)
    ).all()
    counts: dict[str, Counter] = {"recoveries": Counter(), "seizures": Counter()}
    for status, org, n in rows:
        counts["recoveries" if status == "recovered" else "seizures"][org] += n
    return Contribution(counts)

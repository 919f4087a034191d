"""The cases' figures for the results page: returns and restitutions, and the time they took."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from heritrace.cases import statistics
from heritrace.cases.models import ReturnCase
from heritrace.core.i18n import N_
from heritrace.results.providers import Contribution, by_organisation


@by_organisation(
    "cases",
    order=10,
    figures={
        "returns": N_("returns and restitutions (closed cases)"),
        "objects_returned": N_("objects returned"),
    },
    medians={"median_days_to_return": N_("median days from identification to return")},
)
def cases_results(s: Session, year: int) -> Contribution:
    """Cases closed with a return dated in the year, with the time from identification to return
    (``cases.statistics``: the earliest due-diligence hit, seizure or recovery, or the case's opening)."""
    query = (
        select(ReturnCase)
        .where(
            ReturnCase.state == "closed",
            ReturnCase.returned_on >= date(year, 1, 1),
            ReturnCase.returned_on < date(year + 1, 1, 1),
        )
        .options(selectinload(ReturnCase.objects))
    )
    cases = list(s.scalars(query))
    identified = statistics.identified_on(s, cases)
    returns: Counter = Counter()
    objects: Counter = Counter()
    days = []
    for c in cases:
        returns[c.organisation_id] += 1
        objects[c.organisation_id] += len(c.objects) or 1
        elapsed = (c.returned_on - identified[c.id][0]).days
        if elapsed >= 0:  # a return dated before its identification is a data error
            days.append((c.organisation_id, float(elapsed)))
    return Contribution({"returns": returns, "objects_returned": objects}, {"median_days_to_return": days})

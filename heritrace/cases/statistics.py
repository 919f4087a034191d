"""Statistics of results: objects returned per year, per requesting State and per legal basis, and the
time from identification to return.

The *identification date* of a case is the earliest of: the first stored due-diligence check that hit
one of its objects, the first time one of its objects was recorded in the register as ``seized`` or
``recovered``, and the day the case was opened (always known, so every returned case has one). The time
to return is counted in days from that date to ``returned_on``.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heritrace.cases.models import ReturnCase
from heritrace.cases.schemas import LEGAL_BASES
from heritrace.diligence.history import first_hits
from heritrace.objects.models import StatusChange

FOUND_STATUSES = ("seized", "recovered")
# (label, upper bound in days, exclusive)
DURATIONS = (
    ("under 6 months", 183),
    ("6 to 12 months", 366),
    ("1 to 2 years", 731),
    ("2 to 5 years", 1827),
    ("5 years or more", None),
)
SOURCES = {
    "due_diligence_hit": "first due-diligence hit on an object",
    "register_status": "object recorded as seized or recovered",
    "case_opened": "case opened",
}


def identified_on(s: Session, cases: list[ReturnCase]) -> dict[int, tuple[date, str]]:
    """Each case's identification date and what it rests on (a key of ``SOURCES``)."""
    externals = [o.external_id for c in cases for o in c.objects]
    hits = first_hits(s, externals)
    pks = [o.object_id for c in cases for o in c.objects]
    found = dict(
        s.execute(
            select(StatusChange.object_id, func.min(StatusChange.changed_at))
            .where(StatusChange.object_id.in_(pks), StatusChange.status.in_(FOUND_STATUSES))
            .group_by(StatusChange.object_id)
        ).all()
    )
    out = {}
    for case in cases:
        # on a tie the more specific sign of identification is named
        signs = [(d.date(), "due_diligence_hit") for o in case.objects if (d := hits.get(o.external_id))]
        signs += [(d.date(), "register_status") for o in case.objects if (d := found.get(o.object_id))]
        signs.append((case.created_at.date(), "case_opened"))
        out[case.id] = min(signs, key=lambda sign: (sign[0], list(SOURCES).index(sign[1])))
    return out


def results(cases: list[ReturnCase], identified: dict[int, tuple[date, str]]) -> dict:
    """Statistics of closed cases whose objects went home."""
    returned = [c for c in cases if c.state == "closed" and c.returned_on is not None]
    per_year: Counter = Counter()
    per_country: Counter = Counter()
    per_route: Counter = Counter()
    for c in returned:
        per_year[c.returned_on.year] += _objects(c)
        per_country[c.requesting_state or "unknown"] += _objects(c)
        per_route[LEGAL_BASES[c.legal_basis]] += _objects(c)
    times = [_return_time(c, *identified[c.id]) for c in returned]
    days = [t["days"] for t in times if t["days"] >= 0]
    return {
        "closed_cases": sum(c.state == "closed" for c in cases),
        "returned_cases": len(returned),
        "objects_returned": sum(_objects(c) for c in returned),
        "per_year": sorted(per_year.items()),
        "per_country": per_country.most_common(),
        "per_route": per_route.most_common(),
        "time_to_return": [(label, n) for label, n in _durations(days) if n],
        "median_days": median(days) if days else None,
        "return_times": sorted(times, key=lambda t: t["case_id"]),
        # a return dated before its identification is a data error: listed, left out of the figures
        "inconsistent": sum(t["days"] < 0 for t in times),
    }


def _objects(case: ReturnCase) -> int:
    return len(case.objects) or 1  # a case without objects still counts once


def _return_time(case: ReturnCase, day: date, source: str) -> dict:
    return {
        "case_id": case.id,
        "identified_on": day,
        "identified_by": SOURCES[source],
        "returned_on": case.returned_on,
        "days": (case.returned_on - day).days,
        "objects": _objects(case),
    }


def _durations(days: list[int]) -> list[tuple[str, int]]:
    counts = dict.fromkeys((label for label, _ in DURATIONS), 0)
    for d in days:
        label = next(label for label, bound in DURATIONS if bound is None or d < bound)
        counts[label] += 1
    return list(counts.items())

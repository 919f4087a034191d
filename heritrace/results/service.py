"""The figures of the results page, API, CSV export and annual report.

Every count is an aggregate over all records of the year, whatever their classification: no record,
organisation or person is shown. Anonymous visitors (and members of organisations not yet vetted)
see the public aggregates: the platform-wide figure of a year as it is, but every figure narrowed to
a country or an organisation type, every cell of a breakdown, and every median drawn from fewer than
``THRESHOLD`` values, is withheld (``null`` in JSON, empty in CSV, "<5" on the page) when it is between
1 and ``THRESHOLD - 1``, so that a small count cannot point at one case, seizure or organisation.
Vetted partners see every figure.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.core.actor import Actor
from heritrace.core.errors import ValidationFailed
from heritrace.core.i18n import _
from heritrace.partners.models import ORGANISATION_KINDS, Organisation
from heritrace.results import providers
from heritrace.results.providers import Contribution

THRESHOLD = 5  # counts from 1 to 4 are withheld from the public
YEARS_SHOWN = 5  # the year asked and the four before it
FIRST_YEAR = 1970
UNKNOWN = "unknown"


def sees_small_counts(actor: Actor) -> bool:
    return actor.vetted and not actor.is_anonymous


def withhold(value: int | float | None, count: int, public: bool) -> int | float | None:
    """The value, or None where the public may not see it (1 to THRESHOLD - 1 values behind it)."""
    if public and 0 < count < THRESHOLD:
        return None
    return value


class ResultsService:
    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    def figures(
        self, actor: Actor, year: int | None = None, country: str | None = None, org_type: str | None = None
    ) -> dict:
        year = year or date.today().year
        if not FIRST_YEAR <= year <= date.today().year + 1:
            raise ValidationFailed({"year": _("a year from %(first)s to next year", first=FIRST_YEAR)})
        country = country.upper() if country else None
        if org_type and org_type not in ORGANISATION_KINDS:
            raise ValidationFailed({"org_type": _("one of %(kinds)s", kinds=", ".join(ORGANISATION_KINDS))})
        public = not sees_small_counts(actor)
        narrowed = bool(country or org_type)
        with self.sessions() as s:
            orgs = {o.id: (o.country, o.kind) for o in s.scalars(select(Organisation))}
            this_year = _collect(s, year)
            keep = _matcher(orgs, country, org_type)
            totals = {key: sum(n for org, n in c.items() if keep(org)) for key, c in this_year.counts.items()}
            totals.update(_scoped(s, year, country, org_type))
            out: dict = {
                "year": year,
                "country": country,
                "organisation_type": org_type,
                "public": public,
                "threshold": THRESHOLD,
            }
            suppressed = []
            for key in providers.figures():
                n = int(totals.get(key, 0))
                shown = withhold(n, n, public and narrowed)
                if shown is None:
                    suppressed.append(key)
                out[key] = shown
            for key in providers.medians():
                values = [v for org, v in this_year.samples.get(key, []) if keep(org)]
                value = round(median(values), 1) if values else None
                out[key] = withhold(value, len(values), public)
                out[f"{key}_from"] = withhold(len(values), len(values), public and narrowed)
                if values and out[key] is None:
                    suppressed.append(key)
            out["suppressed"] = suppressed
            out["by_year"] = self._by_year(s, year, this_year, orgs, country, org_type, public and narrowed)
            out["by_country"] = _breakdown(this_year, orgs, keep, lambda o: o[0] or UNKNOWN, public)
            out["by_organisation_type"] = _breakdown(this_year, orgs, keep, lambda o: o[1], public)
            _scoped_breakdowns(s, year, country, org_type, public, out)
            # a provider's own breakdowns (by source, day, outcome) know no organisation: unnarrowed only
            out["breakdowns"] = {} if narrowed else _groups(this_year, public)
        return out

    def _by_year(self, s: Session, year: int, this_year: Contribution, orgs: dict, country, org_type,
                 public: bool) -> dict:  # fmt: skip  # noqa: ANN001
        keep = _matcher(orgs, country, org_type)
        series: dict[str, list] = {key: [] for key in providers.figures()}
        for y in range(year - YEARS_SHOWN + 1, year + 1):
            got = this_year if y == year else _collect(s, y)
            totals = {key: sum(n for org, n in c.items() if keep(org)) for key, c in got.counts.items()}
            totals.update(_scoped(s, y, country, org_type))
            for key in providers.figures():
                n = int(totals.get(key, 0))
                series[key].append([y, withhold(n, n, public)])
        return series


def _collect(s: Session, year: int) -> Contribution:
    merged = Contribution()
    for provider in providers.by_organisation_providers().values():
        got = provider(s, year)
        for key, counter in got.counts.items():
            merged.counts.setdefault(key, Counter()).update(counter)
        for key, values in got.samples.items():
            merged.samples.setdefault(key, []).extend(values)
        for breakdown, by_figure in got.groups.items():
            for key, counter in by_figure.items():
                merged.groups.setdefault(breakdown, {}).setdefault(key, Counter()).update(counter)
    return merged


def _groups(got: Contribution, public: bool) -> dict[str, dict[str, dict]]:
    """breakdown -> figure -> group -> count (None where withheld), figures in the page's order."""
    return {
        breakdown: {
            key: {g: withhold(n, n, public) for g, n in sorted(by_figure[key].items()) if n}
            for key in providers.figures()
            if key in by_figure
        }
        for breakdown, by_figure in sorted(got.groups.items())
    }


def _scoped(s: Session, year: int, country: str | None, org_type: str | None) -> dict[str, int]:
    """The integer figures of the scoped providers."""
    return {k: v for k, v in _scoped_full(s, year, country, org_type).items() if k in providers.figures()}


def _scoped_full(s: Session, year: int, country: str | None, org_type: str | None) -> dict:
    out: dict = {"by_country": {}, "by_organisation_type": {}}
    for provider in providers.scoped_providers().values():
        got = provider(s, year, country, org_type)
        for key, value in got.items():
            if key in ("by_country", "by_organisation_type"):
                out[key].update(value)
            elif key in providers.figures():
                out[key] = int(value)
    return out


def _matcher(orgs: dict, country: str | None, org_type: str | None):  # noqa: ANN202
    """Whether a figure of an organisation falls in the scope (figures of no organisation only fall
    in the unnarrowed scope)."""

    def keep(org: int | None) -> bool:
        if not country and not org_type:
            return True
        found = orgs.get(org)
        if found is None:
            return False
        return (not country or found[0] == country) and (not org_type or found[1] == org_type)

    return keep


def _breakdown(got: Contribution, orgs: dict, keep, group, public: bool) -> dict:  # noqa: ANN001
    """figure -> group -> count (None where withheld), for the organisations in scope."""
    out: dict[str, dict] = {}
    for key in providers.figures():
        counter = got.counts.get(key)
        if counter is None:
            continue
        cells: Counter = Counter()
        for org, n in counter.items():
            if keep(org):
                cells[group(orgs[org]) if org in orgs else UNKNOWN] += n
        out[key] = {g: withhold(n, n, public) for g, n in sorted(cells.items()) if n}
    return out


def _scoped_breakdowns(s: Session, year: int, country, org_type, public: bool, out: dict) -> None:  # noqa: ANN001
    """Breakdowns the scoped providers give themselves, withheld like the others."""
    got = _scoped_full(s, year, country, org_type)
    for breakdown in ("by_country", "by_organisation_type"):
        for key, cells in got[breakdown].items():
            if key in providers.figures():
                out[breakdown][key] = {g: withhold(n, n, public) for g, n in sorted(cells.items()) if n}

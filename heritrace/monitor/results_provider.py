"""The market monitor's figures for the results page (``heritrace.monitor.stats``): listings seen,
hits, escalations and dismissals of the year, with their breakdowns by source and by day, and the
outcomes of the escalations (the state each case reached, each consultation's answer).

A crawl's listings belong to no organisation (the platform's monitor), a hit to the organisation that
registered the record, a decision to the reviewer's organisation: the results service narrows and
breaks them down by country and organisation type like any other figure, and withholds small ones
from the public."""

from __future__ import annotations

from collections import Counter

from sqlalchemy.orm import Session

from heritrace.core.i18n import N_
from heritrace.monitor.stats import monitor_results
from heritrace.results.providers import Contribution, by_organisation

# the results' figure -> the monitor statistics' count
FIGURES = {
    "market_listings_seen": "listings_seen",
    "market_hits": "hits",
    "market_escalations": "escalations",
    "market_dismissals": "dismissals",
}
BY_DAY = ("market_listings_seen", "market_hits")


@by_organisation(
    "monitor",
    order=80,
    figures={
        "market_listings_seen": N_("listings seen by the market monitor"),
        "market_hits": N_("market listings that may show a register record"),
        "market_escalations": N_("market hits escalated (alert, consultation or case)"),
        "market_dismissals": N_("market hits dismissed as look-alikes"),
    },
)
def monitor_figures(s: Session, year: int) -> Contribution:
    got = monitor_results(s, year)
    counts = {key: Counter(got["organisations"].get(count, {})) for key, count in FIGURES.items()}
    by_source = {
        key: Counter({name: entry[count] for name, entry in got["sources"].items()})
        for key, count in FIGURES.items()
    }
    by_day: dict[str, Counter] = {key: Counter() for key in BY_DAY}
    for row in got["days"]:
        for key in BY_DAY:
            by_day[key][row["date"]] += row[FIGURES[key]]
    outcomes: Counter = Counter()
    for entry in got["sources"].values():
        outcomes.update({k: n for k, n in entry["outcomes"].items() if k != "dismissed"})
    groups = {"source": by_source, "day": by_day, "outcome": {"market_escalations": outcomes}}
    return Contribution(counts, groups=groups)

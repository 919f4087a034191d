"""Statistics of the market monitor per source and day, for the results page: listings seen, hits,
escalations and their outcomes (the state a case reached, a consultation's answer), dismissals."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from heritrace.monitor.models import MonitorCrawl, MonitorHit, MonitorListing, MonitorReview, MonitorSource

COUNTS = ("listings_seen", "listings_new", "listings_changed", "hits", "matches", "escalations", "dismissals")


def monitor_results(session: Session, year: int) -> dict:
    """``{"year", "totals", "sources": {name: {counts..., "outcomes"}}, "days": [{date, source,
    counts...}], "organisations": {count: {organisation id: n}}}`` for crawls, hits and review
    decisions of ``year`` (UTC). A hit belongs to the organisation that registered the record, a
    decision to the reviewer's organisation, a crawl to none (the platform's monitor)."""
    start, end = datetime(year, 1, 1), datetime(year + 1, 1, 1)
    names = dict(session.execute(select(MonitorSource.id, MonitorSource.name)).all())
    days: dict[tuple[str, str], Counter] = defaultdict(Counter)
    organisations: dict[str, Counter] = defaultdict(Counter)
    _crawls(session, names, start, end, days, organisations)
    _hits(session, names, start, end, days, organisations)
    outcomes = _reviews(session, names, start, end, days, organisations)
    sources: dict[str, dict] = {}
    for (_, source), counts in days.items():
        entry = sources.setdefault(source, {**{k: 0 for k in COUNTS}, "outcomes": {}})
        for k in COUNTS:
            entry[k] += counts[k]
    for source, found in outcomes.items():
        sources[source]["outcomes"] = dict(found)
    totals = {k: sum(s[k] for s in sources.values()) for k in COUNTS}
    rows = [{"date": d, "source": s, **{k: c[k] for k in COUNTS}} for (d, s), c in sorted(days.items())]
    return {"year": year, "totals": totals, "sources": sources, "days": rows,
            "organisations": {k: dict(v) for k, v in organisations.items()}}  # fmt: skip


def _crawls(session: Session, names: dict, start: datetime, end: datetime, days: dict, orgs: dict) -> None:
    query = select(
        MonitorCrawl.source_id, MonitorCrawl.started_at, MonitorCrawl.listings_seen,
        MonitorCrawl.listings_new, MonitorCrawl.listings_changed,
    ).where(MonitorCrawl.started_at >= start, MonitorCrawl.started_at < end)  # fmt: skip
    for source_id, at, seen, new, changed in session.execute(query):
        counts = days[(at.date().isoformat(), names.get(source_id, "?"))]
        counts["listings_seen"] += seen
        counts["listings_new"] += new
        counts["listings_changed"] += changed
        orgs["listings_seen"][None] += seen


def _hits(session: Session, names: dict, start: datetime, end: datetime, days: dict, orgs: dict) -> None:
    from heritrace.objects.models import CulturalObject

    query = (
        select(
            MonitorListing.source_id,
            MonitorHit.created_at,
            MonitorHit.verdict,
            CulturalObject.organisation_id,
        )
        .join(MonitorListing, MonitorListing.id == MonitorHit.listing_id)
        .outerjoin(CulturalObject, CulturalObject.external_id == MonitorHit.object_id)
        .where(MonitorHit.created_at >= start, MonitorHit.created_at < end)
    )
    for source_id, at, verdict, organisation_id in session.execute(query):
        counts = days[(at.date().isoformat(), names.get(source_id, "?"))]
        counts["hits"] += 1
        counts["matches"] += verdict == "match"
        orgs["hits"][organisation_id] += 1
        orgs["matches"][organisation_id] += verdict == "match"


def _reviews(
    session: Session, names: dict, start: datetime, end: datetime, days: dict, orgs: dict
) -> dict[str, Counter]:
    query = (
        select(
            MonitorListing.source_id,
            MonitorReview.created_at,
            MonitorReview.action,
            MonitorReview.reference,
            MonitorReview.organisation_id,
        )
        .join(MonitorHit, MonitorHit.id == MonitorReview.hit_id)
        .join(MonitorListing, MonitorListing.id == MonitorHit.listing_id)
        .where(MonitorReview.created_at >= start, MonitorReview.created_at < end)
    )
    rows = session.execute(query).all()
    states = _reference_states(session, [r[3] for r in rows if r[3]])
    outcomes: dict[str, Counter] = defaultdict(Counter)
    for source_id, at, action, reference, organisation_id in rows:
        source = names.get(source_id, "?")
        counts = days[(at.date().isoformat(), source)]
        if action == "dismiss":
            counts["dismissals"] += 1
            outcomes[source]["dismissed"] += 1
            orgs["dismissals"][organisation_id] += 1
        else:
            counts["escalations"] += 1
            orgs["escalations"][organisation_id] += 1
            outcomes[source][f"{action}: {states.get(reference, 'raised')}"] += 1
    return outcomes


def _reference_states(session: Session, references: list[str]) -> dict[str, str]:
    """Where each escalation stands now: a case's state, a consultation's status or outcome."""
    from heritrace.cases.models import ReturnCase
    from heritrace.consultations.models import Consultation

    ids: dict[str, list[int]] = defaultdict(list)
    for ref in references:
        kind, _, number = ref.partition(":")
        if number.isdigit():
            ids[kind].append(int(number))
    states = {}
    if ids["case"]:
        for case_id, state in session.execute(
            select(ReturnCase.id, ReturnCase.state).where(ReturnCase.id.in_(ids["case"]))
        ):
            states[f"case:{case_id}"] = state
    if ids["consultation"]:
        query = select(Consultation.id, Consultation.status, Consultation.outcome_code)
        for cid, status, outcome in session.execute(query.where(Consultation.id.in_(ids["consultation"]))):
            states[f"consultation:{cid}"] = outcome or status
    return states

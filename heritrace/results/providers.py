"""The providers of results: each domain contributes its figures of one year through a small
registry, so that the results page, API, CSV and annual report never reach into a domain themselves.

Two kinds of provider:
- ``by_organisation``: ``fn(session, year) -> Contribution``, counts (and samples for medians) keyed by
  the organisation a figure belongs to (None: none). The service filters and breaks them down by the
  organisation's country and type in one place.
- ``scoped``: ``fn(session, year, country, org_type) -> dict``, for a domain that answers for a
  country or an organisation type itself (training): integer figures, and optionally ``by_country``
  and ``by_organisation_type`` as ``{figure: {group: count}}``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session, selectinload

from heritrace.alerts.models import ALERT_TYPES, Alert, AlertAck
from heritrace.cases import statistics
from heritrace.cases.models import ReturnCase
from heritrace.consultations.models import Consultation, ConsultationExpert
from heritrace.core.i18n import N_
from heritrace.diligence.models import DiligenceCheck
from heritrace.meetings.models import OPEN_ACTION_STATES, ActionItem, Meeting
from heritrace.objects.models import CulturalObject, StatusChange
from heritrace.training.stats import training_results


@dataclass
class Contribution:
    counts: dict[str, Counter] = field(default_factory=dict)  # figure -> organisation id -> count
    samples: dict[str, list[tuple[int | None, float]]] = field(default_factory=dict)  # for medians


ByOrganisation = Callable[[Session, int], Contribution]
Scoped = Callable[[Session, int, str | None, str | None], dict]

BY_ORGANISATION: dict[str, ByOrganisation] = {}
SCOPED: dict[str, Scoped] = {}
# every count figure, in the order the page, the CSV and the report show them
FIGURES = {
    "returns": N_("returns and restitutions (closed cases)"),
    "objects_returned": N_("objects returned"),
    "recoveries": N_("objects recorded as recovered"),
    "seizures": N_("objects recorded as seized"),
    "due_diligence_checks": N_("due-diligence checks"),
    "due_diligence_hits": N_("due-diligence checks with a possible match"),
    "alerts": N_("alerts raised"),
    "alerts_acknowledged": N_("alert acknowledgements"),
    "consultations": N_("expert consultations"),
    "trainings": N_("trainings delivered"),
    "people_trained": N_("people trained"),
    "meetings": N_("meetings held"),
    "actions_open": N_("actions decided and still open"),
    "actions_done": N_("actions completed"),
}
MEDIANS = {
    "median_days_to_return": N_("median days from identification to return"),
    "median_response_hours": N_("median hours to an expert's first answer"),
}


def by_organisation(name: str) -> Callable[[ByOrganisation], ByOrganisation]:
    def register(fn: ByOrganisation) -> ByOrganisation:
        BY_ORGANISATION[name] = fn
        return fn

    return register


def scoped(name: str) -> Callable[[Scoped], Scoped]:
    def register(fn: Scoped) -> Scoped:
        SCOPED[name] = fn
        return fn

    return register


def year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1), datetime(year + 1, 1, 1)


def _grouped(s: Session, query) -> Counter:  # noqa: ANN001 - select(organisation column, count)
    return Counter({org: n for org, n in s.execute(query).all()})


@by_organisation("cases")
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
    returns, objects = Counter(), Counter()
    days = []
    for c in cases:
        returns[c.organisation_id] += 1
        objects[c.organisation_id] += len(c.objects) or 1
        elapsed = (c.returned_on - identified[c.id][0]).days
        if elapsed >= 0:  # a return dated before its identification is a data error
            days.append((c.organisation_id, float(elapsed)))
    return Contribution({"returns": returns, "objects_returned": objects}, {"median_days_to_return": days})


@by_organisation("register")
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
    counts = {"recoveries": Counter(), "seizures": Counter()}
    for status, org, n in rows:
        counts["recoveries" if status == "recovered" else "seizures"][org] += n
    return Contribution(counts)


@by_organisation("diligence")
def diligence_results(s: Session, year: int) -> Contribution:
    """Stored due-diligence checks of the year and those with a possible match (one pass)."""
    start, end = year_bounds(year)
    hit = case((DiligenceCheck.verdict != "none", 1), else_=0)
    rows = s.execute(
        select(DiligenceCheck.organisation_id, func.count(), func.sum(hit))
        .where(DiligenceCheck.created_at >= start, DiligenceCheck.created_at < end)
        .group_by(DiligenceCheck.organisation_id)
    ).all()
    checks, hits = Counter(), Counter()
    for org, n, h in rows:
        checks[org] += n
        hits[org] += int(h or 0)
    return Contribution({"due_diligence_checks": checks, "due_diligence_hits": hits})


@by_organisation("alerts")
def alert_results(s: Session, year: int) -> Contribution:
    """Alerts raised on this node (notices Heritrace addresses itself are not alerts) and the
    acknowledgements given in the year (the acknowledging organisation)."""
    start, end = year_bounds(year)
    alerts = (
        select(Alert.organisation_id, func.count())
        .where(
            Alert.type.in_(ALERT_TYPES),
            Alert.origin_node.is_(None),
            Alert.created_at >= start,
            Alert.created_at < end,
        )
        .group_by(Alert.organisation_id)
    )
    acks = (
        select(AlertAck.organisation_id, func.count())
        .where(AlertAck.acknowledged_at >= start, AlertAck.acknowledged_at < end)
        .group_by(AlertAck.organisation_id)
    )
    return Contribution({"alerts": _grouped(s, alerts), "alerts_acknowledged": _grouped(s, acks)})


@by_organisation("consultations")
def consultation_results(s: Session, year: int) -> Contribution:
    """Consultations asked in the year (the asking organisation) and the experts' first answers to
    them (the expert organisation)."""
    start, end = year_bounds(year)
    asked = (
        select(Consultation.organisation_id, func.count())
        .where(Consultation.created_at >= start, Consultation.created_at < end)
        .group_by(Consultation.organisation_id)
    )
    answers = s.execute(
        select(ConsultationExpert.organisation_id, ConsultationExpert.response_seconds)
        .join(Consultation, Consultation.id == ConsultationExpert.consultation_id)
        .where(
            Consultation.created_at >= start,
            Consultation.created_at < end,
            ConsultationExpert.response_seconds.is_not(None),
        )
    ).all()
    hours = [(org, round(sec / 3600, 2)) for org, sec in answers]
    return Contribution({"consultations": _grouped(s, asked)}, {"median_response_hours": hours})


@by_organisation("meetings")
def meeting_results(s: Session, year: int) -> Contribution:
    """Meetings held in the year (minutes recorded; the convener), the actions decided at them that
    are still open, and the actions completed in the year (the owner, else the convener)."""
    start, end = year_bounds(year)
    held = (
        select(Meeting.organisation_id, func.count())
        .where(Meeting.status == "held", Meeting.starts_at >= start, Meeting.starts_at < end)
        .group_by(Meeting.organisation_id)
    )
    owner = func.coalesce(ActionItem.owner_organisation_id, Meeting.organisation_id)
    still_open = (
        select(owner, func.count())
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .where(ActionItem.status.in_(OPEN_ACTION_STATES), Meeting.starts_at >= start, Meeting.starts_at < end)
        .group_by(owner)
    )
    done = (
        select(owner, func.count())
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .where(ActionItem.status == "done", ActionItem.completed_at >= start, ActionItem.completed_at < end)
        .group_by(owner)
    )
    return Contribution(
        {
            "meetings": _grouped(s, held),
            "actions_open": _grouped(s, still_open),
            "actions_done": _grouped(s, done),
        }
    )


@scoped("training")
def training_figures(s: Session, year: int, country: str | None, org_type: str | None) -> dict:
    """Trainings delivered and people trained (``heritrace.training.stats``), with its own breakdowns
    by country and organisation type."""
    return training_results(s, year, country=country, org_type=org_type)

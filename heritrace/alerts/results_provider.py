"""Alert figures for the results page: alerts raised and acknowledged."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heritrace.alerts.models import ALERT_TYPES, Alert, AlertAck
from heritrace.core.i18n import N_
from heritrace.results.providers import Contribution, by_organisation, grouped, year_bounds


@by_organisation(
    "alerts",
    order=40,
    figures={"alerts": N_("alerts raised"), "alerts_acknowledged": N_("alert acknowledgements")},
)
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
    return Contribution({"alerts": grouped(s, alerts), "alerts_acknowledged": grouped(s, acks)})

"""Meeting figures for the results page: meetings held, actions decided and completed."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heritrace.core.i18n import N_
from heritrace.meetings.models import OPEN_ACTION_STATES, ActionItem, Meeting
from heritrace.results.providers import Contribution, by_organisation, grouped, year_bounds


@by_organisation(
    "meetings",
    order=70,
    figures={
        "meetings": N_("meetings held"),
        "actions_open": N_("actions decided and still open"),
        "actions_done": N_("actions completed"),
    },
)
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
            "meetings": grouped(s, held),
            "actions_open": grouped(s, still_open),
            "actions_done": grouped(s, done),
        }
    )

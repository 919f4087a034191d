"""Demo meetings: two meetings of the partners' annual series with decisions and actions, one done
and the other carried, still open, to the second meeting's agenda."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from heritrace.core.actor import Actor
from heritrace.meetings.schemas import (
    ActionIn,
    ActionUpdateIn,
    DecisionIn,
    MeetingIn,
    MinutesIn,
    ParticipantIn,
    SeriesIn,
)

PARTICIPANTS = (
    "Carabinieri TPC (demo)",
    "Customs Anti-Smuggling Unit (demo)",
    "Regional Art Museum (demo)",
    "Heritage Research Institute (demo)",
)


def create_demo_meetings(
    platform, convener: Actor, org_ids: dict[str, int], today: date | None = None
) -> int:  # noqa: ANN001
    """The series and its two meetings (both in the current year, both held); returns how many
    meetings were created."""
    today = today or date.today()
    service = platform.meetings
    series = service.create_series(
        convener,
        SeriesIn(
            title="Meeting of the partners (demo)",
            description="The partners' regular meeting: results, open actions, next steps.",
        ),
    )
    first_day = max(date(today.year, 1, 1), today - timedelta(days=60))
    second_day = max(first_day + timedelta(days=1), today - timedelta(days=1))
    people = [ParticipantIn(organisation_id=org_ids[n]) for n in PARTICIPANTS if n in org_ids]
    people.append(ParticipantIn(person="Chair of the partners (demo)", role="chair"))

    common = {"series_id": series.id, "participants": people}

    def action(title: str, owner: str, due: date) -> ActionIn:
        return ActionIn(title=title, owner_organisation_id=org_ids.get(owner), due_on=due)

    first, done, _ = _hold(
        platform, convener,
        MeetingIn(
            **common, title="Meeting of the partners: spring session (demo)",
            starts_at=datetime.combine(first_day, time(9, 0)), place="Kyiv, Ministry of Culture",
            agenda=["Seizures since the last meeting", "Alerts on the market", "Training plan"],
        ),
        {
            "Share every seizure list within a week.": action(
                "Send the seizure list of the border operation to all partners",
                "Carabinieri TPC (demo)", first_day + timedelta(days=7),
            ),
            "Photograph the museum's reserve collection before the move.": action(
                "Photograph the 200 objects of the reserve collection",
                "Regional Art Museum (demo)", today + timedelta(days=21),
            ),
        },
        "Present: the participants listed. Seizures and alerts reviewed; two decisions taken.",
    )  # fmt: skip
    service.update_action(convener, done.id, ActionUpdateIn(status="done", notes="Sent to all partners."))
    # the second meeting's agenda starts with the reserve-collection action, still open
    _hold(
        platform, convener,
        MeetingIn(
            **common, title="Meeting of the partners: autumn session (demo)",
            starts_at=datetime.combine(second_day, time(14, 0)),
            online_url="https://meet.example.org/partners-demo",
            agenda=["Returns of the year", "Next year's meetings"],
        ),
        {
            "Customs train two more border posts on the Red List categories.": action(
                "Organise the Red List training at two border posts",
                "Customs Anti-Smuggling Unit (demo)", today + timedelta(days=45),
            ),
        },
        "Open actions reviewed; the training of border posts decided.",
    )  # fmt: skip
    return 2


def _hold(  # noqa: ANN202
    platform, convener: Actor, meeting: MeetingIn, decisions: dict[str, ActionIn], minutes: str
):  # noqa: ANN001
    """A meeting with its decisions, each followed by its action, and its minutes: returns the
    meeting and the actions, in the order of the decisions."""
    service = platform.meetings
    m = service.create(convener, meeting)
    actions = []
    for text, action in decisions.items():
        d = service.add_decision(convener, m.id, DecisionIn(text=text))
        actions.append(service.add_action(convener, m.id, action.model_copy(update={"decision_id": d.id})))
    service.record_minutes(convener, m.id, MinutesIn(minutes=minutes))
    return (m, *actions)

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

    first = service.create(
        convener,
        MeetingIn(
            title="Meeting of the partners: spring session (demo)",
            series_id=series.id,
            starts_at=datetime.combine(first_day, time(9, 0)),
            place="Kyiv, Ministry of Culture",
            agenda=["Seizures since the last meeting", "Alerts on the market", "Training plan"],
            participants=people,
        ),
    )
    d1 = service.add_decision(convener, first.id, DecisionIn(text="Share every seizure list within a week."))
    d2 = service.add_decision(
        convener, first.id, DecisionIn(text="Photograph the museum's reserve collection before the move.")
    )
    done = service.add_action(
        convener,
        first.id,
        ActionIn(
            title="Send the seizure list of the border operation to all partners",
            owner_organisation_id=org_ids.get("Carabinieri TPC (demo)"),
            due_on=first_day + timedelta(days=7),
            decision_id=d1.id,
        ),
    )
    service.add_action(
        convener,
        first.id,
        ActionIn(
            title="Photograph the 200 objects of the reserve collection",
            owner_organisation_id=org_ids.get("Regional Art Museum (demo)"),
            due_on=today + timedelta(days=21),
            decision_id=d2.id,
        ),
    )
    service.record_minutes(
        convener,
        first.id,
        MinutesIn(
            minutes="Present: the participants listed. Seizures and alerts reviewed; two decisions taken."
        ),
    )
    service.update_action(convener, done.id, ActionUpdateIn(status="done", notes="Sent to all partners."))

    # the second meeting's agenda starts with the reserve-collection action, still open
    second = service.create(
        convener,
        MeetingIn(
            title="Meeting of the partners: autumn session (demo)",
            series_id=series.id,
            starts_at=datetime.combine(second_day, time(14, 0)),
            online_url="https://meet.example.org/partners-demo",
            agenda=["Returns of the year", "Next year's meetings"],
            participants=people,
        ),
    )
    d3 = service.add_decision(
        convener,
        second.id,
        DecisionIn(text="Customs train two more border posts on the Red List categories."),
    )
    service.add_action(
        convener,
        second.id,
        ActionIn(
            title="Organise the Red List training at two border posts",
            owner_organisation_id=org_ids.get("Customs Anti-Smuggling Unit (demo)"),
            due_on=today + timedelta(days=45),
            decision_id=d3.id,
        ),
    )
    service.record_minutes(
        convener, second.id, MinutesIn(minutes="Open actions reviewed; the training of border posts decided.")
    )
    return 2

"""iCalendar (RFC 5545) invitations to training events, written with the ``icalendar`` library."""

from __future__ import annotations

from datetime import UTC

from icalendar import Calendar, Event, vCalAddress, vText

from heritrace.db.base import utcnow
from heritrace.training.models import TrainingEvent

PRODID = "-//Heritrace//Training events//EN"


def event_calendar(event: TrainingEvent, node: str, base_url: str = "") -> bytes:
    """One VEVENT in a VCALENDAR; cancelled events are sent as METHOD:CANCEL, STATUS:CANCELLED."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if event.cancelled else "PUBLISH")
    vevent = Event()
    vevent.add("uid", f"training-event-{event.id}@{node}")
    vevent.add("dtstamp", utcnow().replace(tzinfo=UTC))
    vevent.add("dtstart", event.starts_at.replace(tzinfo=UTC))
    vevent.add("dtend", event.ends_at.replace(tzinfo=UTC))
    vevent.add("summary", event.title)
    description = event.description or ""
    if event.trainers:
        description += f"\n\nTrainers: {event.trainers}"
    if event.online_link:
        description += f"\n\nJoin online: {event.online_link}"
    vevent.add("description", description.strip())
    location = event.place or event.online_link
    if location:
        vevent["location"] = vText(location)
    if event.online_link:
        vevent.add("url", event.online_link)
    elif base_url:
        vevent.add("url", f"{base_url.rstrip('/')}/training/events/{event.id}")
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("categories", [event.kind])
    for reg in event.registrations:
        if reg.status == "approved":
            attendee = vCalAddress(f"mailto:{reg.email}")
            attendee.params["cn"] = vText(reg.name)
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            vevent.add("attendee", attendee, encode=False)
    cal.add_component(vevent)
    return cal.to_ical()

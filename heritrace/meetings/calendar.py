"""iCalendar (RFC 5545) files of a meeting and of a series, written with the ``icalendar`` library."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar, Event

from heritrace.meetings.models import Meeting

PRODID = "-//Heritrace//Meetings//EN"


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _event(m: Meeting, base_url: str, series_title: str | None, now: datetime) -> Event:
    e = Event()
    e.add("uid", f"meeting-{m.id}@heritrace")
    e.add("dtstamp", _utc(now))
    e.add("dtstart", _utc(m.starts_at))
    e.add("dtend", _utc(m.ends_at))
    e.add("summary", m.title)
    e.add("sequence", m.sequence)
    e.add("status", "CANCELLED" if m.status == "cancelled" else "CONFIRMED")
    where = [m.place] if m.place else []
    if m.online_url:
        where.append(m.online_url)
    if where:
        e.add("location", " / ".join(where))
    link = f"{base_url.rstrip('/')}/meetings/{m.id}"
    e.add("url", m.online_url or link)
    lines = [f"Series: {series_title}"] if series_title else []
    if m.agenda:
        lines.append("Agenda:")
        lines += [f"{i.position}. {i.title}" for i in m.agenda]
    lines.append(f"Meeting page: {link}")
    e.add("description", "\n".join(lines))
    return e


def calendar(
    meetings: list[Meeting], name: str, base_url: str, series_titles: dict[int, str], now: datetime
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # a single cancelled meeting is sent as a cancellation; in a series it stays, marked CANCELLED
    cancelled = len(meetings) == 1 and meetings[0].status == "cancelled"
    cal.add("method", "CANCEL" if cancelled else "PUBLISH")
    cal.add("x-wr-calname", name)
    for m in meetings:
        cal.add_component(_event(m, base_url, series_titles.get(m.series_id or 0), now))
    return cal.to_ical()

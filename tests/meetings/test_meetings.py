"""Regular meetings on SQLite and PostgreSQL: series and meetings from agenda to minutes, who reads
and who edits, the action tracker, the next meeting's agenda starting with the open actions, reminders
through the alert delivery, iCalendar files, documents and the audit trail."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from heritrace.alerts.models import Alert
from heritrace.audit.models import AuditEntry
from tests.meetings.helpers import Clients, actor, build_cast


@pytest.fixture
def cast(platform):  # noqa: ANN001
    return build_cast(platform)


@pytest.fixture
def as_member(platform):  # noqa: ANN001
    clients = Clients(platform)
    yield clients
    clients.close()


def _series(as_member, cast, **extra) -> dict:  # noqa: ANN001
    r = as_member(cast.convener).post("/api/v1/meeting-series", json={"title": "Annual meeting", **extra})
    assert r.status_code == 201, r.text
    return r.json()


def _meeting(as_member, cast, series_id=None, starts="2026-03-10T09:00:00Z", **extra) -> dict:  # noqa: ANN001
    body = {
        "title": "Partners' meeting",
        "series_id": series_id,
        "starts_at": starts,
        "place": "Rome",
        "agenda": ["Seizures of the quarter", "Training plan"],
        "participants": [
            {"organisation_id": cast.police.organisation_id},
            {"organisation_id": cast.museum.organisation_id, "person": "Head curator", "role": "observer"},
        ],
        **extra,
    }
    r = as_member(cast.convener).post("/api/v1/meetings", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def _action(as_member, cast, meeting_id, title, owner, due=None, **extra) -> dict:  # noqa: ANN001
    body = {"title": title, "owner_organisation_id": owner, "due_on": due, **extra}
    r = as_member(cast.convener).post(f"/api/v1/meetings/{meeting_id}/actions", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def test_a_meeting_from_agenda_to_minutes_decisions_and_actions(platform, cast, as_member):  # noqa: ANN001
    series = _series(as_member, cast)
    m = _meeting(as_member, cast, series["id"])
    assert [i["title"] for i in m["agenda"]] == ["Seizures of the quarter", "Training plan"]
    assert m["status"] == "planned" and m["ends_at"].startswith("2026-03-10T11:00")
    assert {p["organisation"] for p in m["participants"]} == {"Carabinieri TPC", "Musee du Louvre"}
    convener = as_member(cast.convener)
    path = f"/api/v1/meetings/{m['id']}"
    assert convener.post(f"{path}/agenda", json={"title": "Any other business"}).json()["position"] == 3
    decision = convener.post(
        f"{path}/decisions",
        json={"text": "Share seizure lists weekly", "agenda_item_id": m["agenda"][0]["id"]},
    ).json()
    action = _action(as_member, cast, m["id"], "Send the list", cast.police.organisation_id, "2026-03-20",
                     decision_id=decision["id"])  # fmt: skip
    assert action["owner"] == "Carabinieri TPC" and action["status"] == "open"
    r = convener.put(f"{path}/minutes", json={"minutes": "Present: all. Decided: weekly lists."})
    assert r.status_code == 200 and r.json()["status"] == "held"
    shown = convener.get(path).json()
    assert shown["decisions"][0]["text"] == "Share seizure lists weekly"
    assert shown["actions"][0]["decision_id"] == decision["id"]
    assert shown["minutes"].startswith("Present") and shown["may_edit"] is True
    # a decision names an agenda item of this meeting only
    r = convener.post(f"{path}/decisions", json={"text": "Nothing", "agenda_item_id": 999})
    assert r.status_code == 422
    # every write is in the audit trail
    with platform.sessions() as s:
        actions = set(
            s.scalars(select(AuditEntry.action).where(AuditEntry.entity.in_(["meeting", "meeting_action"])))
        )
    assert {
        "meeting.create",
        "meeting.agenda",
        "meeting.decision",
        "meeting.action",
        "meeting.minutes",
    } <= actions


def test_the_next_meeting_starts_with_the_open_actions_of_the_last(platform, cast, as_member):  # noqa: ANN001
    series = _series(as_member, cast)
    first = _meeting(as_member, cast, series["id"], "2026-02-01T09:00:00Z")
    still_open = _action(as_member, cast, first["id"], "Photograph the reserve", cast.museum.organisation_id,
                         "2026-04-01")  # fmt: skip
    done = _action(as_member, cast, first["id"], "Send the list", cast.police.organisation_id)
    r = as_member(cast.police).patch(f"/api/v1/meeting-actions/{done['id']}", json={"status": "done"})
    assert r.status_code == 200 and r.json()["completed_at"] is not None
    second = _meeting(as_member, cast, series["id"], "2026-05-01T09:00:00Z", agenda=["Returns"])
    titles = [i["title"] for i in second["agenda"]]
    assert titles == ["Open action: Photograph the reserve (due 2026-04-01)", "Returns"]
    assert second["agenda"][0]["action_id"] == still_open["id"]
    # a meeting outside the series carries nothing
    alone = _meeting(as_member, cast, None, "2026-06-01T09:00:00Z", agenda=["Other"])
    assert [i["title"] for i in alone["agenda"]] == ["Other"]


def test_who_reads_and_who_edits(platform, cast, as_member):  # noqa: ANN001
    partners = _meeting(as_member, cast)
    restricted = _meeting(as_member, cast, classification="restricted")
    public = _meeting(as_member, cast, classification="public")
    anon, customs, police = as_member(None), as_member(cast.customs), as_member(cast.police)
    # partners: vetted partners read; the public does not
    assert customs.get(f"/api/v1/meetings/{partners['id']}").status_code == 200
    assert anon.get(f"/api/v1/meetings/{partners['id']}").status_code == 404
    assert as_member(cast.dealer).get(f"/api/v1/meetings/{partners['id']}").status_code == 404
    # restricted: the convener and the participating organisations only
    assert police.get(f"/api/v1/meetings/{restricted['id']}").status_code == 200
    assert customs.get(f"/api/v1/meetings/{restricted['id']}").status_code == 404
    assert anon.get(f"/api/v1/meetings/{public['id']}").status_code == 200
    assert {m["id"] for m in anon.get("/api/v1/meetings").json()} == {public["id"]}
    assert {m["id"] for m in customs.get("/api/v1/meetings").json()} == {partners["id"], public["id"]}
    # only the convening organisation's registrars edit; participants do not
    r = as_member(cast.museum).post(f"/api/v1/meetings/{partners['id']}/agenda", json={"title": "Mine"})
    assert r.status_code == 403
    assert (
        police.put(f"/api/v1/meetings/{partners['id']}/minutes", json={"minutes": "forged"}).status_code
        == 403
    )
    assert (
        anon.post("/api/v1/meetings", json={"title": "x", "starts_at": "2026-01-01T00:00:00Z"}).status_code
        == 401
    )
    # an action's owner updates it; another partner that reads the meeting does not
    a = _action(as_member, cast, partners["id"], "Check the lists", cast.police.organisation_id)
    assert customs.patch(f"/api/v1/meeting-actions/{a['id']}", json={"status": "done"}).status_code == 403
    r = police.patch(f"/api/v1/meeting-actions/{a['id']}", json={"status": "in_progress", "notes": "half"})
    assert r.status_code == 200 and r.json()["notes"] == "half"
    assert anon.patch(f"/api/v1/meeting-actions/{a['id']}", json={"status": "done"}).status_code == 401


def test_the_action_tracker_across_meetings(platform, cast, as_member):  # noqa: ANN001
    one = _meeting(as_member, cast)
    two = _meeting(as_member, cast, classification="restricted", participants=[])
    today = date.today()
    late = _action(
        as_member, cast, one["id"], "Late", cast.police.organisation_id, str(today - timedelta(days=3))
    )
    soon = _action(
        as_member, cast, one["id"], "Soon", cast.museum.organisation_id, str(today + timedelta(days=3))
    )
    hidden = _action(as_member, cast, two["id"], "Convener only", None, str(today))
    as_member(cast.convener).patch(f"/api/v1/meeting-actions/{soon['id']}", json={"status": "done"})
    convener = as_member(cast.convener)
    every = convener.get("/api/v1/meeting-actions").json()
    assert [a["id"] for a in every] == [late["id"], hidden["id"], soon["id"]]  # open first, by due date
    assert [a["id"] for a in convener.get("/api/v1/meeting-actions?status=overdue").json()] == [late["id"]]
    assert every[0]["overdue"] is True and every[2]["overdue"] is False
    assert [a["id"] for a in convener.get("/api/v1/meeting-actions?status=done").json()] == [soon["id"]]
    owned = convener.get(
        f"/api/v1/meeting-actions?owner_organisation_id={cast.police.organisation_id}"
    ).json()
    assert [a["id"] for a in owned] == [late["id"]]
    # the tracker shows only actions of meetings the reader may read
    assert {a["id"] for a in as_member(cast.customs).get("/api/v1/meeting-actions").json()} == {
        late["id"],
        soon["id"],
    }
    assert as_member(None).get("/api/v1/meeting-actions").json() == []


def test_reminders_go_through_the_alert_delivery_once(platform, cast, as_member):  # noqa: ANN001
    m = _meeting(as_member, cast)
    today = date(2026, 6, 10)
    due = _action(as_member, cast, m["id"], "Due soon", cast.museum.organisation_id, "2026-06-14")
    late = _action(as_member, cast, m["id"], "Overdue", cast.police.organisation_id, "2026-06-01")
    _action(as_member, cast, m["id"], "Far away", cast.police.organisation_id, "2026-09-01")
    finished = _action(as_member, cast, m["id"], "Done already", cast.police.organisation_id, "2026-05-01")
    as_member(cast.police).patch(f"/api/v1/meeting-actions/{finished['id']}", json={"status": "done"})
    assert platform.meetings.remind(today, within_days=7) == 2
    assert platform.meetings.remind(today, within_days=7) == 0  # each once per action and due date
    museum = platform.diligence.inbox.entries(actor(platform, cast.museum))
    police = platform.diligence.inbox.entries(actor(platform, cast.police))
    convener = platform.diligence.inbox.entries(actor(platform, cast.convener))
    assert [e.subject for e in museum] == ["[Meeting action] Action due on 2026-06-14: Due soon"]
    assert [e.subject for e in police] == ["[Meeting action] Action overdue since 2026-06-01: Overdue"]
    assert [e.subject for e in convener] == [
        "[Meeting action] Action overdue since 2026-06-01: Overdue"
    ]  # the convener too
    assert platform.diligence.inbox.entries(actor(platform, cast.customs)) == []
    with platform.sessions() as s:
        notices = s.scalars(select(Alert).where(Alert.type == "meeting_action")).all()
        assert {n.classification for n in notices} == {"restricted"}
        assert {n.link for n in notices} == {f"/meetings/{m['id']}#action-{due['id']}",
                                             f"/meetings/{m['id']}#action-{late['id']}"}  # fmt: skip
    # a new due date is reminded again
    as_member(cast.convener).patch(f"/api/v1/meeting-actions/{late['id']}", json={"due_on": "2026-06-05"})
    assert platform.meetings.remind(today, within_days=7) == 1


def test_icalendar_of_a_meeting_and_of_a_series(platform, cast, as_member):  # noqa: ANN001
    series = _series(as_member, cast, title="Operation debriefs")
    a = _meeting(
        as_member, cast, series["id"], "2026-03-10T09:00:00Z", online_url="https://meet.example.org/x"
    )
    b = _meeting(as_member, cast, series["id"], "2026-09-10T13:30:00+02:00")
    convener = as_member(cast.convener)
    r = convener.get(f"/meetings/{a['id']}/calendar.ics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    [event] = cal.walk("VEVENT")
    assert str(event["summary"]) == "Partners' meeting"
    assert event.decoded("dtstart").isoformat() == "2026-03-10T09:00:00+00:00"
    assert event.decoded("dtend").isoformat() == "2026-03-10T11:00:00+00:00"
    assert "Seizures of the quarter" in str(event["description"]) and "Rome" in str(event["location"])
    assert str(event["uid"]) == f"meeting-{a['id']}@heritrace"
    r = convener.get(f"/meetings/series/{series['id']}/calendar.ics")
    events = Calendar.from_ical(r.content).walk("VEVENT")
    starts = sorted(e.decoded("dtstart").isoformat() for e in events)
    assert starts == ["2026-03-10T09:00:00+00:00", "2026-09-10T11:30:00+00:00"]
    assert str(Calendar.from_ical(r.content)["x-wr-calname"]) == "Operation debriefs"
    # the calendar is read like the meeting
    assert as_member(None).get(f"/meetings/{b['id']}/calendar.ics").status_code in (401, 404)


def test_documents_of_a_meeting(platform, cast, as_member):  # noqa: ANN001
    m = _meeting(as_member, cast)
    convener = as_member(cast.convener)
    files = {"file": ("agenda.pdf", b"%PDF-1.4 agenda", "application/pdf")}
    r = convener.post(
        f"/api/v1/meetings/{m['id']}/documents", files=files, data={"title": "Annotated agenda"}
    )
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["title"] == "Annotated agenda" and doc["size"] == 15
    got = as_member(cast.customs).get(doc["url"])
    assert got.status_code == 200 and got.content == b"%PDF-1.4 agenda"
    assert got.headers["content-type"] == "application/octet-stream"
    assert as_member(None).get(doc["url"]).status_code == 404
    r = as_member(cast.police).post(f"/api/v1/meetings/{m['id']}/documents", files=files)
    assert r.status_code == 403


def test_invalid_input_is_refused_field_by_field(platform, cast, as_member):  # noqa: ANN001
    convener = as_member(cast.convener)
    r = convener.post("/api/v1/meetings", json={"title": "x", "starts_at": "2026-01-01T10:00:00Z",
                                                 "ends_at": "2026-01-01T09:00:00Z"})  # fmt: skip
    assert r.status_code == 422
    r = convener.post("/api/v1/meetings", json={"title": "Meeting", "starts_at": "2026-01-01T10:00:00Z",
                                                 "ends_at": "2026-01-01T09:00:00Z"})  # fmt: skip
    assert r.status_code == 422 and "ends_at" in r.json()["errors"]
    r = convener.post("/api/v1/meetings", json={"title": "Meeting", "starts_at": "2026-01-01T10:00:00Z",
                                                 "participants": [{"organisation_id": 99999}]})  # fmt: skip
    assert r.status_code == 422 and "participants" in r.json()["errors"]
    # a series of another organisation takes no meeting of this one
    other = as_member(cast.museum).post("/api/v1/meeting-series", json={"title": "Museum series"}).json()
    r = convener.post("/api/v1/meetings", json={"title": "Meeting", "series_id": other["id"],
                                                 "starts_at": "2026-01-01T10:00:00Z"})  # fmt: skip
    assert r.status_code == 403
    # a market member of an unvetted organisation does not convene
    r = as_member(cast.dealer).post("/api/v1/meeting-series", json={"title": "Dealers"})
    assert r.status_code == 403


def test_pages_are_read_like_the_meeting(platform, cast, as_member):  # noqa: ANN001
    public = _meeting(as_member, cast, classification="public", title="Open day of the partners")
    partners = _meeting(as_member, cast)
    _action(as_member, cast, public["id"], "Publish the report", cast.police.organisation_id)
    anon = as_member(None)
    page = anon.get(f"/meetings/{public['id']}", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Open day of the partners" in page.text
    assert "Publish the report" in page.text
    assert 'id="minutes-form"' not in page.text and 'class="inline action-update"' not in page.text
    assert anon.get(f"/meetings/{partners['id']}", headers={"Accept": "text/html"}).status_code == 404
    listing = anon.get("/meetings", headers={"Accept": "text/html"}).text
    assert "Open day of the partners" in listing and f'/meetings/{partners["id"]}"' not in listing
    tracker = anon.get("/meetings/actions", headers={"Accept": "text/html"}).text
    assert "Publish the report" in tracker
    # the convener's page carries the forms
    mine = as_member(cast.convener).get(f"/meetings/{partners['id']}", headers={"Accept": "text/html"}).text
    assert 'id="minutes-form"' in mine and 'id="action-form"' in mine


def test_editing_and_cancelling_a_meeting(platform, cast, as_member):  # noqa: ANN001
    m = _meeting(as_member, cast)
    path = f"/api/v1/meetings/{m['id']}"
    convener, museum, anon = as_member(cast.convener), as_member(cast.museum), as_member(None)
    first, second = m["agenda"]
    d = convener.post(f"{path}/decisions", json={"text": "Share lists", "agenda_item_id": first["id"]}).json()
    # agenda items: edited, removed (the rest renumbered, the decision unlinked)
    r = convener.patch(f"{path}/agenda/{second['id']}", json={"title": "Training plan 2027", "notes": "n"})
    assert r.status_code == 200 and r.json()["agenda"][1]["title"] == "Training plan 2027"
    r = convener.delete(f"{path}/agenda/{first['id']}")
    assert [(i["position"], i["title"]) for i in r.json()["agenda"]] == [(1, "Training plan 2027")]
    assert r.json()["decisions"][0]["agenda_item_id"] is None
    # decisions: edited, removed; participants removed
    r = convener.patch(f"{path}/decisions/{d['id']}", json={"text": "Share lists within a week"})
    assert [x["text"] for x in r.json()["decisions"]] == ["Share lists within a week"]
    assert convener.delete(f"{path}/decisions/{d['id']}").json()["decisions"] == []
    [police, curator] = convener.get(path).json()["participants"]
    r = convener.delete(f"{path}/participants/{curator['id']}")
    assert [p["id"] for p in r.json()["participants"]] == [police["id"]]
    assert convener.delete(f"{path}/participants/{curator['id']}").status_code == 404
    # the same rule as adding: only the convening organisation's registrars
    assert museum.patch(f"{path}/agenda/{second['id']}", json={"title": "Mine"}).status_code == 403
    assert museum.delete(f"{path}/participants/{police['id']}").status_code == 403
    assert museum.post(f"{path}/cancel").status_code == 403
    assert anon.post(f"{path}/cancel").status_code == 401
    # cancelled: the calendar file is a cancellation; no minutes; a held meeting is not cancelled
    before = Calendar.from_ical(convener.get(f"/meetings/{m['id']}/calendar.ics").content)
    r = convener.post(f"{path}/cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    cal = Calendar.from_ical(convener.get(f"/meetings/{m['id']}/calendar.ics").content)
    [event] = cal.walk("VEVENT")
    assert str(cal["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) > int(before.walk("VEVENT")[0]["sequence"])
    assert convener.put(f"{path}/minutes", json={"minutes": "Not held at all."}).status_code == 409
    page = convener.get(f"/meetings/{m['id']}")
    assert page.status_code == 200 and "cancelled" in page.text and 'id="cancel-form"' not in page.text
    held = _meeting(as_member, cast)
    convener.put(f"/api/v1/meetings/{held['id']}/minutes", json={"minutes": "Held."})
    assert convener.post(f"/api/v1/meetings/{held['id']}/cancel").status_code == 409
    # a public meeting's calendar is read like its page: by anyone
    public = _meeting(as_member, cast, classification="public")
    r = anon.get(f"/meetings/{public['id']}/calendar.ics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    assert anon.get(f"/meetings/{public['id']}").status_code == 200
    with platform.sessions() as s:
        audited = set(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "meeting")))
    assert {
        "meeting.agenda.edit", "meeting.agenda.remove", "meeting.decision.edit", "meeting.decision.remove",
        "meeting.participant.remove", "meeting.cancel",
    } <= audited  # fmt: skip

"""Training on SQLite and PostgreSQL: courses with modules and an assessment scored against the truth,
identification exercises restricted to what the audience may read, progress and completion, signed
completion certificates verified like due-diligence certificates, events with registration, approval
within the seats, attendance, evaluation and .ics, and the training figures of the results page."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select
from typer.testing import CliRunner

from heritrace.alerts.models import Alert, AlertDelivery
from heritrace.alerts.schemas import SubscriptionIn
from heritrace.audit.unit import unaudited
from heritrace.core.actor import SYSTEM
from heritrace.db.base import utcnow
from heritrace.objects.schemas import ObjectIn
from heritrace.training.models import EventRegistration, TrainingEvent
from heritrace.training.stats import training_results
from tests.members import actor, add_people, photo_bytes


@pytest.fixture
def people(platform):  # noqa: ANN001
    organisations = {
        "Museo Nazionale": ("museum", "IT"),
        "Carabinieri TPC": ("police", "IT"),
        "Douane": ("customs", "FR"),
    }
    return add_people(
        platform,
        organisations,
        {
            "trainer": ("Museo Nazionale", "registrar"),
            "officer": ("Carabinieri TPC", "analyst"),
            "colleague": ("Carabinieri TPC", "analyst"),
            "douanier": ("Douane", "analyst"),
        },
    )


def _records(platform) -> None:  # noqa: ANN001
    for seed, (rid, classification) in enumerate(
        [
            ("IT-ICON-1", "public"),
            ("IT-COIN-2", "partners"),
            ("IT-LE-3", "law_enforcement"),
            ("IT-RS-4", "restricted"),
        ]
    ):
        platform.objects.create(
            SYSTEM,
            ObjectIn(id=rid, title=f"object {rid}", classification=classification),
            [(photo_bytes(seed + 1), f"{rid}.jpg")],
        )


def _course(as_member, people, audiences=("police", "customs"), pass_mark=60) -> dict:  # noqa: ANN001
    trainer = as_member(people["trainer"])
    body = {"title": "Spotting looted icons", "audiences": list(audiences), "pass_mark": pass_mark}
    r = trainer.post("/api/v1/training/courses", json=body)
    assert r.status_code == 201, r.text
    course = r.json()
    r = trainer.post(
        f"/api/v1/training/courses/{course['id']}/modules",
        data={"module": json.dumps({"title": "Icons at risk", "body": "Look at the back of the panel."})},
    )
    assert r.status_code == 201, r.text
    choice = {
        "kind": "choice",
        "prompt": "Which document should accompany an icon leaving Cyprus?",
        "choices": ["none", "an export licence"],
        "answer": 1,
    }
    r = trainer.post(
        f"/api/v1/training/courses/{course['id']}/questions", data={"question": json.dumps(choice)}
    )
    assert r.status_code == 201, r.text
    return r.json() | {"course_id": course["id"]}


def test_identification_exercises_use_only_records_the_audience_may_read(platform, people, as_member):  # noqa: ANN001
    _records(platform)
    trainer = as_member(people["trainer"])
    police_course = _course(as_member, people)["course_id"]
    market_course = _course(as_member, people, audiences=("market",))["course_id"]

    def add(course_id: int, object_id: str) -> int:
        q = {"kind": "identification", "prompt": "Which record?", "object_id": object_id}
        r = trainer.post(f"/api/v1/training/courses/{course_id}/questions", data={"question": json.dumps(q)})
        return r.status_code

    assert add(police_course, "IT-LE-3") == 201  # police and customs read law-enforcement records
    assert add(market_course, "IT-LE-3") == 422  # the art market does not
    assert add(market_course, "IT-COIN-2") == 201
    assert add(police_course, "IT-RS-4") == 422  # restricted: never for an audience
    assert add(police_course, "NO-SUCH") == 422
    # drawing from the register: only readable records with photos, none twice
    r = trainer.post(f"/api/v1/training/courses/{market_course}/draw", json={"count": 10})
    assert r.status_code == 201, r.text
    from heritrace.training.models import AssessmentQuestion

    with platform.sessions() as s:
        drawn = {
            q.object_id for q in s.query(AssessmentQuestion).filter_by(course_id=market_course) if q.object_id
        }
    assert drawn == {"IT-ICON-1", "IT-COIN-2"}
    # the learner sees the photo but never the answer or the record
    view = as_member(people["officer"]).get(f"/api/v1/training/courses/{police_course}").json()
    ident = [q for q in view["questions"] if q["kind"] == "identification"]
    assert ident and ident[0]["photo_url"] and "answer" not in ident[0] and "object_id" not in ident[0]
    assert "IT-LE-3" not in json.dumps(view)
    photo = as_member(people["officer"]).get(ident[0]["photo_url"])
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"


def test_reclassified_record_drops_out_of_the_assessment(platform, people, as_member):  # noqa: ANN001
    _records(platform)
    course_id = _course(as_member, people, audiences=("market",))["course_id"]
    q = {"kind": "identification", "prompt": "Which record?", "object_id": "IT-COIN-2"}
    as_member(people["trainer"]).post(
        f"/api/v1/training/courses/{course_id}/questions", data={"question": json.dumps(q)}
    )
    learner = as_member(people["officer"])
    assert len(learner.get(f"/api/v1/training/courses/{course_id}").json()["questions"]) == 2
    from heritrace.objects.models import CulturalObject

    with platform.sessions.begin() as s:
        unaudited(s, "the test reclassifies the record behind the service's back")
        s.query(CulturalObject).filter_by(external_id="IT-COIN-2").update(
            {"classification": "law_enforcement"}
        )
    assert len(learner.get(f"/api/v1/training/courses/{course_id}").json()["questions"]) == 1


def test_learner_passes_and_gets_a_certificate_that_verifies(
    platform, people, as_member, tmp_path, monkeypatch
):  # noqa: ANN001
    _records(platform)
    course_id = _course(as_member, people)["course_id"]
    trainer = as_member(people["trainer"])
    q = {"kind": "identification", "prompt": "Which record shows this icon?", "object_id": "IT-ICON-1"}
    trainer.post(f"/api/v1/training/courses/{course_id}/questions", data={"question": json.dumps(q)})
    decoy = {
        "kind": "identification",
        "prompt": "Is this listing registered?",
        "not_registered": True,
        "listing_text": "Byzantine icon, private collection, fresh to the market",
    }
    r = trainer.post(f"/api/v1/training/courses/{course_id}/questions", data={"question": json.dumps(decoy)})
    assert r.status_code == 201, r.text
    learner = as_member(people["officer"])
    view = learner.get(f"/api/v1/training/courses/{course_id}").json()
    choice, ident, listing = view["questions"]
    # no certificate before completion
    assert learner.post(f"/api/v1/training/courses/{course_id}/certificate").status_code == 409
    wrong = {str(choice["id"]): "0", str(ident["id"]): "IT-COIN-2", str(listing["id"]): "IT-ICON-1"}
    r = learner.post(f"/api/v1/training/courses/{course_id}/attempts", json={"answers": wrong})
    assert r.status_code == 201 and r.json()["score"] == 0 and r.json()["passed"] is False
    right = {str(choice["id"]): "1", str(ident["id"]): "it-icon-1", str(listing["id"]): "not_registered"}
    r = learner.post(f"/api/v1/training/courses/{course_id}/attempts", json={"answers": right})
    assert r.json()["score"] == 100 and r.json()["passed"] is True
    # passed, but a module is not done: not completed yet
    assert r.json()["course"]["progress"]["completed_at"] is None
    module = view["modules"][0]["id"]
    r = learner.post(f"/api/v1/training/courses/{course_id}/modules/{module}/done")
    assert r.json()["progress"]["completed_at"] is not None
    r = learner.post(f"/api/v1/training/courses/{course_id}/certificate")
    assert r.status_code == 201, r.text
    # the offering organisation follows each learner's progress; learners see only their own
    [seen] = trainer.get(f"/api/v1/training/courses/{course_id}").json()["learners"]
    assert seen["organisation"] == "Carabinieri TPC" and seen["best_score"] == 100 and seen["attempts"] == 2
    assert learner.get(f"/api/v1/training/courses/{course_id}").json()["learners"] == []
    links = r.json()
    pdf = learner.get(links["pdf"])
    doc = learner.get(links["json"])
    assert (
        pdf.content.startswith(b"%PDF-")
        and doc.json()["certificate"]["certificate_type"] == "training_completion"
    )
    assert doc.json()["certificate"]["learner"]["organisation"] == "Carabinieri TPC"
    # another learner of the same organisation may not fetch it
    assert as_member(people["colleague"]).get(links["pdf"]).status_code == 404
    # the public verification (API and CLI) accepts it, and detects a change
    anon = as_member(None)
    for data in (pdf.content, doc.content):
        r = anon.post("/api/v1/certificates/verify", files={"file": ("c", data)})
        assert r.json()["status"] == "valid", r.text
    altered = doc.content.replace(b"Carabinieri TPC", b"Carabinieri XXX")
    assert (
        anon.post("/api/v1/certificates/verify", files={"file": ("c", altered)}).json()["status"] == "altered"
    )
    page = anon.get("/certificates/verify")
    token = page.cookies.get("heritrace_csrf") or anon.cookies.get("heritrace_csrf")
    r = anon.post("/certificates/verify", data={"csrf_token": token}, files={"file": ("c.pdf", pdf.content)})
    assert "verified-completion-certificate" in r.text and "Spotting looted icons" in r.text
    from heritrace.cli.main import app as cli

    (tmp_path / "c.pdf").write_bytes(pdf.content)
    monkeypatch.setenv("HERITRACE_DATA_DIR", str(platform.settings.data_dir))
    result = CliRunner().invoke(cli, ["certificate", "verify", str(tmp_path / "c.pdf")])
    assert result.exit_code == 0, result.output
    assert "completed 'Spotting looted icons'" in result.output.replace("\n", " ")


def _event(as_member, people, seats=1, starts=None) -> dict:  # noqa: ANN001
    starts = starts or datetime.now(UTC) + timedelta(days=10)
    body = {
        "kind": "workshop",
        "title": "Workshop on numismatics",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=6)).isoformat(),
        "place": "Rome, Palazzo Massimo",
        "online_link": "https://meet.example.org/coins",
        "trainers": ["Dr Rossi", "Mme Dubois"],
        "seats": seats,
        "country": "IT",
    }
    r = as_member(people["trainer"]).post("/api/v1/training/events", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def test_event_registration_approval_seats_attendance_evaluation_and_ics(platform, people, as_member):  # noqa: ANN001
    e = _event(as_member, people, seats=1)
    path = f"/api/v1/training/events/{e['id']}"
    officer, douanier, trainer = (as_member(people[k]) for k in ("officer", "douanier", "trainer"))
    # the officer also takes notices by e-mail: registration notices use the members' channels
    subscription = SubscriptionIn(channels=["inbox", "email"], email="officer@cc.example.it")
    platform.alerts.subscribe(actor(platform, people["officer"]), subscription)
    r1 = officer.post(
        f"{path}/registrations", json={"name": "Officer", "email": "o@cc.it", "username": "officer"}
    )
    r2 = douanier.post(f"{path}/registrations", json={"name": "Douanier", "email": "d@douane.fr"})
    assert r1.status_code == r2.status_code == 201
    again = {"name": "Dupont", "email": "d@douane.fr"}
    assert douanier.post(f"{path}/registrations", json=again).status_code == 409
    # a partner sees its own registrations only; the organiser sees them all
    assert [r["email"] for r in douanier.get(path).json()["registrations"]] == ["d@douane.fr"]
    assert len(trainer.get(path).json()["registrations"]) == 2

    # the organiser's inbox hears of each registration, the registering organisation of the decision
    def inbox(member) -> list[str]:  # noqa: ANN001
        entries = platform.diligence.inbox.entries(actor(platform, member))
        return [e.subject.removeprefix("[Training registration] ") for e in entries]

    assert inbox(people["trainer"]) == [
        "Registration for Workshop on numismatics: Douanier",
        "Registration for Workshop on numismatics: Officer",
    ]
    # only the organiser decides, within the seats
    assert (
        officer.post(f"{path}/registrations/{r1.json()['id']}/decision", json={"approve": True}).status_code
        == 403
    )
    assert (
        trainer.post(f"{path}/registrations/{r1.json()['id']}/decision", json={"approve": True}).status_code
        == 200
    )
    r = trainer.post(f"{path}/registrations/{r2.json()['id']}/decision", json={"approve": True})
    assert r.status_code == 409 and r.json()["detail"] == "the only seat is taken"
    assert inbox(people["officer"]) == ["Registration approved: Officer, Workshop on numismatics"]
    assert inbox(people["douanier"]) == []
    with platform.sessions() as s:
        mails = s.scalars(
            select(Alert.title)
            .join(AlertDelivery, AlertDelivery.alert_id == Alert.id)
            .where(Alert.type == "training_registration", AlertDelivery.channel == "email")
        ).all()
    assert mails == ["Registration approved: Officer, Workshop on numismatics"]
    # attendance only once it has started
    r = trainer.post(f"{path}/registrations/{r1.json()['id']}/attendance", json={"attended": True})
    assert r.status_code == 409
    # .ics: valid iCalendar with the approved participant
    ics = as_member(people["officer"]).get(f"/training/events/{e['id']}/calendar.ics")
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    [vevent] = Calendar.from_ical(ics.content).walk("VEVENT")
    assert str(vevent["summary"]) == "Workshop on numismatics"
    assert vevent.decoded("dtend") - vevent.decoded("dtstart") == timedelta(hours=6)
    assert [
        str(a)
        for a in ([vevent["attendee"]] if not isinstance(vevent["attendee"], list) else vevent["attendee"])
    ] == ["mailto:o@cc.it"]
    # the event starts; attendance, then the evaluation by the attendee
    with platform.sessions.begin() as s:
        unaudited(s, "the test moves the event to the past")
        ev = s.get(TrainingEvent, e["id"])
        ev.starts_at, ev.ends_at = utcnow() - timedelta(hours=2), utcnow() - timedelta(hours=1)
    assert officer.post(f"{path}/evaluation", json={"rating": 5, "usefulness": 4}).status_code == 403
    r = trainer.post(f"{path}/registrations/{r1.json()['id']}/attendance", json={"attended": True})
    assert r.status_code == 200 and r.json()["attended"] is True
    assert officer.post(f"{path}/evaluation", json={"rating": 5, "usefulness": 4}).status_code == 201
    assert officer.post(f"{path}/evaluation", json={"rating": 5, "usefulness": 4}).status_code == 409
    assert trainer.get(path).json()["evaluation"] == {"count": 1, "rating": 5.0, "usefulness": 4.0}
    # an event whose attendance is recorded took place: it is not cancelled (nor dropped from the results)
    assert officer.post(f"{path}/cancel").status_code == 403
    r = trainer.post(f"{path}/cancel")
    assert r.status_code == 409 and "took place" in r.json()["detail"]
    assert 'id="cancel-event"' not in trainer.get(f"/training/events/{e['id']}").text
    assert training_results_of(platform)["trainings"] == 1
    # anonymous: a partners-only event answers 404, like one that does not exist
    assert as_member(None).get(path).status_code == 404
    assert as_member(None).get(f"/training/events/{e['id']}/calendar.ics").status_code == 404


def test_training_results_count_events_held_and_distinct_people(platform, people, as_member):  # noqa: ANN001
    year = utcnow().year
    course_id = _course(as_member, people, pass_mark=50)["course_id"]
    learner = as_member(people["officer"])
    view = learner.get(f"/api/v1/training/courses/{course_id}").json()
    learner.post(f"/api/v1/training/courses/{course_id}/modules/{view['modules'][0]['id']}/done")
    learner.post(
        f"/api/v1/training/courses/{course_id}/attempts",
        json={"answers": {str(view["questions"][0]["id"]): "1"}},
    )
    held = _event(as_member, people, seats=5)
    future = _event(as_member, people, seats=5)
    for member, email in (("officer", "o@cc.it"), ("douanier", "d@douane.fr")):
        r = as_member(people[member]).post(
            f"/api/v1/training/events/{held['id']}/registrations",
            json={"name": member, "email": email, "username": member},
        )
        as_member(people["trainer"]).post(
            f"/api/v1/training/events/{held['id']}/registrations/{r.json()['id']}/decision",
            json={"approve": True},
        )
    with platform.sessions.begin() as s:
        unaudited(s, "the test moves the event to the past")
        ev = s.get(TrainingEvent, held["id"])
        ev.starts_at, ev.ends_at = utcnow() - timedelta(hours=3), utcnow() - timedelta(hours=1)
        for reg in s.query(EventRegistration).filter_by(event_id=held["id"]):
            reg.attended = True
    assert future["id"] != held["id"]
    with platform.sessions() as s:
        figures = training_results(s, year)
        assert figures["trainings"] == 1  # the future event is not held yet
        assert figures["people_trained"] == 2  # the officer completed a course AND attended: counted once
        assert figures["by_country"]["people_trained"] == {"IT": 1, "FR": 1}
        assert figures["by_organisation_type"]["people_trained"] == {"police": 1, "customs": 1}
        assert training_results(s, year, country="FR")["people_trained"] == 1
        assert training_results(s, year, org_type="police")["people_trained"] == 1
        assert training_results(s, year - 1) | {"by_country": None, "by_organisation_type": None} == {
            "trainings": 0,
            "people_trained": 0,
            "by_country": None,
            "by_organisation_type": None,
        }


def training_results_of(platform) -> dict:  # noqa: ANN001
    with platform.sessions() as s:
        return training_results(s, utcnow().year)


def test_cancelling_an_event_tells_the_registered_and_closes_it(platform, people, as_member):  # noqa: ANN001
    e = _event(as_member, people, seats=5)
    path = f"/api/v1/training/events/{e['id']}"
    officer, douanier, trainer = (as_member(people[k]) for k in ("officer", "douanier", "trainer"))
    r1 = officer.post(f"{path}/registrations", json={"name": "Officer", "email": "o@cc.it"}).json()
    r2 = officer.post(f"{path}/registrations", json={"name": "Colleague", "email": "c@cc.it"}).json()
    douanier.post(f"{path}/registrations", json={"name": "Douanier", "email": "d@douane.fr"})
    trainer.post(f"{path}/registrations/{r1['id']}/decision", json={"approve": True})
    trainer.post(f"{path}/registrations/{r2['id']}/decision", json={"approve": False})
    assert officer.post(f"{path}/cancel").status_code == 403
    r = trainer.post(f"{path}/cancel")
    assert r.status_code == 200 and r.json()["cancelled"] is True
    assert trainer.post(f"{path}/cancel").status_code == 409

    def told(member) -> list[str]:  # noqa: ANN001
        entries = platform.diligence.inbox.entries(actor(platform, member))
        return [x.body for x in entries if x.subject.endswith("Event cancelled: Workshop on numismatics")]

    # each organisation that registered someone still expected is told once, naming them
    [police_notice] = told(people["officer"])
    assert "Registered: Officer." in police_notice and "Colleague" not in police_notice
    [customs_notice] = told(people["douanier"])
    assert "Registered: Douanier." in customs_notice
    assert told(people["trainer"]) == []
    # the invitation becomes a cancellation; registration, decisions and attendance are closed
    page = trainer.get(f"/training/events/{e['id']}").text
    assert 'id="cancel-event"' not in page and 'id="approve-' not in page and 'value="decline"' not in page
    # in the reader's language: kind, state, dates and each registration's status
    page = trainer.get(f"/training/events/{e['id']}?lang=es").text
    assert "taller (cancelado)" in page and " al " in page and "(cancelled)" not in page
    assert all(f'">{state}</td>' in page for state in ("aprobada", "rechazada", "solicitada"))
    cancelled = Calendar.from_ical(officer.get(f"/training/events/{e['id']}/calendar.ics").content)
    assert str(cancelled["method"]) == "CANCEL" and str(cancelled.walk("VEVENT")[0]["status"]) == "CANCELLED"
    assert (
        douanier.post(f"{path}/registrations", json={"name": "Late", "email": "l@douane.fr"}).status_code
        == 409
    )
    r = trainer.post(f"{path}/registrations/{r2['id']}/decision", json={"approve": True})
    # the trainer read the page in Spanish: the refusal is in Spanish too
    assert (
        r.status_code == 409
        and r.json()["detail"] == "el evento está cancelado: sus inscripciones están cerradas"
    )
    with platform.sessions.begin() as s:
        unaudited(s, "the test moves the event to the past")
        ev = s.get(TrainingEvent, e["id"])
        ev.starts_at, ev.ends_at = utcnow() - timedelta(hours=2), utcnow() - timedelta(hours=1)
    r = trainer.post(f"{path}/registrations/{r1['id']}/attendance", json={"attended": True})
    assert r.status_code == 409
    figures = training_results_of(platform)
    assert (figures["trainings"], figures["people_trained"]) == (0, 0)

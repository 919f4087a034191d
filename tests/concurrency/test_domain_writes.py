"""Several people writing case files, consultations, meetings, library documents and training
registrations at once, over HTTP against a real server, on SQLite and on PostgreSQL: nobody is refused
because someone else is writing (no 503, no 500), and where a check guards a write (a case's version,
an event's seats) it holds: two edits of one version, one wins and one is told 409; never more
approved participants than seats."""

from __future__ import annotations

import json
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select

from heritrace.audit.models import AuditEntry
from heritrace.consultations.schemas import ExpertiseIn
from tests.cases.helpers import case_body
from tests.concurrency.test_concurrent_edits import _record, _run_together
from tests.conftest import Member, add_member, add_organisation
from tests.consultations.helpers import LAMP, actor

WRITERS = 10
READERS = 5


class Tally:
    """Status codes of the answers, by what was asked, from every thread."""

    def __init__(self) -> None:
        self.codes: Counter = Counter()
        self.lock = threading.Lock()

    def __call__(self, what: str, r: httpx.Response) -> httpx.Response:
        with self.lock:
            self.codes[(what, r.status_code)] += 1
        return r


def _client(base: str, member: Member) -> httpx.Client:
    return httpx.Client(base_url=base, headers=member.headers, timeout=120)


def _case_edit(case: dict, title: str, version: int) -> dict:
    body = case_body([], title=title)
    del body["object_ids"]
    return {**body, "version": version}


def test_case_files_edited_at_once_beside_readers(platform, live_server) -> None:  # noqa: ANN001
    museum = add_organisation(platform, "Museo di Capodimonte", "museum")
    registrar = add_member(platform, "registrar", museum, ["registrar"])
    reader = add_member(platform, "colleague", museum, ["registrar"])
    with _client(live_server, registrar) as c:
        assert c.post("/api/v1/objects", json=_record("CASE-OBJ-1")).status_code == 201
        cases = [c.post("/api/v1/cases", json=case_body(["CASE-OBJ-1"])).json() for _ in range(WRITERS)]
    assert all("id" in case for case in cases), cases
    tally, edits = Tally(), 3

    def edit(case: dict) -> None:
        with _client(live_server, registrar) as c:
            for n in range(edits):
                tally("edit", c.put(f"/api/v1/cases/{case['id']}", json=_case_edit(case, f"Edit {n}", n + 1)))
            files = {"file": ("note.txt", b"a note", "text/plain")}
            data = {"text": "the gallery answered", "classification": "restricted"}
            tally("message", c.post(f"/api/v1/cases/{case['id']}/messages", data=data, files=files))

    def read(i: int) -> None:
        with _client(live_server, reader) as c:
            for case in cases[i::READERS]:
                tally("read", c.get(f"/api/v1/cases/{case['id']}"))
                tally("read", c.get(f"/cases/{case['id']}"))

    _run_together([lambda k=k: edit(k) for k in cases] + [lambda i=i: read(i) for i in range(READERS)])
    assert tally.codes == {
        ("edit", 200): WRITERS * edits,
        ("message", 201): WRITERS,
        ("read", 200): 2 * WRITERS,
    }, tally.codes
    with platform.sessions() as s:
        updates = s.scalars(select(AuditEntry).where(AuditEntry.action == "case.update")).all()
    assert Counter(json.loads(e.after)["version"] for e in updates) == {v: WRITERS for v in (2, 3, 4)}


def test_two_edits_of_the_same_case_version_one_wins_one_is_told(platform, live_server) -> None:  # noqa: ANN001
    museum = add_organisation(platform, "Museo di Capodimonte", "museum")
    registrar = add_member(platform, "registrar", museum, ["registrar"])
    pairs = 4
    with _client(live_server, registrar) as c:
        assert c.post("/api/v1/objects", json=_record("CASE-OBJ-2")).status_code == 201
        cases = [c.post("/api/v1/cases", json=case_body(["CASE-OBJ-2"])).json() for _ in range(pairs)]
    answers: dict[int, list[int]] = {case["id"]: [] for case in cases}
    lock = threading.Lock()

    def edit(case: dict, who: str) -> None:
        with _client(live_server, registrar) as c:
            r = c.put(f"/api/v1/cases/{case['id']}", json=_case_edit(case, f"Edited by {who}", 1))
        with lock:
            answers[case["id"]].append(r.status_code)

    _run_together([lambda k=k, w=w: edit(k, w) for k in cases for w in ("anna", "bruno")])
    assert all(sorted(codes) == [200, 409] for codes in answers.values()), answers
    with platform.sessions() as s:
        updates = s.scalars(select(AuditEntry).where(AuditEntry.action == "case.update")).all()
    assert Counter(e.entity_id for e in updates) == {str(case["id"]): 1 for case in cases}


def test_consultations_meetings_library_and_training_written_at_once(platform, live_server) -> None:  # noqa: ANN001
    customs = add_organisation(platform, "Dogana di Genova", "customs")
    experts = add_organisation(platform, "Musee du Bardo", "museum", country="TN")
    ministry = add_organisation(platform, "Ministero della Cultura", "national_authority")
    museum = add_organisation(platform, "Museo Egizio", "museum")
    officer = add_member(platform, "officer", customs, ["analyst"])
    admin = add_member(platform, "bardo_admin", experts, ["org_admin"])
    platform.consultations.declare_expertise(actor(platform, admin), ExpertiseIn(fields=["archaeology"]))
    convener = add_member(platform, "secretary", ministry, ["registrar"])
    registrar = add_member(platform, "registrar", museum, ["registrar"])
    starts = datetime.now(UTC) + timedelta(days=10)
    seats, asking = 3, 8
    with _client(live_server, officer) as c:
        consultations = [c.post("/api/v1/consultations", json=LAMP).json()["id"] for _ in range(4)]
    with _client(live_server, convener) as c:
        meeting = {"title": "Working group", "starts_at": starts.isoformat()}
        meetings = [c.post("/api/v1/meetings", json=meeting).json()["id"] for _ in range(4)]
    with _client(live_server, registrar) as c:
        event = {
            "kind": "workshop", "title": "Workshop on provenance", "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=6)).isoformat(), "place": "Torino", "seats": seats,
            "country": "IT",
        }  # fmt: skip
        event_id = c.post("/api/v1/training/events", json=event).json()["id"]
    path = f"/api/v1/training/events/{event_id}"
    with _client(live_server, officer) as c:
        asked = [{"name": f"Officer {i}", "email": f"o{i}@dogana.it"} for i in range(asking)]
        registrations = [c.post(f"{path}/registrations", json=body).json()["id"] for body in asked]
    tally = Tally()

    def consult(i: int) -> None:
        thread = f"/api/v1/consultations/{consultations[i % 4]}"
        with _client(live_server, officer) as c:
            files = {"file": ("report.txt", b"measurements", "text/plain")}
            body = {"body": f"more measurements {i}"}
            tally("message", c.post(f"{thread}/messages", data=body, files=files))
            tally("read", c.get(thread))

    def convene(i: int) -> None:
        meeting = f"/api/v1/meetings/{meetings[i % 4]}"
        with _client(live_server, convener) as c:
            tally("agenda", c.post(f"{meeting}/agenda", json={"title": f"Item {i}"}))
            files = {"file": ("minutes.txt", b"draft minutes", "text/plain")}
            tally("document", c.post(f"{meeting}/documents", data={"title": f"Doc {i}"}, files=files))
            tally("read", c.get(meeting))

    def publish(i: int) -> None:
        document = {"kind": "guidance", "first": {"language": "en", "title": f"Guide {i}", "body": "Check."}}
        files = {"file": ("guide.txt", b"check the provenance", "text/plain")}
        with _client(live_server, registrar) as c:
            tally("publish", c.post("/api/v1/library", data={"document": json.dumps(document)}, files=files))
            tally("read", c.get("/api/v1/library"))

    def decide(registration: int) -> None:
        with _client(live_server, registrar) as c:
            r = c.post(f"{path}/registrations/{registration}/decision", json={"approve": True})
            tally("approve", r)

    jobs = [lambda i=i: consult(i) for i in range(WRITERS)]
    jobs += [lambda i=i: convene(i) for i in range(WRITERS)]
    jobs += [lambda i=i: publish(i) for i in range(WRITERS // 2)]
    jobs += [lambda r=r: decide(r) for r in registrations]
    _run_together(jobs)
    assert tally.codes == {
        ("message", 201): WRITERS,
        ("agenda", 201): WRITERS,
        ("document", 201): WRITERS,
        ("publish", 201): WRITERS // 2,
        ("read", 200): 2 * WRITERS + WRITERS // 2,
        ("approve", 200): seats,  # never more approved than seats, whichever store
        ("approve", 409): asking - seats,
    }, tally.codes


def test_a_meeting_is_either_cancelled_or_held_never_both(platform, live_server) -> None:  # noqa: ANN001
    ministry = add_organisation(platform, "Ministero della Cultura", "national_authority")
    convener = add_member(platform, "secretary", ministry, ["registrar"])
    starts = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    with _client(live_server, convener) as c:
        meetings = [
            c.post("/api/v1/meetings", json={"title": "Board", "starts_at": starts}).json()["id"]
            for _ in range(6)
        ]
    answers: dict[int, dict[str, int]] = {m: {} for m in meetings}
    lock = threading.Lock()

    def act(meeting: int, what: str) -> None:
        with _client(live_server, convener) as c:
            if what == "cancel":
                r = c.post(f"/api/v1/meetings/{meeting}/cancel")
            else:
                r = c.put(f"/api/v1/meetings/{meeting}/minutes", json={"minutes": "The board met."})
        with lock:
            answers[meeting][what] = r.status_code

    _run_together([lambda m=m, w=w: act(m, w) for m in meetings for w in ("cancel", "minutes")])
    assert all(sorted(codes.values()) == [200, 409] for codes in answers.values()), answers
    with _client(live_server, convener) as c:
        for meeting, codes in answers.items():
            status = c.get(f"/api/v1/meetings/{meeting}").json()["status"]
            assert status == ("cancelled" if codes["cancel"] == 200 else "held"), (meeting, codes, status)

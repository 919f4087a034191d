"""Several people at once, over HTTP against a real server, on SQLite and on PostgreSQL: readers of
audited (law-enforcement) records beside editors of other records lose nothing and are refused
nothing; two edits of the same version: one wins, the other is told 409, never both 200, never 503."""

from __future__ import annotations

import json
import threading
from collections import Counter

import httpx
from sqlalchemy import select

from heritrace.audit.models import AuditEntry
from tests.conftest import add_member, stored_id

READERS = 10
EDITORS = 10


def _record(external_id: str, classification: str = "public") -> dict:
    return {
        "id": external_id,
        "type_of_object": "icon",
        "title": f"Icon {external_id}",
        "country": "Italy",
        "status": "stolen",
        "classification": classification,
    }


def _edit(external_id: str, title: str, version: int) -> dict:
    body = {k: v for k, v in _record(external_id).items() if k not in ("id", "status")}
    return {**body, "title": title, "version": version}


def _run_together(jobs: list) -> None:  # noqa: ANN001
    """Start every job on its own thread behind one barrier, so that they really overlap."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def wrap(job) -> None:  # noqa: ANN001
        try:
            barrier.wait(timeout=30)
            job()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=wrap, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors


def test_readers_of_audited_records_and_editors_of_others_are_all_served(
    platform, registrar, live_server
) -> None:  # noqa: ANN001
    reader = add_member(platform, "inspector", registrar.organisation_id, ["registrar"])
    with httpx.Client(base_url=live_server, headers=registrar.headers, timeout=60) as c:
        for i in range(READERS):
            assert c.post("/api/v1/objects", json=_record(f"LE-{i}", "law_enforcement")).status_code == 201
        for i in range(EDITORS):
            assert c.post("/api/v1/objects", json=_record(f"ED-{i}")).status_code == 201
    statuses: Counter = Counter()
    lock = threading.Lock()
    reads_per_reader, edits_per_editor = 6, 3

    def read(i: int) -> None:
        with httpx.Client(base_url=live_server, headers=reader.headers, timeout=120) as c:
            for n in range(reads_per_reader):
                r = c.get(f"/api/v1/objects/LE-{(i + n) % READERS}")
                with lock:
                    statuses[("read", r.status_code)] += 1

    def edit(i: int) -> None:
        with httpx.Client(base_url=live_server, headers=registrar.headers, timeout=120) as c:
            for n in range(edits_per_editor):
                body = _edit(f"ED-{i}", f"Edited {n}", n + 1)
                r = c.put(f"/api/v1/objects/ED-{i}", json=body)
                with lock:
                    statuses[("edit", r.status_code)] += 1

    jobs = [lambda i=i: read(i) for i in range(READERS)] + [lambda i=i: edit(i) for i in range(EDITORS)]
    _run_together(jobs)
    assert statuses == {
        ("read", 200): READERS * reads_per_reader,
        ("edit", 200): EDITORS * edits_per_editor,
    }, statuses
    with platform.sessions() as s:
        actions = Counter(s.scalars(select(AuditEntry.action).where(AuditEntry.user_id == reader.user_id)))
        assert actions["read"] == READERS * reads_per_reader  # every audited read was recorded
        versions = [
            json.loads(e.after)["version"]
            for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "update"))
        ]
    assert sorted(Counter(versions).values()) == [EDITORS] * edits_per_editor


def test_two_edits_of_the_same_version_one_wins_one_is_told(platform, registrar, live_server) -> None:  # noqa: ANN001
    pairs = 6
    with httpx.Client(base_url=live_server, headers=registrar.headers, timeout=60) as c:
        for i in range(pairs):
            assert c.post("/api/v1/objects", json=_record(f"SAME-{i}")).status_code == 201
    answers: dict[int, list[int]] = {i: [] for i in range(pairs)}
    lock = threading.Lock()

    def edit(i: int, who: str) -> None:
        body = _edit(f"SAME-{i}", f"Edited by {who}", 1)
        with httpx.Client(base_url=live_server, headers=registrar.headers, timeout=120) as c:
            r = c.put(f"/api/v1/objects/SAME-{i}", json=body)
        with lock:
            answers[i].append(r.status_code)

    _run_together([lambda i=i, w=w: edit(i, w) for i in range(pairs) for w in ("anna", "bruno")])
    assert all(sorted(codes) == [200, 409] for codes in answers.values()), answers
    with platform.sessions() as s:
        updates = s.scalars(select(AuditEntry).where(AuditEntry.action == "update")).all()
    per_object = Counter(e.entity_id for e in updates)
    # never two "1 -> 2" updates (the audit names each record by its stored id)
    assert per_object == {
        stored_id(platform, registrar.organisation_id, f"SAME-{i}"): 1 for i in range(pairs)
    }
    assert all(json.loads(e.before)["version"] == 1 and json.loads(e.after)["version"] == 2 for e in updates)

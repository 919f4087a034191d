"""Time and SQL statements of one record's page (``GET /objects/{id}``, HTML) and API answer
(``GET /api/v1/objects/{id}``), on a register of rich records.

usage: python benchmarks/record_page.py [--records 2000] [--rounds 200] [--database-url URL]

Each record has 5 materials, 6 incidents, 12 identifiers, 8 photos, 30 status changes and 4 shares,
written straight to the tables; pages are asked for through the real app (in-process), as the records'
own registrar, round-robin over the records. Prints the statements per page, p50 / p95 wall ms and the
median CPU ms of this process (app and client; PostgreSQL's own work is not in it), steadier than
wall time on a loaded machine.
``--database-url`` names an empty PostgreSQL database made for the run.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import event, insert
from sqlalchemy.engine import Engine

from heritrace.accounts.schemas import TokenIn, UserIn
from heritrace.accounts.service import actor_of
from heritrace.app import create_app
from heritrace.audit.service import AuditLog
from heritrace.core.actor import SYSTEM
from heritrace.core.settings import Settings
from heritrace.objects.models import (
    CulturalObject,
    Identifier,
    Incident,
    ObjectImage,
    ObjectMaterial,
    ObjectShare,
    StatusChange,
)
from heritrace.partners.schemas import OrganisationIn
from heritrace.platform import Heritrace

MATERIALS = ["bronze", "gold", "silver", "marble", "oil-paint"]


def fill(platform: Heritrace, records: int) -> tuple[str, list[str]]:
    orgs = [
        platform.partners.create(SYSTEM, OrganisationIn(name=f"Museum {n}", kind="museum", country="IT")).id
        for n in range(5)
    ]
    user, _ = platform.accounts.create_user(
        SYSTEM,
        UserIn(
            username="bench",
            display_name="Bench",
            organisation_id=orgs[0],
            roles=["registrar"],
            password="bench-password-long-enough",
        ),
    )
    from heritrace.accounts.models import User
    from heritrace.partners.models import Organisation

    with platform.sessions() as s:
        actor = actor_of(s.get(User, user.id), s.get(Organisation, orgs[0]))
    token, _ = platform.accounts.create_token(actor, TokenIn(name="bench", scopes=["read"]))
    ids = [f"RICH-{n:06d}" for n in range(records)]
    with platform.sessions.begin() as s:
        for n, external_id in enumerate(ids):
            text = f"Bronze lamp {n} with a long description of its decoration. " * 20
            obj = CulturalObject(
                external_id=external_id,
                organisation_id=orgs[0],
                status="stolen",
                classification="public",
                title=f"Bronze lamp {n}",
                type_text="lamp",
                maker="Unknown workshop",
                date_text="2nd century",
                description=text,
                search_text=text.lower() * 3,
                country="IT",
            )
            s.add(obj)
            s.flush()
            oid = obj.id
            s.execute(insert(ObjectMaterial), [{"object_id": oid, "concept_id": m} for m in MATERIALS])
            s.execute(
                insert(Incident),
                [
                    {
                        "object_id": oid,
                        "type": "theft",
                        "date_text": str(1990 + k),
                        "place": "museum",
                        "circumstances": "taken at night " * 10,
                    }
                    for k in range(6)
                ],  # fmt: skip
            )
            s.execute(
                insert(Identifier),
                [{"object_id": oid, "scheme": f"inv{k}", "value": f"{n}-{k}"} for k in range(12)],
            )
            s.execute(
                insert(ObjectImage),
                [
                    {
                        "object_id": oid,
                        "sha256": f"{n:032d}{k:032d}",
                        "mime": "image/jpeg",
                        "width": 800,
                        "height": 600,
                        "size_bytes": 1000,
                        "position": k,
                        "publishable": True,
                    }
                    for k in range(8)
                ],  # fmt: skip
            )
            s.execute(
                insert(StatusChange),
                [
                    {
                        "object_id": oid,
                        "status": "stolen",
                        "previous_status": "missing",
                        "changed_by": "bench",
                        "reason": f"change {k}",
                    }
                    for k in range(30)
                ],  # fmt: skip
            )
            s.execute(insert(ObjectShare), [{"object_id": oid, "organisation_id": o} for o in orgs[1:]])
        AuditLog(s).record(SYSTEM, "import", "object", "benchmark", after={"records": records})
    return token, ids


def measure(client: TestClient, paths: list[str], rounds: int, headers: dict) -> tuple[float, ...]:
    statements = [0]

    def count(*_args) -> None:  # noqa: ANN002
        statements[0] += 1

    event.listen(Engine, "before_cursor_execute", count)
    samples, cpu = [], []
    try:
        for n in range(rounds):
            t, c = time.perf_counter(), time.process_time()
            answer = client.get(paths[n % len(paths)], headers=headers)
            samples.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            assert answer.status_code == 200, answer.text[:200]
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    p95 = statistics.quantiles(samples, n=20)[18]
    return statements[0] / rounds, statistics.median(samples), p95, statistics.median(cpu)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--database-url", default=None)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="heritrace-record-page-"))
    platform = Heritrace(Settings(data_dir=work, database_url=args.database_url, page_cache_entries=0))
    token, ids = fill(platform, args.records)
    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(platform=platform)) as client:
        for name, prefix, headers in (
            ("HTML page", "/objects/", {**auth, "Accept": "text/html"}),
            ("API", "/api/v1/objects/", auth),
        ):
            paths = [prefix + i for i in ids]
            measure(client, paths, 20, headers)  # warm up
            per_page, p50, p95, cpu = measure(client, paths, args.rounds, headers)
            print(
                f"{name}: {per_page:.1f} statements per page, p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
                f"this process's CPU p50 {cpu:.1f} ms"
            )
    platform.close()


if __name__ == "__main__":
    main()

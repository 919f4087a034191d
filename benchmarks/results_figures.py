"""The cost of the results figures over a busy register: how long ``ResultsService.figures`` takes
(the year's totals, the run of five years, the breakdowns by country and organisation type).

Usage: python benchmarks/results_figures.py [--objects 50000] [--checks 50000] [--alerts 5000]
                                            [--meetings 300] [--organisations 100] [--postgres URL]
Builds synthetic rows spread over five years: one status change per register record (a quarter of
them recoveries or seizures), due-diligence checks, alerts, meetings with five actions each; then
times the figures as the public and as a partner, for all partners and narrowed to one country.
Reports the median of 5 runs in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from heritrace.alerts.models import Alert  # noqa: E402
from heritrace.core.actor import ANONYMOUS, SYSTEM  # noqa: E402
from heritrace.core.settings import Settings  # noqa: E402
from heritrace.diligence.models import DiligenceCheck  # noqa: E402
from heritrace.meetings.models import ActionItem, Meeting  # noqa: E402
from heritrace.objects.models import CulturalObject, StatusChange  # noqa: E402
from heritrace.partners.models import Organisation  # noqa: E402
from heritrace.platform import Heritrace  # noqa: E402

KINDS = ["museum", "police", "customs", "national_authority", "research", "market"]
COUNTRIES = ["IT", "FR", "DE", "UA", "GR", "ES", "PL", "RO", "NL", "BE", "AT", "PT", "CZ", "HU", "BG"]
YEAR = date.today().year


def _moment(rng: random.Random) -> datetime:
    return datetime(YEAR - 4, 1, 1) + timedelta(seconds=rng.randint(0, 5 * 365 * 86400 - 1))


def build(platform: Heritrace, args: argparse.Namespace, seed: int = 7) -> None:
    rng = random.Random(seed)
    orgs = [
        {"id": n, "name": f"Org {n}", "id_prefix": f"O{n}", "kind": rng.choice(KINDS),
         "country": rng.choice(COUNTRIES), "vetting": "vetted"}
        for n in range(1, args.organisations + 1)
    ]  # fmt: skip
    objects, changes = [], []
    for n in range(1, args.objects + 1):
        objects.append({"id": n, "external_id": f"R-{n:07d}", "organisation_id": rng.randint(1, len(orgs)),
                        "status": "stolen", "title": f"object {n}"})  # fmt: skip
        status = rng.choice(["recovered", "seized", "stolen", "stolen"])
        changes.append({"object_id": n, "status": status, "previous_status": "stolen",
                        "changed_at": _moment(rng), "changed_by": "bench"})  # fmt: skip
    checks = [
        {"id": f"C{n:09d}", "created_at": _moment(rng), "actor_name": "bench",
         "organisation_id": rng.randint(1, len(orgs)), "verdict": rng.choice(["none", "none", "possible"]),
         "query_json": "{}", "result_json": "[]", "coverage_json": "{}"}
        for n in range(args.checks)
    ]  # fmt: skip
    alerts = [
        {"created_at": _moment(rng), "type": "theft_or_loss", "title": f"alert {n}", "sender_name": "bench",
         "organisation_id": rng.randint(1, len(orgs))}
        for n in range(args.alerts)
    ]  # fmt: skip
    meetings, actions = [], []
    for n in range(1, args.meetings + 1):
        start = _moment(rng)
        org = rng.randint(1, len(orgs))
        end = start + timedelta(hours=2)
        meetings.append(
            {"id": n, "title": f"meeting {n}", "starts_at": start, "ends_at": end, "organisation_id": org,
             "status": "held", "created_by": "bench"}
        )  # fmt: skip
        for _ in range(5):
            done = rng.random() < 0.5
            owner = rng.randint(1, len(orgs))
            actions.append(
                {"meeting_id": n, "title": "act", "owner_organisation_id": owner, "created_by": "bench",
                 "status": "done" if done else "open",
                 "completed_at": start + timedelta(days=30) if done else None}
            )  # fmt: skip
    with platform.engine.begin() as conn:
        conn.execute(insert(Organisation.__table__), orgs)
        for table, rows in ((CulturalObject, objects), (StatusChange, changes), (DiligenceCheck, checks),
                            (Alert, alerts), (Meeting, meetings), (ActionItem, actions)):  # fmt: skip
            for i in range(0, len(rows), 5000):
                conn.execute(insert(table.__table__), rows[i : i + 5000])
    with platform.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def timed(fn, repeats: int = 5) -> float:  # noqa: ANN001
    fn()  # warm
    samples = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--objects", type=int, default=50_000)
    parser.add_argument("--checks", type=int, default=50_000)
    parser.add_argument("--alerts", type=int, default=5_000)
    parser.add_argument("--meetings", type=int, default=300)
    parser.add_argument("--organisations", type=int, default=100)
    parser.add_argument("--postgres", default=None, help="an empty PostgreSQL database URL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        platform = Heritrace(Settings(mode="test", data_dir=Path(tmp), database_url=args.postgres))
        t = time.perf_counter()
        build(platform, args)
        print(f"built in {time.perf_counter() - t:.1f} s on {platform.engine.url.get_backend_name()}: "
              f"{args.objects:,} records and status changes, {args.checks:,} checks, {args.alerts:,} alerts, "
              f"{args.meetings:,} meetings, {args.organisations} organisations")  # fmt: skip
        f = platform.results.figures(SYSTEM, YEAR)
        print("this year:", {k: f[k] for k in ("recoveries", "seizures", "due_diligence_checks", "alerts",
                                                "meetings", "actions_done")})  # fmt: skip
        for label, fn in (
            ("public, all partners", lambda: platform.results.figures(ANONYMOUS, YEAR)),
            ("partner, all partners", lambda: platform.results.figures(SYSTEM, YEAR)),
            ("public, one country", lambda: platform.results.figures(ANONYMOUS, YEAR, "IT")),
        ):
            print(f"{label:24} median {timed(fn):8.1f} ms")
        platform.close()


if __name__ == "__main__":
    main()

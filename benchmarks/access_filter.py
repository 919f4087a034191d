"""The permission filter's cost: list and full-text search with vs without ``restrict``.

Usage: python benchmarks/access_filter.py [--objects 100000] [--organisations 50] [--postgres URL]
Builds a register of synthetic records spread over the organisations and the four classifications
(with some restricted records shared), then times, for several actors, the list query (count + first
page, as ``ObjectService.list`` runs it) and a full-text search, each filtered by ``restrict`` and
unfiltered. Reports medians and the filtered/unfiltered ratio (target: <= 1.3).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from heritrace.core.actor import Actor  # noqa: E402
from heritrace.core.settings import Settings  # noqa: E402
from heritrace.core.text import fold  # noqa: E402
from heritrace.db import fulltext
from heritrace.objects.models import CulturalObject, ObjectShare  # noqa: E402
from heritrace.objects.service import ObjectFilters  # noqa: E402
from heritrace.platform import Heritrace  # noqa: E402

WORDS = (
    "icon saint nicholas madonna child landscape river portrait gentleman amphora bronze coin silver "
    "chalice tapestry violin manuscript vase clock seascape harbour winter church battle shepherd"
).split()
CLASSES = ["public"] * 14 + ["partners"] * 3 + ["law_enforcement"] * 2 + ["restricted"]


def build(platform: Heritrace, objects: int, organisations: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    rows, shares = [], []
    for n in range(1, objects + 1):
        title = " ".join(rng.sample(WORDS, 3)) + f" {n}"
        cls = rng.choice(CLASSES)
        rows.append(
            {
                "id": n,
                "external_id": f"B-{n:07d}",
                "classification": cls,
                "organisation_id": rng.randint(1, organisations),
                "status": "stolen",
                "title": title,
                "search_text": fold(title),
                "content_hash": "",
            }
        )
        if cls == "restricted":
            shares += [
                {"object_id": n, "organisation_id": o} for o in rng.sample(range(1, organisations + 1), 2)
            ]
    with platform.engine.begin() as conn:
        for i in range(0, len(rows), 5000):
            conn.execute(insert(CulturalObject.__table__), rows[i : i + 5000])
        conn.execute(insert(ObjectShare.__table__), shares)
        fulltext.rebuild(conn)
    with platform.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def list_query(platform: Heritrace, actor: Actor, filters: ObjectFilters) -> None:
    """One register page exactly as the API and the web list run it (count + first page)."""
    platform.objects.list(actor, filters, page=1, per_page=50)


def paired(plain_fn, filtered_fn, repeats: int) -> tuple[float, float]:  # noqa: ANN001
    """Medians of the two queries measured alternately, so that both see the same machine state."""
    plain_fn(), filtered_fn()  # warm the caches
    plain, filtered = [], []
    for _ in range(repeats):
        for fn, samples in ((plain_fn, plain), (filtered_fn, filtered)):
            t0 = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t0)
    return statistics.median(plain), statistics.median(filtered)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--objects", type=int, default=100_000)
    ap.add_argument("--organisations", type=int, default=50)
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--postgres", help="an empty PostgreSQL database URL (default: SQLite in a temp dir)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        platform = Heritrace(Settings(mode="test", data_dir=Path(tmp), database_url=args.postgres))
        t0 = time.perf_counter()
        build(platform, args.objects, args.organisations)
        dialect = platform.engine.dialect.name
        print(
            f"{dialect}: {args.objects:,} objects, {args.organisations} organisations, "
            f"built in {time.perf_counter() - t0:.1f} s"
        )
        actors = {
            "anonymous": Actor(name="anonymous"),
            "market user (vetted)": Actor(
                name="m", user_id=1, organisation_id=7, roles=frozenset({"market_user"}), vetted=True
            ),
            "investigator (police)": Actor(
                name="p",
                user_id=2,
                organisation_id=9,
                roles=frozenset({"investigator"}),
                vetted=True,
                law_enforcement=True,
            ),
            "registrar (with shares)": Actor(
                name="r", user_id=3, organisation_id=11, roles=frozenset({"registrar"}), vetted=True
            ),
        }
        unfiltered = Actor(name="operator", roles=frozenset({"platform_admin"}))  # restrict() is a no-op
        worst = 0.0
        print(f"{'actor':<26} {'query':<8} {'unfiltered ms':>14} {'filtered ms':>12} {'ratio':>6}")
        for name, actor in actors.items():
            for label, filters in (("list", ObjectFilters()), ("search", ObjectFilters(q="saint nich"))):
                plain, filtered = paired(
                    lambda f=filters: list_query(platform, unfiltered, f),
                    lambda f=filters, a=actor: list_query(platform, a, f),
                    args.repeats,
                )
                worst = max(worst, filtered / plain)
                print(
                    f"{name:<26} {label:<8} {plain * 1000:>14.1f} {filtered * 1000:>12.1f} "
                    f"{filtered / plain:>6.2f}"
                )
        print(f"worst ratio {worst:.2f} (target <= 1.3): {'OK' if worst <= 1.3 else 'TOO SLOW'}")
        platform.close()


if __name__ == "__main__":
    main()

"""Import speed and memory, and list / full-text query latency, at register scale.

usage: python benchmarks/register_scale.py [--records 100000] [--database-url URL] [--keep DIR]

Generates a JSON Lines register (Tate records, CC0, cycled with varied ids and incidents, when
`../shared/data/tate/` is present; synthetic records otherwise), imports it with the same code as
`heritrace objects import` in a child process (peak RSS measured there), then times filtered list
and full-text queries through the service layer (p50 / p95 over a fixed query mix).

``--database-url`` names an empty PostgreSQL database made for the run (``createdb heritrace_bench``);
a database that already holds tables is refused, since the import would only update its records.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TATE = REPO.parent / "shared" / "data" / "tate" / "tate_artworks.jsonl.gz"
COUNTRIES = ["GB", "IT", "FR", "DE", "UA", "GR", "ES", "US", "EG", "IQ", "PE", "NL"]
TYPES = {
    "on paper, unique": "drawing",
    "painting": "painting",
    "sculpture": "sculpture",
    "on paper, print": "print",
    "photograph": "photograph",
}


def tate_records():
    while True:
        with gzip.open(TATE, "rt", encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)


def make_register(path: Path, count: int) -> None:
    rng = random.Random(7)
    source = tate_records() if TATE.exists() else None
    with open(path, "w", encoding="utf-8") as fh:
        for n in range(count):
            t = next(source) if source else {}
            rec = {
                "id": f"BENCH-{n:07d}",
                "type_of_object": TYPES.get(t.get("classification"), "painting"),
                "title": t.get("title") or f"Untitled {n}",
                "maker": t.get("artists"),
                "date_or_period": t.get("date"),
                "materials_techniques": t.get("medium"),
                "measurements": t.get("dimensions"),
                "subject": ", ".join((t.get("subjects") or [])[-6:]),
                "inscriptions_markings": t.get("inscription"),
                "country": rng.choice(COUNTRIES),
                "status": rng.choice(["stolen", "missing", "looted"]),
                "incident": {
                    "type": rng.choice(["theft", "looting", "disappearance"]),
                    "date": str(rng.randint(1990, 2024)),
                    "place": "museum",
                },
            }
            fh.write(json.dumps({k: v for k, v in rec.items() if v}, ensure_ascii=False) + "\n")


IMPORT_CHILD = """
import json, resource, sys, time
from pathlib import Path
from heritrace.core.actor import SYSTEM
from heritrace.core.settings import Settings
from heritrace.objects.transfer import RegisterImporter, import_workers
from heritrace.platform import Heritrace
settings = Settings(data_dir=Path(sys.argv[1]), database_url=sys.argv[3] or None)
p = Heritrace(settings)
t = time.perf_counter()
workers = int(sys.argv[4]) if sys.argv[4] else import_workers(sum(1 for _ in open(sys.argv[2])))
report = RegisterImporter(p.sessions, p.images, SYSTEM, workers=workers).run(Path(sys.argv[2]))
elapsed = time.perf_counter() - t
print(json.dumps({"workers": workers, "seconds": elapsed, "inserted": report.inserted,
                  "rejected": len(report.rejected),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def run_import(data_dir: Path, register: Path, url: str | None, workers: int | None = None) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            IMPORT_CHILD,
            str(data_dir),
            str(register),
            url or "",
            "" if workers is None else str(workers),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


QUERIES = [
    {},
    {"country": "IT"},
    {"type": "painting"},
    {"type": "print", "country": "FR"},
    {"status": "looted", "period_from": 1800, "period_to": 1850},
    {"material": "oil-paint"},
    {"maker": "turner"},
    {"q": "landscape"},
    {"q": "river thames"},
    {"q": "portr"},
    {"q": "venice"},
    {"q": "sea", "type": "painting"},
    {"q": "the"},
    {"q": "study for"},
    {"q": "église"},
]


def time_queries(data_dir: Path, url: str | None, rounds: int = 20) -> dict:
    from heritrace.core.actor import SYSTEM
    from heritrace.core.settings import Settings
    from heritrace.objects.service import ObjectFilters
    from heritrace.platform import Heritrace

    p = Heritrace(Settings(data_dir=data_dir, database_url=url))
    samples: dict[str, list[float]] = {"list": [], "full_text": []}
    for _ in range(rounds):
        for q in QUERIES:
            t = time.perf_counter()
            p.objects.list(SYSTEM, ObjectFilters(**q), page=1, per_page=50)
            samples["full_text" if "q" in q else "list"].append((time.perf_counter() - t) * 1000)
    return {
        k: {
            "p50_ms": round(statistics.median(v), 1),
            "p95_ms": round(statistics.quantiles(v, n=20)[18], 1),
            "n": len(v),
        }
        for k, v in samples.items()
    }


def _require_empty(url: str) -> None:
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        tables = inspect(engine).get_table_names()
    finally:
        engine.dispose()
    if tables:
        sys.exit(f"{url} already holds {len(tables)} tables: give an empty database made for the benchmark")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--database-url", default=None)
    ap.add_argument("--keep", type=Path, default=None)
    ap.add_argument("--workers", type=int, default=None, help="describing processes (default: as the CLI)")
    ap.add_argument("--import-only", action="store_true", help="skip the query timings")
    args = ap.parse_args()
    if args.database_url:
        _require_empty(args.database_url)
    work = args.keep or Path(tempfile.mkdtemp(prefix="heritrace-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    register = work / "register.jsonl"
    if not register.exists():
        make_register(register, args.records)
    result = run_import(work / "data", register, args.database_url, args.workers)
    rate = result["inserted"] / result["seconds"]
    print(
        f"import: {result['inserted']} records in {result['seconds']:.1f} s = {rate:,.0f} records/s, "
        f"{result['workers']} describing worker(s); peak RSS {result['peak_rss_mb']:.0f} MB importer + "
        f"{result['worker_peak_rss_mb']:.0f} MB largest worker, rejected {result['rejected']}"
    )
    if not args.import_only:
        print("queries:", json.dumps(time_queries(work / "data", args.database_url)))


if __name__ == "__main__":
    main()

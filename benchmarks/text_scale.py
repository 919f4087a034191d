"""Screening speed against a 100,000-record register (text-dev register + Tate records).

Usage: python benchmarks/text_scale.py [--records 100000] [--workers 2] [--rounds 2]
       [--database-url URL [--reuse]]
The register is the text-dev register, then Tate artworks not already in it, then (if still
short) synthetic records mixing the title, maker and facts of three Tate artworks.
Reports build time, peak memory, listings/s (1 process and --workers processes; by the wall
clock and per busy core, from the CPU time of the process and its workers) and the text-dev
metrics against the larger register.

With ``--database-url`` the register goes through the store as in production: it is imported into
that database (empty, made for the benchmark) with the code of ``heritrace objects import``, and the
engine is built from the database by the screening service, as ``heritrace screen`` and the API
build it. ``--reuse`` screens against a database an earlier run of this command filled (importing
1,000,000 records takes minutes); it checks that the database holds the same number of records.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

from text_common import TATE, MatchEngine, Query, RegisterRecord, load_dev, require, score, screen

from heritrace.matching.lexicon import concepts_of


def tate_record(row: dict, object_id: str) -> RegisterRecord:
    """A Tate artwork in register form (type guessed from its medium)."""
    types = sorted(concepts_of(row.get("medium") or "", "t:"))
    return RegisterRecord(
        object_id=object_id,
        type_of_object=types[0][2:] if types else None,
        title=row.get("title"),
        maker=row.get("artists"),
        date_or_period=row.get("date"),
        materials_techniques=row.get("medium"),
        measurements=row.get("dimensions"),
        inscriptions_markings=row.get("inscription"),
        subject="; ".join((row.get("subjects") or [])[-6:]) or None,
        country="GB",
    )


def tate_rows() -> Iterator[dict]:
    """Tate artwork rows from the gzipped JSON lines."""
    with gzip.open(require(TATE), "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def big_register(base: list[RegisterRecord], target: int, left_out: set[str]) -> list[RegisterRecord]:
    """The dev register padded with Tate records (then mixed synthetic ones) up to ``target``.

    ``left_out`` are the records the negative listings were written from: they stay out, or
    those listings would become positives.
    """
    records, seen = list(base), {r.object_id for r in base} | left_out
    rows = list(tate_rows())
    for row in rows:
        object_id = f"TATE-{row.get('acno')}"
        if object_id not in seen and len(records) < target:
            records.append(tate_record(row, object_id))
            seen.add(object_id)
    rng, copy = random.Random(1), 0
    while len(records) < target:
        # distinct distractors: title, maker and facts drawn from three different artworks
        row = dict(rng.choice(rows))
        row["title"] = rng.choice(rows).get("title")
        row["artists"] = rng.choice(rows).get("artists")
        records.append(tate_record(row, f"SYN-{copy:06d}"))
        copy += 1
    return records


def import_register(records: list[RegisterRecord], url: str) -> None:
    """The register imported into ``url`` by the import code, in a child process (as the CLI)."""
    from register_scale import _require_empty, run_import

    _require_empty(url)
    work = Path(tempfile.mkdtemp(prefix="heritrace-text-scale-"))
    path = work / "register.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            fields = {k: v for k, v in asdict(record).items() if v and k != "object_id"}
            line = {"id": record.object_id, "status": "stolen", **fields}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    result = run_import(work / "data", path, url)
    print(
        f"import: {result['inserted']:,} records in {result['seconds']:.1f} s = "
        f"{result['inserted'] / result['seconds']:,.0f} records/s, rejected {result['rejected']}",
        flush=True,
    )


def engine_from_store(url: str, expected: int) -> MatchEngine:
    """The engine as the platform builds it: the screening service reading the register."""
    from heritrace.core.settings import Settings
    from heritrace.platform import Heritrace

    data_dir = Path(tempfile.mkdtemp(prefix="heritrace-text-scale-"))
    platform = Heritrace(Settings(data_dir=data_dir, database_url=url))
    engine = platform.matcher.engine()
    if len(engine) < expected * 0.99:
        sys.exit(f"{url} holds {len(engine):,} records, not this register's {expected:,}: import it again")
    return engine


def cpu_seconds() -> float:
    """CPU time of this process and its finished workers: on a shared machine the wall clock
    mostly measures the other users."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def main() -> None:
    """Build the large register, screen the dev listings, print timings and metrics."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="times the 600 listings are screened")
    parser.add_argument("--database-url", default=None, help="an empty database made for the benchmark")
    parser.add_argument("--reuse", action="store_true", help="the database an earlier run filled")
    args = parser.parse_args()

    base, listings, truth, details = load_dev()
    left_out = {row["derived_from"] for row in details.values() if row["expected"] == "-"}
    records = big_register(base, args.records, left_out)
    if args.database_url and not args.reuse:
        import_register(records, args.database_url)
    count = len(records)
    if args.database_url:
        del records  # the engine is built from the database, not from this list
    started = time.perf_counter()
    engine = engine_from_store(args.database_url, count) if args.database_url else MatchEngine.build(records)
    build_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    where = "from the database" if args.database_url else "in memory"
    print(f"register {len(engine)} records, built {where} in {build_s:.1f} s, peak RSS {peak_mb:.0f} MB")
    queries = listings * args.rounds
    for workers in sorted({1, args.workers}):
        started, cpu = time.perf_counter(), cpu_seconds()
        predictions = screen(engine, queries, workers)
        elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        rate = len(queries) / elapsed
        print(
            f"{workers} process(es): {len(queries)} listings in {elapsed:.1f} s = {rate:.0f}/s; "
            f"{cpu:.1f} CPU s = {len(queries) / cpu:.0f}/s per busy core"
        )
    latencies = []
    for listing in listings:
        started = time.perf_counter()
        engine.match(Query.from_listing(listing))
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    p50, p95 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.95)]
    print(f"single query latency over {len(latencies)} listings: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    figures = score(predictions[: len(listings)], truth)
    print("metrics against the large register:", json.dumps({k: round(v, 3) for k, v in figures.items()}))


if __name__ == "__main__":
    main()

"""Screening speed against a 100,000-record register (text-dev register + Tate records).

Usage: python benchmarks/text_scale.py [--records 100000] [--workers 2] [--rounds 2]
The register is the text-dev register, then Tate artworks not already in it, then (if still
short) synthetic records mixing the title, maker and facts of three Tate artworks.
Reports build time, peak memory, listings/s (1 process and --workers processes; by the wall
clock and per busy core, from the CPU time of the process and its workers) and the text-dev
metrics against the larger register.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import time
from collections.abc import Iterator

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
    args = parser.parse_args()

    base, listings, truth, details = load_dev()
    left_out = {row["derived_from"] for row in details.values() if row["expected"] == "-"}
    records = big_register(base, args.records, left_out)
    started = time.perf_counter()
    engine = MatchEngine.build(records)
    build_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"register {len(engine)} records, built in {build_s:.1f} s, peak RSS {peak_mb:.0f} MB")
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

"""Memory of the photo index across several web processes: read into each process, or mapped once.

usage: python benchmarks/photo_shared_index.py [--photos 15000] [--processes 3]

An index of `--photos` register photos (256 shortlist descriptors each, random unit vectors: the
memory does not depend on their values) is written in the photo index's layout. Then `--processes`
processes open it at the same time, first privately (as a process that indexes photos does), then
shared (`PhotoIndex.open(..., shared=True)`, as web processes do while workers index), and each runs
shortlist searches. Reported per process, while all are alive: resident set (RSS), proportional set
(PSS: shared pages divided among the processes that map them) and anonymous memory (private copies).
The sum of PSS is what the machine pays for the processes together.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from heritrace.images import PhotoIndex, configure_threads, shortlist  # noqa: E402
from heritrace.images.features import SHORTLIST_KEYPOINTS  # noqa: E402


def memory() -> dict[str, int]:
    """MB of the current process (Linux /proc/self/smaps_rollup)."""
    wanted = {"Rss", "Pss", "Anonymous"}
    out = {}
    for line in open("/proc/self/smaps_rollup"):
        key, value = line.split()[:2]
        if key.rstrip(":") in wanted:
            out[key.rstrip(":")] = int(value) // 1024
    return out


def build(directory: Path, photos: int) -> int:
    rng = np.random.default_rng(0)
    index = PhotoIndex(directory)

    def vectors(n: int) -> np.ndarray:
        v = rng.standard_normal((n, 128)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    index._shortlist = shortlist.new_index(vectors(100_000), photos * SHORTLIST_KEYPOINTS)
    for start in range(0, photos, 1000):
        ids = np.arange(start, min(photos, start + 1000))
        labels = np.repeat(ids, SHORTLIST_KEYPOINTS).astype(np.int64)
        index._shortlist.add_with_ids(vectors(len(labels)), labels)
        index._phashes.update({int(i): int(i) for i in ids})
    index._trained_for = photos
    index.save()
    return int(index._shortlist.ntotal)


def reader(directory: str, shared: bool, ready, go, results) -> None:  # noqa: ANN001
    configure_threads(1)
    index = PhotoIndex.open(directory, shared=shared)
    queries = np.random.default_rng(1).standard_normal((1500, 128)).astype(np.float32)
    started = time.perf_counter()
    for _ in range(5):
        index.shortlist(queries, 12)
    seconds = (time.perf_counter() - started) / 5
    ready.wait()  # every process has its index open and searched: measure while all are alive
    results.put({"shared": shared, "search_s": round(seconds, 3), **memory()})
    go.wait()


def run(directory: Path, processes: int, shared: bool) -> list[dict]:
    ctx = mp.get_context("spawn")
    ready, go, results = ctx.Barrier(processes), ctx.Barrier(processes + 1), ctx.Queue()
    procs = [
        ctx.Process(target=reader, args=(str(directory), shared, ready, go, results))
        for _ in range(processes)
    ]
    for p in procs:
        p.start()
    rows = [results.get(timeout=600) for _ in procs]
    go.wait()
    for p in procs:
        p.join()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=15_000)
    parser.add_argument("--processes", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "photo-index"
        started = time.perf_counter()
        descriptors = build(directory, args.photos)
        size = (directory / "shortlist.faiss").stat().st_size // 2**20
        built = time.perf_counter() - started
        print(f"{args.photos} photos, {descriptors} descriptors, file {size} MB, built in {built:.0f} s")
        for shared in (False, True):
            rows = run(directory, args.processes, shared)
            total = sum(r["Pss"] for r in rows)
            print(f"{'shared (mapped)' if shared else 'private (read)'}: PSS total {total} MB")
            for r in rows:
                memory_mb = f"RSS {r['Rss']} MB, PSS {r['Pss']} MB, anonymous {r['Anonymous']} MB"
                print(f"  {memory_mb}, search {r['search_s']} s")


if __name__ == "__main__":
    main()

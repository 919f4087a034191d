"""Photo identification speed and memory as the register grows (generated distractors).

usage: python benchmarks/photo_scale.py [--sizes 1000 10000] [--keypoints 64 256] [--rounds 1]
       [--base 200] [--queries 30] [DATA_DIR]

1. Indexing speed: `--base` procedural "paintings" are generated and indexed one by one with full
   feature extraction on one thread (photos/s per core).
2. Scale: for each size N, an index of N register photos is assembled from those base photos. Each
   distractor gets the base photo's descriptors with small random perturbations in the shortlist
   index (so the inverted lists fill as with real photos), and its feature file is a hard link to the
   base photo's file (verification cost does not depend on N: only shortlisted photos are read).
   The real development register is added on top when present, and the development query photos
   are identified against it: time per photo (p50, p95) and resident memory are reported.
Extraction is the one step skipped for distractors; its cost is measured in step 1.
`--keypoints K ...` builds each size with K shortlist descriptors a photo (distractors and the
development register alike: the compact shortlist of large registers), one K after the other, and
`--rounds` repeats the sequence, so the counts are compared alternately on the same machine load.
Without it each size gets the count the index itself would choose for that size.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from heritrace.images import (  # noqa: E402
    PhotoIndex,
    configure_threads,
    identify,
    load_image_path,
    shortlist,  # noqa: E402
)
from heritrace.images.features import extract_register, features_to_arrays  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "photo-dev"


def procedural_painting(seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    w, h = int(rng.integers(500, 1024)), int(rng.integers(400, 1024))
    img = Image.new("RGB", (w, h), tuple(int(v) for v in rng.integers(0, 255, 3)))
    draw = ImageDraw.Draw(img)
    for _ in range(int(rng.integers(40, 120))):
        x0, y0 = int(rng.integers(0, w)), int(rng.integers(0, h))
        x1, y1 = x0 + int(rng.integers(5, w // 3)), y0 + int(rng.integers(5, h // 3))
        colour = tuple(int(v) for v in rng.integers(0, 255, 3))
        [draw.ellipse, draw.rectangle][int(rng.integers(0, 2))]([x0, y0, x1, y1], fill=colour)
    noise = rng.normal(0, 8, (h, w, 3))
    pixels = np.clip(np.asarray(img.filter(ImageFilter.GaussianBlur(1.2)), np.float32) + noise, 0, 255)
    return Image.fromarray(pixels.astype(np.uint8))


def rss_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def index_base(count: int):
    images = [procedural_painting(seed) for seed in range(count)]
    start, cpu = time.perf_counter(), time.process_time()
    base = [extract_register(img) for img in images]
    return base, count / (time.perf_counter() - start), count / (time.process_time() - cpu)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def assemble(
    directory: Path, base, size: int, keypoints: int | None, extra: int = 0, seed: int = 0
) -> PhotoIndex:
    """An index of `size` distractors built in bulk (see the module docstring)."""
    rng = np.random.default_rng(seed)
    base_files = directory / "base"
    base_files.mkdir(parents=True, exist_ok=True)
    for i, features in enumerate(base):
        np.savez(base_files / f"{i}.npz", **features_to_arrays(features))
    if keypoints is None:
        # the count the index chooses once the development register is added on top
        index = PhotoIndex(directory / "photo-index")
        keypoints = index._wanted_per_photo(size + extra)
    else:
        index = PhotoIndex(directory / "photo-index", compact_above=0, compact_keypoints=keypoints)
    index._per_photo = keypoints
    owners = rng.integers(0, len(base), size)
    sample = np.concatenate(
        [_perturbed(base[o], rng, keypoints)[:: max(1, keypoints // 64)] for o in owners[:3000]]
    )
    index._shortlist = shortlist.new_index(sample, size * keypoints)
    for start in range(0, size, 2000):
        ids = np.arange(start, min(size, start + 2000))
        vectors = [_perturbed(base[owners[i]], rng, keypoints) for i in ids]
        labels = np.concatenate(
            [np.full(len(v), 10_000_000 + i, np.int64) for i, v in zip(ids, vectors, strict=True)]
        )
        index._shortlist.add_with_ids(np.concatenate(vectors), labels)
        for i in ids:
            path = index._feature_path(10_000_000 + int(i))
            path.parent.mkdir(parents=True, exist_ok=True)
            os.link(base_files / f"{owners[i]}.npz", path)
            index._phashes[10_000_000 + int(i)] = int(rng.integers(0, 2**63))
    index._trained_for = size
    return index


def _perturbed(features, rng, keypoints: int) -> np.ndarray:
    d = features.shortlist_descriptors(keypoints)
    d = d + rng.normal(0, 0.04, d.shape).astype(np.float32)
    return d / np.linalg.norm(d, axis=1, keepdims=True)


_REGISTER: dict[Path, list] = {}


def development_register(data: Path) -> list:
    """(work id, features) of the development register photos, extracted once per run."""
    if data not in _REGISTER:
        rows = list(csv.DictReader(open(data / "register.csv", encoding="utf-8")))
        _REGISTER[data] = [
            (row["id"], extract_register(load_image_path(data / row["images"]))) for row in rows
        ]
    return _REGISTER[data]


def measure(index: PhotoIndex, data: Path, queries: int):
    """Identify the development query photos against the index: timings, and whether the expected
    work still comes first (both works in the top two for photos of two) and no wrong work is a
    `match`, now that the distractors are there."""
    register_id = {}
    for image_id, (work_id, features) in enumerate(development_register(data), start=1):
        index.add_features(image_id, features)
        register_id[image_id] = work_id
    asked = list(csv.DictReader(open(data / "queries.csv", encoding="utf-8")))[:queries]
    wall, cpu, found, found5, scored, wrong_match = [], [], 0, 0, 0, 0
    for q in asked:
        img = load_image_path(data / q["query"])
        start, cpu_start = time.perf_counter(), time.process_time()
        candidates = identify(index, img)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
        # counted as the set's scorer counts: ids space-separated, "-" a work not in the register
        # (no top-1 to find; any match on it is wrong)
        expected = q["expected"].split()
        matched = [register_id.get(c.image_id) for c in candidates if c.verdict == "match"]
        wrong_match += sum(1 for m in matched if m not in expected)
        if expected == ["-"]:
            continue
        scored += 1
        ranked = [register_id.get(c.image_id) for c in candidates]
        found += set(expected) <= set(ranked[: len(expected)])
        found5 += set(expected) <= set(ranked[:5])
    times = [np.percentile(t, q) for t in (wall, cpu) for q in (50, 95)]
    return (*times, found / max(scored, 1), found5 / max(scored, 1), wrong_match)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--keypoints", nargs="*", type=int, default=[None])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--base", type=int, default=200)
    parser.add_argument("--queries", type=int, default=30)
    args = parser.parse_args()
    configure_threads(1)
    with tempfile.TemporaryDirectory() as tmp:
        base, rate, cpu_rate = index_base(args.base)
        print(
            f"extraction, {args.base} generated photos, 1 thread: {rate:.1f} photos/s (wall), "
            f"{cpu_rate:.1f} photos per CPU-second"
        )
        print(
            "| register photos | descriptors a photo | shortlist descriptors | index type | build s "
            "| identify p50 / p95 s (wall) | identify p50 / p95 s (CPU) | RSS MB | peak RSS MB "
            "| top-1 | top-5 | wrong match |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        runs = [(size, k) for _ in range(args.rounds) for size in args.sizes for k in args.keypoints]
        for n, (size, keypoints) in enumerate(runs):
            start = time.perf_counter()
            extra = len(development_register(args.data)) if keypoints is None else 0
            index = assemble(Path(tmp) / f"run{n}", base, size, keypoints, extra)
            build = time.perf_counter() - start
            p50, p95, cpu50, cpu95, top1, top5, wrong = measure(index, args.data, args.queries)
            kind = type(index._shortlist).__name__
            print(
                f"| {len(index):,} | {index.descriptors_per_photo} | {index.descriptor_count:,} | {kind} "
                f"| {build:.0f} | {p50:.2f} / {p95:.2f} | {cpu50:.2f} / {cpu95:.2f} | {rss_mb():.0f} "
                f"| {peak_rss_mb():.0f} | {top1:.3f} | {top5:.3f} | {wrong} |",
                flush=True,
            )
            del index
            shutil.rmtree(Path(tmp) / f"run{n}", ignore_errors=True)


if __name__ == "__main__":
    main()

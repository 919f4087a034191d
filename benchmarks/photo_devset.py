"""Photo identification quality on the development set (and on damaged / leave-out variants).

usage: python benchmarks/photo_devset.py [DATA_DIR] [--out PRED.jsonl] [--scorer score_photo.py]
                                         [--damage NAME ...] [--leave-out]

Indexes every register photo, identifies every query photo, writes predictions in the
`heritrace identify --json` format and runs the scorer on them. `--damage` repeats the run with
synthetic damage applied to the query photos (colour cast, noise, JPEG quality 30, downscale to
400 px, crop, perspective warp). `--leave-out` removes the expected work(s) from the index for each
query and counts `match` verdicts that then appear (each one is a false match on an unregistered work).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageEnhance

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from heritrace.images import ImageRejected, PhotoIndex, configure_threads, identify, load_image_path  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "photo-dev"
DEFAULT_SCORER = REPO.parent / "shared" / "tools" / "score_photo.py"


def colour_cast(img, rng):
    gains = np.array([1.25, 1.0, 0.75])[rng.permutation(3)]
    return Image.fromarray(np.clip(np.asarray(img, np.float32) * gains, 0, 255).astype(np.uint8))


def noise(img, rng):
    noisy = np.asarray(img, np.float32) + rng.normal(0, 20, (img.height, img.width, 3))
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


def jpeg30(img, rng):
    out = io.BytesIO()
    img.save(out, "JPEG", quality=30)
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB")


def down400(img, rng):
    copy = img.copy()
    copy.thumbnail((400, 400))
    return copy


def crop(img, rng):
    w, h = img.size
    left, top = rng.uniform(0, 0.2) * w, rng.uniform(0, 0.2) * h
    return img.crop((int(left), int(top), int(left + 0.7 * w), int(top + 0.7 * h)))


def warp(img, rng):
    w, h = img.size
    d = 0.12
    quad = [
        rng.uniform(0, d) * w,
        rng.uniform(0, d) * h,
        rng.uniform(0, d) * w,
        h - rng.uniform(0, d) * h,
        w - rng.uniform(0, d) * w,
        h - rng.uniform(0, d) * h,
        w - rng.uniform(0, d) * w,
        rng.uniform(0, d) * h,
    ]
    return img.transform((w, h), Image.Transform.QUAD, quad, Image.Resampling.BILINEAR)


def dark_glare(img, rng):
    return ImageEnhance.Contrast(ImageEnhance.Brightness(img).enhance(0.6)).enhance(0.7)


DAMAGE = {f.__name__: f for f in (colour_cast, noise, jpeg30, down400, crop, warp, dark_glare)}


def build_index(data: Path, directory: Path) -> tuple[PhotoIndex, dict[int, str], float]:
    rows = list(csv.DictReader(open(data / "register.csv", encoding="utf-8")))
    index = PhotoIndex(directory)
    start = time.perf_counter()
    object_ids = {}
    for image_id, row in enumerate(rows, start=1):
        index.add(image_id, load_image_path(data / row["images"]))
        object_ids[image_id] = row["id"]
    rate = len(rows) / (time.perf_counter() - start)
    index.save()
    return index, object_ids, rate


def run_queries(index, object_ids, data, queries, out_path, damage=None, leave_out=False):
    rng = np.random.default_rng(7)
    timings, leave_out_matches = [], 0
    by_object = {v: k for k, v in object_ids.items()}
    with open(out_path, "w", encoding="utf-8") as out:
        for row in queries:
            img = load_image_path(data / row["query"])
            if damage:
                img = DAMAGE[damage](img, rng)
            removed = _remove_expected(index, row, by_object) if leave_out else {}
            start = time.perf_counter()
            try:
                candidates = identify(index, img)
            except ImageRejected:
                candidates = []
            timings.append(time.perf_counter() - start)
            if leave_out:
                leave_out_matches += sum(c.verdict == "match" for c in candidates)
                for image_id, features in removed.items():
                    index.add_features(image_id, features)
            line = {
                "photo": row["query"],
                "candidates": [
                    {
                        "object_id": object_ids[c.image_id],
                        "score": c.score,
                        "verdict": c.verdict,
                        "inliers": c.inliers,
                    }
                    for c in candidates
                ],
            }
            out.write(json.dumps(line) + "\n")
    return timings, leave_out_matches


def _remove_expected(index, row, by_object):
    removed = {}
    for object_id in row["expected"].split():
        image_id = by_object.get(object_id)
        if image_id is not None and image_id in index:
            removed[image_id] = index.features(image_id)
            index.remove(image_id)
    return removed


def score(scorer: Path, queries_csv: Path, predictions: Path) -> str:
    result = subprocess.run(
        [sys.executable, str(scorer), str(queries_csv), str(predictions)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or result.stderr.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=Path("photo-dev-predictions.jsonl"))
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    parser.add_argument("--damage", nargs="*", default=[], help=f"any of {sorted(DAMAGE)} or 'all'")
    parser.add_argument("--leave-out", action="store_true")
    args = parser.parse_args()
    if not (args.data / "register.csv").exists():
        sys.exit(f"no photo development set at {args.data}")
    configure_threads(1)
    queries = list(csv.DictReader(open(args.data / "queries.csv", encoding="utf-8")))
    damages = sorted(DAMAGE) if args.damage == ["all"] else args.damage
    with tempfile.TemporaryDirectory() as tmp:
        index, object_ids, rate = build_index(args.data, Path(tmp) / "photo-index")
        print(f"indexed {len(index)} photos at {rate:.1f} photos/s (1 thread)")
        for damage in [None, *damages]:
            out = args.out if damage is None else args.out.with_suffix(f".{damage}.jsonl")
            timings, _ = run_queries(index, object_ids, args.data, queries, out, damage)
            print(
                f"[{damage or 'clean'}] {score(args.scorer, args.data / 'queries.csv', out)} "
                f"p50={np.percentile(timings, 50):.2f}s p95={np.percentile(timings, 95):.2f}s"
            )
        if args.leave_out:
            out = args.out.with_suffix(".leave-out.jsonl")
            _, matches = run_queries(index, object_ids, args.data, queries, out, leave_out=True)
            print(f"[leave-out] match verdicts with the expected work removed: {matches}")


if __name__ == "__main__":
    main()

"""End-to-end evaluation through the real command line, exactly as a partner would run it.

usage: python benchmarks/cli_devsets.py [photo|text|all] [--shared DIR]

photo: `heritrace objects import photo-dev/register.csv`, `heritrace identify --json` on every query
       photo, then the photo scorer (`shared/tools/score_photo.py`).
text:  `heritrace objects import text-dev/register.jsonl`, `heritrace screen listings.jsonl`, then the
       metrics of text-dev/README.md (recall@1, recall@10, alert precision, false alerts).
Each run uses a fresh data directory in a temporary folder (SQLite), or HERITRACE_DATABASE_URL if set.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HERITRACE = [sys.executable, "-m", "heritrace.cli.main"]


def run(args: list[str], env: dict, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(HERITRACE + args, env=env, check=False, text=True, **kw)


def photo(shared: Path, env: dict) -> None:
    dev = shared / "data" / "photo-dev"
    t = time.perf_counter()
    run(["objects", "import", str(dev / "register.csv")], env, stderr=subprocess.DEVNULL)
    indexed = time.perf_counter() - t
    queries = [r["query"] for r in csv.DictReader(open(dev / "queries.csv", encoding="utf-8"))]
    t = time.perf_counter()
    out = run(["identify", "--json", *queries], env, cwd=dev, capture_output=True)
    elapsed = time.perf_counter() - t
    preds = Path(env["HERITRACE_DATA_DIR"]) / "photo-predictions.jsonl"
    preds.write_text(out.stdout)
    print(
        f"photo: import+index {indexed:.1f} s, identify {len(queries)} photos in {elapsed:.1f} s "
        f"({elapsed / len(queries):.2f} s/photo incl. start-up)"
    )
    subprocess.run(
        [sys.executable, str(shared / "tools" / "score_photo.py"), str(dev / "queries.csv"), str(preds)]
    )


def text(shared: Path, env: dict) -> None:
    dev = shared / "data" / "text-dev"
    t = time.perf_counter()
    run(["objects", "import", str(dev / "register.jsonl")], env, stderr=subprocess.DEVNULL)
    imported = time.perf_counter() - t
    preds = Path(env["HERITRACE_DATA_DIR"]) / "text-predictions.jsonl"
    t = time.perf_counter()
    run(["screen", str(dev / "listings.jsonl"), "--out", str(preds)], env, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t
    print(
        f"text: import {imported:.1f} s, screen 600 listings in {elapsed:.1f} s (incl. loading the register)"
    )
    sys.path.insert(0, str(REPO / "benchmarks"))
    from text_common import score

    truth = {
        r["listing_id"]: r["expected"] for r in csv.DictReader(open(dev / "truth.csv", encoding="utf-8"))
    }
    print(json.dumps(score([json.loads(line) for line in open(preds, encoding="utf-8")], truth)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("which", nargs="?", default="all", choices=["photo", "text", "all"])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = ap.parse_args()
    for name, fn in (("photo", photo), ("text", text)):
        if args.which in (name, "all"):
            with tempfile.TemporaryDirectory() as tmp:
                env = {**os.environ, "HERITRACE_DATA_DIR": tmp}
                fn(args.shared, env)


if __name__ == "__main__":
    main()

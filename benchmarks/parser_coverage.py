"""Share of real catalogue values the measurement and date parsers read, and the most frequent misses.

Runs over the Tate collection records and the text-dev register (shared development data next to the
repository). Usage: python benchmarks/parser_coverage.py [--top 20]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from heritrace.objects.parsing import parse_date, parse_measurements

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
TATE = DATA / "tate" / "tate_artworks.jsonl.gz"
REGISTER = DATA / "text-dev" / "register.jsonl"


def tate_values() -> Iterator[tuple[str, str]]:
    with gzip.open(TATE, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            yield record.get("dimensions") or "", record.get("date") or ""


def register_values() -> Iterator[tuple[str, str]]:
    with REGISTER.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            yield record.get("measurements") or "", record.get("date_or_period") or ""


def shape(text: str) -> str:
    """Digits hidden so that the same form is counted once."""
    return re.sub(r"\d+", "N", text.replace("\r\n", " | ").strip())


def measure(name: str, values: list[str], parse: Callable[[str], object], top: int) -> None:
    given = [v for v in values if v.strip()]
    started = time.perf_counter()
    results = [parse(v) for v in given]
    elapsed = time.perf_counter() - started
    misses = Counter(shape(v) for v, r in zip(given, results, strict=True) if not r.parsed)  # type: ignore[attr-defined]
    flagged = sum(1 for r in results if r.problems)  # type: ignore[attr-defined]
    share = 1 - sum(misses.values()) / max(len(given), 1)
    print(
        f"\n{name}: {len(given)} non-empty values, parsed {share:.1%}, flagged {flagged}, "
        f"{elapsed / max(len(given), 1) * 1e6:.1f} us per call"
    )
    for form, count in misses.most_common(top):
        print(f"  {count:6d}  {form}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    if not TATE.exists() or not REGISTER.exists():
        print(f"shared development data not found under {DATA}", file=sys.stderr)
        return 1
    for source, rows in (("Tate", list(tate_values())), ("text-dev register", list(register_values()))):
        measure(f"{source} measurements", [m for m, _ in rows], parse_measurements, args.top)
        measure(f"{source} dates", [d for _, d in rows], parse_date, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Shared helpers of the text-matching benchmarks: data location, loading, fitting, scoring."""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from heritrace.matching import estimate  # noqa: E402
from heritrace.matching.engine import MatchEngine, Query, RegisterRecord  # noqa: E402
from heritrace.matching.synthetic import render_listing  # noqa: E402

TEXT_DEV = REPO.parent / "shared" / "data" / "text-dev"
TATE = REPO.parent / "shared" / "data" / "tate" / "tate_artworks.jsonl.gz"


def require(path: Path) -> Path:
    """Exit with a clear message when a data file is missing."""
    if not path.exists():
        sys.exit(f"data not found: {path.name} (expected next to the repository in shared/data)")
    return path


def read_jsonl(path: Path) -> list[dict]:
    """All JSON lines of a file, skipping malformed ones."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return rows


def load_dev() -> tuple[list[RegisterRecord], list[dict], dict[str, str], dict[str, dict]]:
    """Register records, listings, truth (listing -> id or '-') and truth details of text-dev."""
    register = [RegisterRecord.from_dict(d) for d in read_jsonl(require(TEXT_DEV / "register.jsonl"))]
    listings = read_jsonl(require(TEXT_DEV / "listings.jsonl"))
    with open(require(TEXT_DEV / "truth.csv"), encoding="utf-8") as handle:
        truth = {row["listing_id"]: row["expected"] for row in csv.DictReader(handle)}
    details = {}
    if (TEXT_DEV / "truth_details.csv").exists():
        with open(TEXT_DEV / "truth_details.csv", encoding="utf-8") as handle:
            details = {row["listing_id"]: row for row in csv.DictReader(handle)}
    return register, listings, truth, details


def labelled_listings(listings: list[dict], truth: dict[str, str]) -> list[tuple[Query, str | None]]:
    """Listings paired with the register id they show (None for unregistered objects)."""
    out = []
    for listing in listings:
        expected = truth.get(listing["id"], "-")
        out.append((Query.from_listing(listing), None if expected == "-" else expected))
    return out


def synthetic_pairs(engine: MatchEngine, n: int, seed: int = 7) -> estimate.PairCounts:
    """Counts from synthetic listings: n positives, n/2 negatives (record removed while screened)."""
    rng = random.Random(seed)
    profiles = [p for p in engine.profiles if p is not None]
    counts = estimate.PairCounts()
    for i in range(n + n // 2):
        record = rng.choice(profiles).record
        query = render_listing(record, rng)
        if i < n:
            _merge(counts, estimate.collect_pairs(engine, [(query, record.object_id)]))
            continue
        engine.remove(record.object_id)
        _merge(counts, estimate.collect_pairs(engine, [(query, None)]))
        engine.add(record)
    return counts


def _merge(into: estimate.PairCounts, other: estimate.PairCounts) -> None:
    for name, counter in other.match.items():
        into.match[name].update(counter)
    for name, counter in other.nonmatch.items():
        into.nonmatch[name].update(counter)
    for flag, counter in other.qualifier.items():
        into.qualifier[flag].update(counter)
    into.title_bits += other.title_bits
    into.surname_bits += other.surname_bits
    into.n_match += other.n_match
    into.n_nonmatch += other.n_nonmatch


def fit_parameters(
    groups: list[tuple[MatchEngine, list[tuple[Query, str | None]]]] | MatchEngine,
    labelled: list[tuple[Query, str | None]] | None = None,
    synthetic: int = 0,
    name: str = "training",
) -> dict:
    """Fit m/u on labelled listings (+ synthetic ones) of one or more registers, install the
    parameters on every engine, fit the thresholds, and record the split fitted on."""
    if isinstance(groups, MatchEngine):
        groups = [(groups, labelled or [])]
    counts = estimate.PairCounts()
    for engine, pairs in groups:
        _merge(counts, estimate.collect_pairs(engine, pairs))
        if synthetic:
            _merge(counts, synthetic_pairs(engine, synthetic // len(groups)))
    params = estimate.fit(counts)
    for engine, _ in groups:
        engine.parameters = params
    params["calibration"] = estimate.fit_calibration(estimate.top_candidates(groups))
    params["thresholds"] = estimate.fit_thresholds_many(groups)
    params["fitted_on"] = [estimate.fitted_split(name, [q for _, pairs in groups for q, _ in pairs])]
    return params


def screen(engine: MatchEngine, listings: list[dict], workers: int = 1) -> list[dict]:
    """Predictions in the benchmark format, best first, up to 10 per listing."""
    queries = [Query.from_listing(listing) for listing in listings]
    out = []
    for listing, results in zip(listings, engine.match_many(queries, 10, workers), strict=True):
        candidates = [{"object_id": r.object_id, "score": r.score, "verdict": r.verdict} for r in results]
        out.append({"listing_id": listing["id"], "candidates": candidates})
    return out


def score(predictions: list[dict], truth: dict[str, str], only: set[str] | None = None) -> dict:
    """The README's metrics: recall@1/@10 over positives, alert precision, false-alert rate."""
    by_id = {p["listing_id"]: p["candidates"] for p in predictions}
    ids = [i for i in truth if only is None or i in only]
    positives = [i for i in ids if truth[i] != "-"]
    negatives = [i for i in ids if truth[i] == "-"]

    def top_ids(i: str, k: int) -> list[str]:
        return [c["object_id"] for c in by_id.get(i, [])[:k]]

    def alerted(i: str, verdicts=("match", "possible")) -> bool:
        cands = by_id.get(i, [])
        return bool(cands) and cands[0]["verdict"] in verdicts

    def block(verdicts) -> tuple[float, float]:
        alerts = [i for i in ids if alerted(i, verdicts)]
        right = sum(truth[i] != "-" and top_ids(i, 1) == [truth[i]] for i in alerts)
        false = sum(alerted(i, verdicts) for i in negatives)
        return right / len(alerts) if alerts else 1.0, false / len(negatives) if negatives else 0.0

    precision, false_rate = block(("match", "possible"))
    alert_recall = sum(alerted(i) and top_ids(i, 1) == [truth[i]] for i in positives) / max(1, len(positives))
    match_precision, match_false = block(("match",))
    return {
        "listings": len(ids),
        "recall@1": sum(top_ids(i, 1) == [truth[i]] for i in positives) / max(1, len(positives)),
        "recall@10": sum(truth[i] in top_ids(i, 10) for i in positives) / max(1, len(positives)),
        "alert_recall": alert_recall,
        "alert_precision": precision,
        "false_alert_rate": false_rate,
        "match_only_precision": match_precision,
        "match_only_false_alert_rate": match_false,
    }

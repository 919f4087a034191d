"""Self-calibration per register (issue 12): calibration and thresholds fitted, per register, on
synthetic listings rendered from that register's own records, judged on the harness's listings.

For each fold of a ``text_cv`` scheme the m/u weights, calibration and thresholds are fitted
exactly as ``text_cv`` fits them (on the other fold's listings plus synthetic ones). Then, per
register, listings are rendered from the register's own records by ``synthetic.render_listing``
(no labelled data: positives are screened against the whole register, negatives with their record
taken out of the index while screened). Only the calibration and the thresholds are fitted on
them; the held-out listings are screened once, and since calibration and thresholds change
verdicts but not the ranking, every variant is applied to the same screened top candidates.

Variants, per register: A its own thresholds (the fold's calibration); B its own calibration and
thresholds; C the mean of the two calibrations' logits, its own thresholds; D its own calibration,
the fold's thresholds; thresholds with the shipped training targets (96 % precision, 3 % false
alerts) or stricter ones (97 %, 2 %). ``--devset`` does the same for text-dev with the shipped
parameters. Results and why none was adopted: docs/benchmarks.md.

The script writes the raw top-candidate features (held-out listings and synthetic ones) to JSON;
``--analyse FILE`` prints the variants' figures from such a file without screening again.

Usage:
  python benchmarks/text_selfcal.py --scheme register --json /tmp/selfcal.json
  python benchmarks/text_selfcal.py --devset --json /tmp/selfcal-dev.json
  python benchmarks/text_selfcal.py --analyse /tmp/selfcal.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from math import log2
from pathlib import Path
from types import SimpleNamespace

import text_cv
from text_common import TEXT_DEV, MatchEngine, Query, fit_parameters, load_dev, read_jsonl, score

from heritrace.matching import estimate
from heritrace.matching.engine import calibrated, calibration_features, load_parameters, verdict_for
from heritrace.matching.synthetic import render_listing


def _top(engine, query: Query, top_k: int) -> dict | None:
    results = engine.match(query, top_k=top_k)
    if not results:
        return None
    top = results[0]
    return {
        "id": top.object_id,
        "score": top.score,
        "margin": top.margin,
        "verdict": top.verdict,
        "ids": [r.object_id for r in results],
    }


def synthetic_tops(register: text_cv.Register, n_pos: int, n_neg: int, seed: int) -> tuple[list, list]:
    """Top candidates of synthetic listings of the register's own records (and the queries)."""
    rng = random.Random(seed)
    engine = register.engine
    titles: dict[tuple[str, str], int] = defaultdict(int)
    for record in register.records:
        titles[text_cv._title_key(record)] += 1
    unique = {r["id"] for r in register.records if titles[text_cv._title_key(r)] == 1 and r.get("title")}
    makers: dict[str, int] = defaultdict(int)
    for profile in engine.profiles:
        if profile is not None and profile.surname_key:
            makers[profile.surname_key] += 1
    profiles = [p for p in engine.profiles if p is not None]

    def shared(profile) -> bool:
        return bool(profile.surname_key) and makers[profile.surname_key] > 2

    any_shared = any(shared(p) for p in profiles)
    out, queries = [], []
    for i in range(n_pos + n_neg):
        profile = rng.choice(profiles)
        # half the unregistered objects by a maker with other registered works, as in the harness
        while i >= n_pos + n_neg // 2 and any_shared and not shared(profile):
            profile = rng.choice(profiles)
        record = profile.record
        query = render_listing(record, rng)
        queries.append(query)
        registered = i < n_pos
        if not registered:
            engine.remove(record.object_id)
        top = _top(engine, query, 1)
        if not registered:
            engine.add(record)
        out.append(
            {
                "expected": record.object_id if registered else None,
                "unique_title": record.object_id in unique,
                "top": top,
            }
        )
    return out, queries


def run(args) -> dict:
    """Fit every fold as ``text_cv`` does and screen its held-out listings; then self-calibrate.

    The self-calibration listings are screened only after all folds are fitted: screening an
    unregistered object takes its record out of the index and puts it back in another slot,
    which would change the synthetic listings of the next fold's m/u fit.
    """
    registers = text_cv.build(args)
    data: dict = {"folds": [], "bm25": {}}
    for register in registers:
        expected = {i: t["expected"] for i, t in register.truth.items()}
        figs = score(text_cv.baselines(register)["BM25"], expected)
        data["bm25"][register.name] = {k: figs[k] for k in ("recall@1", "recall@10")}
    fitted = []
    for name, held_out in text_cv.folds(args.scheme, registers):
        groups = [(r.engine, r.labelled(set(r.truth) - held_out)) for r in registers]
        started = time.perf_counter()
        params = fit_parameters(groups, synthetic=args.synthetic, name=f"{args.scheme}: all but {name}")
        print(f"fold {name}: fitted in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        fold = {"name": name, "params": {k: params[k] for k in ("prior_bits", "calibration", "thresholds")}}
        fold["registers"] = {}
        for register in registers:
            ids = held_out & set(register.truth)
            if not ids:
                continue
            register.engine.parameters = params
            test = [q for i, q in register.queries.items() if i in ids]
            estimate.assert_not_fitted_on(params, test, f"fold '{name}' of {register.name}")
            real = []
            for listing_id in sorted(ids):
                truth = register.truth[listing_id]
                real.append(
                    {
                        "listing_id": listing_id,
                        "expected": None if truth["expected"] == "-" else truth["expected"],
                        "kind": truth["kind"],
                        "language": truth["language"],
                        "top": _top(register.engine, register.queries[listing_id], 10),
                    }
                )
            fold["registers"][register.name] = {"real": real, "synthetic": {}}
        fitted.append((params, held_out, fold))
        data["folds"].append(fold)
    for params, held_out, fold in fitted:
        for register in registers:
            if register.name not in fold["registers"]:
                continue
            register.engine.parameters = params
            test = [q for i, q in register.queries.items() if i in held_out]
            for seed in args.selfcal_seeds:
                started = time.perf_counter()
                synthetic, queries = synthetic_tops(register, args.positives, args.negatives, seed)
                # the self-calibration must never have seen the listings it is judged on
                own = {"fitted_on": [estimate.fitted_split(f"self-calibration {register.name}", queries)]}
                estimate.assert_not_fitted_on(own, test, f"self-calibration of {register.name}")
                fold["registers"][register.name]["synthetic"][str(seed)] = synthetic
                print(
                    f"  {fold['name']} / {register.name} seed {seed}: self-calibration listings in "
                    f"{time.perf_counter() - started:.0f} s",
                    file=sys.stderr,
                )
        if args.json:
            args.json.write_text(json.dumps(data))
    return data


def run_devset(args) -> dict:
    """text-dev (the shared development split): the shipped parameters, self-calibrated on
    listings rendered from text-dev's own register; its 600 listings are never fitted on."""
    register_records, listings, truth, details = load_dev()
    params = load_parameters()
    engine = MatchEngine.build(register_records, parameters=json.loads(json.dumps(params)))
    queries = {item["id"]: Query.from_listing(item) for item in listings}
    estimate.assert_not_fitted_on(params, queries.values(), "text-dev")
    real = []
    for listing_id, query in queries.items():
        expected = truth.get(listing_id, "-")
        detail = details.get(listing_id, {})
        real.append(
            {
                "listing_id": listing_id,
                "expected": None if expected == "-" else expected,
                "kind": detail.get("channel", "?"),
                "language": detail.get("language", "?"),
                "top": _top(engine, query, 10),
            }
        )
    shim = SimpleNamespace(engine=engine, records=read_jsonl(TEXT_DEV / "register.jsonl"))
    synthetic = {}
    for seed in args.selfcal_seeds:
        tops, made = synthetic_tops(shim, args.positives, args.negatives, seed)
        own = {"fitted_on": [estimate.fitted_split("self-calibration text-dev", made)]}
        estimate.assert_not_fitted_on(own, queries.values(), "text-dev")
        synthetic[str(seed)] = tops
    fold = {"name": "shipped", "params": {k: params[k] for k in ("prior_bits", "calibration", "thresholds")}}
    fold["registers"] = {"text-dev": {"real": real, "synthetic": synthetic}}
    data = {"folds": [fold]}
    if args.json:
        args.json.write_text(json.dumps(data))
    return data


# ------------------------------------------------------------------ analysis


def _features(top: dict, floor: float) -> dict[str, float]:
    return calibration_features(top["score"], top["margin"], floor)


def variants(fold: dict, register: dict, unique_only: bool, seed: str) -> dict[str, tuple]:
    """(probability function, thresholds) per variant for one register of one fold."""
    params = fold["params"]
    floor = params["prior_bits"]
    shipped_cal = params["calibration"]
    sets = register["synthetic"].values() if seed == "pooled" else [register["synthetic"][seed]]
    synthetic = [
        s for listings in sets for s in listings if s["top"] and (s["unique_title"] or not unique_only)
    ]

    def shipped(row: dict) -> float:
        return calibrated(_features(row["top"], floor), shipped_cal)

    def triples(probability) -> list[tuple[float, bool, bool]]:
        return [(probability(s), s["top"]["id"] == s["expected"], s["expected"] is None) for s in synthetic]

    tops = [(_features(s["top"], floor), s["top"]["id"] == s["expected"]) for s in synthetic]
    own_cal = estimate.fit_calibration(tops)

    def own(row: dict) -> float:
        return calibrated(_features(row["top"], floor), own_cal)

    def mixed(row: dict) -> float:
        a, b = shipped(row), own(row)
        la = _logit(a)
        lb = _logit(b)
        return 1.0 / (1.0 + 2.0 ** (-(la + lb) / 2))

    out = {"baseline (fold calibration and thresholds)": (shipped, params["thresholds"])}
    for label, precision, false_alerts in (("0.96/3 %", 0.96, 0.03), ("0.97/2 %", 0.97, 0.02)):
        out[f"A thresholds per register {label}"] = (
            shipped,
            estimate.thresholds_for(triples(shipped), None, precision, false_alerts),
        )
        out[f"B calibration+thresholds per register {label}"] = (
            own,
            estimate.thresholds_for(triples(own), None, precision, false_alerts),
        )
        out[f"C mix (mean logit) + thresholds per register {label}"] = (
            mixed,
            estimate.thresholds_for(triples(mixed), None, precision, false_alerts),
        )
    out["D own calibration, fold thresholds"] = (own, params["thresholds"])
    return out


def _logit(p: float) -> float:
    p = min(max(p, 1e-15), 1 - 1e-15)
    return log2(p / (1 - p))


def analyse(data: dict, unique_only: bool) -> None:
    """Figures per register, variant and self-calibration seed; alert recall per kind (first seed)."""
    keys = ("recall@1", "recall@10", "alert_recall", "alert_precision", "false_alert_rate")
    print(f"self-calibration on listings of records with a title of their own only: {unique_only}\n")
    for name, figs in data.get("bm25", {}).items():
        print(f"BM25 {name}: recall@1 {figs['recall@1']:.3f}, recall@10 {figs['recall@10']:.3f}")
    seeds = sorted(next(iter(data["folds"][0]["registers"].values()))["synthetic"])
    seeds += ["pooled"] if len(seeds) > 1 else []  # all seeds' listings as one larger set
    pooled: dict[str, dict[tuple[str, str], list]] = defaultdict(lambda: defaultdict(list))
    for fold in data["folds"]:
        for name, register in fold["registers"].items():
            for seed in seeds:
                for label, (probability, thresholds) in variants(fold, register, unique_only, seed).items():
                    if label.startswith("baseline") and seed != seeds[0]:
                        continue
                    pooled[name][(label, seed)].append((register["real"], probability, thresholds))
    print(
        "\n| register | variant | seed | 'possible' | "
        + " | ".join(keys)
        + " |\n|---|---|---|---|"
        + "---|" * len(keys)
    )
    for name, by_variant in pooled.items():
        for (label, seed), parts in sorted(by_variant.items(), key=lambda kv: (kv[0][0][0] != "b", kv[0])):
            figs = _pooled(parts)
            shown = "; ".join(f"{t['possible']:.3f}" for _, _, t in parts)
            seed_cell = "-" if label.startswith("baseline") else seed
            print(
                f"| {name} | {label} | {seed_cell} | {shown} | "
                + " | ".join(f"{figs[k]:.3f}" for k in keys)
                + " |"
            )
    print(
        "\nranking of the alerts, whatever the thresholds: alert recall at the lowest threshold whose "
        "held-out alerts stay within 3 % / 5 % false alerts and 0.95 precision (chosen on the scored "
        "listings themselves, so a comparison of calibrations only, not a figure to quote as such)"
    )
    for name, by_variant in pooled.items():
        for (label, seed), parts in sorted(by_variant.items(), key=lambda kv: (kv[0][0][0] != "b", kv[0])):
            if "thresholds per register 0.97" in label or label.startswith("A"):
                continue  # the thresholds do not change the order of the alerts
            cells = []
            for cap in (0.03, 0.05):
                oracle = [(real, p, _oracle(real, p, cap)) for real, p, _ in parts]
                cells.append(f"{_pooled(oracle)['alert_recall']:.3f}")
            seed_cell = "-" if label.startswith("baseline") else seed
            print(f"| {name} | {label} | {seed_cell} | " + " | ".join(cells) + " |")
    print(f"\nalert recall / false alerts per kind (self-calibration seed {seeds[0]})")
    for name, by_variant in pooled.items():
        first = {label: parts for (label, seed), parts in by_variant.items() if seed == seeds[0]}
        kinds = sorted({r["kind"] for real, _, _ in next(iter(first.values())) for r in real})
        print(f"\n| {name} variant | " + " | ".join(kinds) + " |\n|---|" + "---|" * len(kinds))
        for label, parts in first.items():
            cells = []
            for kind in kinds:
                sub = [([r for r in real if r["kind"] == kind], p, t) for real, p, t in parts]
                figs = _pooled(sub)
                n_pos = sum(1 for real, _, _ in sub for r in real if r["expected"])
                n_neg = sum(1 for real, _, _ in sub for r in real if not r["expected"])
                cell = f"{figs['alert_recall']:.2f}" if n_pos else "-"
                cell += f" / {100 * figs['false_alert_rate']:.0f} %" if n_neg else ""
                cells.append(cell)
            print(f"| {label} | " + " | ".join(cells) + " |")


def _oracle(real: list[dict], probability, cap: float) -> dict:
    """The lowest 'possible' threshold at which these rows' alerts meet ``cap`` and 0.95."""
    tops = [
        (probability(r), r["top"]["id"] == r["expected"], r["expected"] is None) for r in real if r["top"]
    ]
    return estimate.thresholds_for(tops, None, 0.95, cap)


def _pooled(parts: list[tuple[list[dict], object, dict]]) -> dict:
    counts = defaultdict(float)
    for real, probability, thresholds in parts:
        pos = [r for r in real if r["expected"]]
        neg = [r for r in real if not r["expected"]]
        alerts = [r for r in real if r["top"] and verdict_for(probability(r), thresholds) != "none"]
        counts["pos"] += len(pos)
        counts["neg"] += len(neg)
        counts["alerts"] += len(alerts)
        counts["right"] += sum(bool(r["expected"]) and r["top"]["id"] == r["expected"] for r in alerts)
        counts["false"] += sum(not r["expected"] for r in alerts)
        counts["r1"] += sum(bool(r["top"]) and r["top"]["id"] == r["expected"] for r in pos)
        counts["r10"] += sum(bool(r["top"]) and r["expected"] in r["top"]["ids"] for r in pos)
    return {
        "recall@1": counts["r1"] / max(1, counts["pos"]),
        "recall@10": counts["r10"] / max(1, counts["pos"]),
        "alert_recall": counts["right"] / max(1, counts["pos"]),
        "alert_precision": counts["right"] / counts["alerts"] if counts["alerts"] else 1.0,
        "false_alert_rate": counts["false"] / max(1, counts["neg"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--scheme", default="register", choices=["source", "register", "language"])
    parser.add_argument("--listings", type=int, default=900, help="held-out listings per register")
    parser.add_argument("--records", type=int, default=20_000, help="records per register")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--synthetic", type=int, default=1000, help="synthetic listings added to each m/u fit"
    )
    parser.add_argument(
        "--positives", type=int, default=800, help="self-calibration listings of registered objects"
    )
    parser.add_argument(
        "--negatives", type=int, default=400, help="self-calibration listings of unregistered ones"
    )
    parser.add_argument(
        "--selfcal-seeds",
        type=lambda v: [int(x) for x in v.split(",")],
        default=[501, 502, 503],
        help="seeds of the self-calibration listings (one set each, figures per seed)",
    )
    parser.add_argument("--devset", action="store_true", help="text-dev with the shipped parameters")
    parser.add_argument("--json", type=Path, help="write the screened top candidates here")
    parser.add_argument("--analyse", type=Path, help="print the variants' figures from a --json file")
    parser.add_argument(
        "--all-titles", action="store_true", help="self-calibrate on listings of shared titles too"
    )
    args = parser.parse_args()
    data = (
        json.loads(args.analyse.read_text())
        if args.analyse
        else run_devset(args)
        if args.devset
        else run(args)
    )
    analyse(data, unique_only=not args.all_titles)


if __name__ == "__main__":
    main()

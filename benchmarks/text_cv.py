"""Cross-validated text screening: figures only on listings the parameters were not fitted on.

Two registers are cut from Tate (CC0) and text-dev's FBI sample (``text_registers``): a dense
English museum register and a sparse multilingual police register. Listings are generated from
them in nine languages, one named phenomenon each (``text_listings``); a third of the objects are
left out of the register (unregistered: any alert on them is false).

Schemes (each listing is held out exactly once per scheme; figures pool the held-out folds):
  source    fit on listings of FBI records and antiquities, score those of Tate records; and reverse
  register  fit on the police register's listings, score the museum's; and reverse
  language  fit on en/de/fr/uk/pl listings, score it/es/nl/ru; and reverse
BM25 (SQLite FTS5) and naive word overlap are run on the same listings (they fit nothing).
Before any split is scored, the harness refuses it if the parameters were fitted on it.

Usage:
  python benchmarks/text_cv.py [--scheme source|register|language|all] [--listings 900]
  python benchmarks/text_cv.py --shipped       # the shipped parameters, on listings they never saw
  python benchmarks/text_cv.py --ship --write  # fit the shipped parameters on another seed's listings
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from importlib import resources
from pathlib import Path

import text_listings as gen
import text_registers as regs
from text_baselines import BM25, NaiveOverlap
from text_common import MatchEngine, Query, RegisterRecord, fit_parameters, score

from heritrace.matching import estimate
from heritrace.matching.engine import PARAMETERS_FILE, load_parameters
from heritrace.matching.normalize import fold

LANG_GROUPS = ({"en", "de", "fr", "uk", "pl"}, {"it", "es", "nl", "ru"})


class Register:
    """One register with its listings, truth, engine and baselines."""

    def __init__(self, name: str, records: list[dict], n_listings: int, seed: int):
        rng = random.Random(seed)
        makers: dict[str, int] = defaultdict(int)
        for record in records:
            makers[record.get("maker") or ""] += 1
        # a fair listing exists only where the record's title (with its maker) is its own: a series
        # of twenty prints all called 'Untitled' cannot be told apart by any matcher
        titles: dict[tuple[str, str], int] = defaultdict(int)
        for record in records:
            titles[_title_key(record)] += 1
        shuffled = [r for r in records if titles[_title_key(r)] == 1 and r.get("title")]
        rng.shuffle(shuffled)
        n_neg = n_listings // 3
        # unregistered objects: preferably by a maker who has other registered works
        shared = [r for r in shuffled if makers[r.get("maker") or ""] > 2 and r.get("maker")]
        negatives = shared[: n_neg // 2]
        chosen = {r["id"] for r in negatives}
        negatives += [r for r in shuffled if r["id"] not in chosen][: n_neg - len(negatives)]
        chosen = {r["id"] for r in negatives}
        self.records = [r for r in records if r["id"] not in chosen]
        positives = [r for r in shuffled if r["id"] not in chosen][: n_listings - n_neg]
        self.name = name
        self.listings, self.truth = gen.generate(self.records, positives, negatives, seed, name[:3].upper())
        self.engine = MatchEngine.build(RegisterRecord.from_dict(r) for r in self.records)
        self.queries = {item["id"]: Query.from_listing(item) for item in self.listings}

    def labelled(self, ids: set[str]) -> list[tuple[Query, str | None]]:
        """(query, expected id or None) for the listings in ``ids``."""
        out = []
        for listing_id, query in self.queries.items():
            if listing_id in ids:
                expected = self.truth[listing_id]["expected"]
                out.append((query, None if expected == "-" else expected))
        return out


def _title_key(record: dict) -> tuple[str, str]:
    title = " ".join(fold(record.get("title") or "").split())
    return title, fold(record.get("maker") or "")


def build(args) -> list[Register]:
    """The two registers with their generated listings."""
    started = time.perf_counter()
    registers = [
        Register("police", regs.police_register(args.records, seed=13), args.listings, args.seed),
        Register("museum", regs.museum_register(args.records, seed=11), args.listings, args.seed + 1),
    ]
    sizes = ", ".join(f"{r.name} {len(r.engine)} records / {len(r.listings)} listings" for r in registers)
    print(f"built {sizes} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return registers


def folds(scheme: str, registers: list[Register]) -> list[tuple[str, set[str]]]:
    """(name, held-out listing ids) per fold; everything else of both registers is fitted on."""
    truth = {i: t | {"register": r.name} for r in registers for i, t in r.truth.items()}
    if scheme == "source":
        fbi = {i for i, t in truth.items() if t["source"] in ("FBI", "ANT")}
        return [("FBI+antiquities", fbi), ("Tate", set(truth) - fbi)]
    if scheme == "register":
        return [(r.name, set(r.truth)) for r in registers]
    if scheme == "language":
        return [
            ("+".join(sorted(g)), {i for i, t in truth.items() if t["language"] in g}) for g in LANG_GROUPS
        ]
    raise SystemExit(f"unknown scheme {scheme}")


def screen(register: Register, ids: set[str]) -> list[dict]:
    """Engine predictions (top 10 with verdicts) for the listings in ``ids``."""
    out = []
    for listing_id, query in register.queries.items():
        if listing_id in ids:
            results = register.engine.match(query, top_k=10)
            candidates = [{"object_id": r.object_id, "score": r.score, "verdict": r.verdict} for r in results]
            out.append({"listing_id": listing_id, "candidates": candidates})
    return out


def cross_validate(scheme: str, registers: list[Register], synthetic: int) -> dict[str, list[dict]]:
    """Out-of-sample engine predictions per register, pooled over the scheme's folds."""
    predictions: dict[str, list[dict]] = defaultdict(list)
    for name, held_out in folds(scheme, registers):
        groups = [(r.engine, r.labelled(set(r.truth) - held_out)) for r in registers]
        started = time.perf_counter()
        params = fit_parameters(groups, synthetic=synthetic, name=f"{scheme}: all but {name}")
        for register in registers:
            register.engine.parameters = params
            test = [q for i, q in register.queries.items() if i in held_out]
            estimate.assert_not_fitted_on(params, test, f"fold '{name}' of {register.name}")
            predictions[register.name] += screen(register, held_out)
        print(
            f"  fold {name}: fitted on {sum(len(g[1]) for g in groups)} listings in "
            f"{time.perf_counter() - started:.0f} s, thresholds {params['thresholds']}",
            file=sys.stderr,
        )
    return predictions


def baselines(register: Register) -> dict[str, list[dict]]:
    """BM25 and naive-overlap predictions for every listing of a register."""
    bm25, naive = BM25(register.records), NaiveOverlap(register.records)
    return {
        "BM25": [{"listing_id": i["id"], "candidates": bm25.search(i)} for i in register.listings],
        "naive": [{"listing_id": i["id"], "candidates": naive.search(i)} for i in register.listings],
    }


def per_kind(predictions: list[dict], truth: dict[str, dict], field: str = "kind") -> dict[str, float]:
    """recall@1 over the positives of each kind (or language)."""
    top = {
        p["listing_id"]: (p["candidates"][0]["object_id"] if p["candidates"] else None) for p in predictions
    }
    hits, totals = defaultdict(int), defaultdict(int)
    for listing_id, t in truth.items():
        if t["expected"] != "-" and listing_id in top:
            totals[t[field]] += 1
            hits[t[field]] += top[listing_id] == t["expected"]
    return {k: hits[k] / totals[k] for k in sorted(totals)} | {"n": dict(totals)}  # type: ignore[dict-item]


def report(results: dict, registers: list[Register]) -> None:
    """Markdown tables: overall figures, then recall@1 per kind and per language."""
    keys = ("recall@1", "recall@10", "alert_recall", "alert_precision", "false_alert_rate")
    print("| register | method | " + " | ".join(keys) + " |\n|---|---|" + "---|" * len(keys))
    for register in registers:
        expected = {i: t["expected"] for i, t in register.truth.items()}
        for method, preds in results[register.name].items():
            figures = score(preds, expected)
            no_verdict = method == "BM25"
            cells = [
                "-" if no_verdict and k not in ("recall@1", "recall@10") else f"{figures[k]:.3f}"
                for k in keys
            ]
            print(f"| {register.name} | {method} | " + " | ".join(cells) + " |")
    for field in ("kind", "language"):
        print(f"\nrecall@1 per {field}")
        for register in registers:
            methods = results[register.name]
            tables = {m: per_kind(p, register.truth, field) for m, p in methods.items()}
            names = [k for k in tables[next(iter(tables))] if k != "n"]
            print(
                f"\n| {register.name} | n | " + " | ".join(methods) + " |\n|---|---|" + "---|" * len(methods)
            )
            for name in names:
                counts = tables[next(iter(tables))]["n"]
                cells = " | ".join(f"{tables[m].get(name, 0):.2f}" for m in methods)
                print(f"| {name} | {counts[name]} | {cells} |")


def main() -> None:
    """Build the registers and listings, cross-validate, run the baselines, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--scheme", default="all", choices=["source", "register", "language", "all"])
    parser.add_argument("--listings", type=int, default=900, help="listings per register")
    parser.add_argument("--records", type=int, default=20_000, help="records per register")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--synthetic", type=int, default=1000, help="synthetic listings added to each fit")
    parser.add_argument("--shipped", action="store_true", help="score with the shipped parameters")
    parser.add_argument("--ship", action="store_true", help="fit on all listings of this seed")
    parser.add_argument("--write", action="store_true", help="with --ship: store as the shipped parameters")
    parser.add_argument("--json", type=Path, help="write all predictions and truth here")
    args = parser.parse_args()

    registers = build(args)
    if args.ship:
        groups = [(r.engine, r.labelled(set(r.truth))) for r in registers]
        params = fit_parameters(groups, synthetic=args.synthetic, name=f"text_cv seed {args.seed}")
        print(f"fitted on seed {args.seed}; thresholds {params['thresholds']}", file=sys.stderr)
        if args.write:
            target = Path(str(resources.files("heritrace.matching").joinpath(PARAMETERS_FILE)))
            target.write_text(json.dumps(params, indent=1, sort_keys=True) + "\n")
            print(f"wrote {target.name}", file=sys.stderr)
        return
    results: dict[str, dict[str, list[dict]]] = {r.name: baselines(r) for r in registers}
    if args.shipped:
        params = load_parameters()
        for register in registers:
            estimate.assert_not_fitted_on(params, register.queries.values(), register.name)
            register.engine.parameters = params
            results[register.name]["shipped"] = screen(register, set(register.truth))
    schemes = ["source", "register", "language"] if args.scheme == "all" else [args.scheme]
    if not args.shipped:
        for scheme in schemes:
            print(f"scheme {scheme}", file=sys.stderr)
            for name, preds in cross_validate(scheme, registers, args.synthetic).items():
                results[name][f"Heritrace ({scheme} CV)"] = preds
    report(results, registers)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "results": results,
                    "truth": {r.name: r.truth for r in registers},
                    "listings": {r.name: r.listings for r in registers},
                },
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()

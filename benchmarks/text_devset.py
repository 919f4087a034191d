"""Text screening benchmark on the text-dev split (metrics of its README, 'Scoring').

Usage:
  python benchmarks/text_devset.py                      # shipped parameters, all 600 listings
  python benchmarks/text_devset.py --split              # fit on odd listings, score the even ones
  python benchmarks/text_devset.py --holdout-lang de    # fit without German listings, score them
Predictions are written to --out (JSON lines, the format the official scorer reads). The shipped
parameters are fitted on generated listings (``text_cv.py --ship``), never on text-dev; every
mode refuses to score listings the parameters in use were fitted on.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from text_common import (
    MatchEngine,
    Query,
    fit_parameters,
    labelled_listings,
    load_dev,
    score,
    screen,
)

from heritrace.matching import estimate


def _subsets(args, listings, details) -> tuple[set[str], set[str]]:
    ids = [item["id"] for item in listings]
    if args.split:
        return set(ids[1::2]), set(ids[0::2])
    if args.holdout_lang:
        held = {i for i in ids if details.get(i, {}).get("language") == args.holdout_lang}
        return set(ids) - held, held
    return set(ids), set(ids)


def main() -> None:
    """Build, (re)fit if asked, screen, score and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--split", action="store_true", help="fit on half, score the other half")
    parser.add_argument("--holdout-lang", help="fit without this language's listings, score them")
    parser.add_argument("--synthetic", type=int, default=3000, help="synthetic positives for fitting")
    parser.add_argument("--out", type=Path, default=Path("text_dev_predictions.jsonl"))
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    register, listings, truth, details = load_dev()
    started = time.perf_counter()
    engine = MatchEngine.build(register)
    print(f"built {len(engine)} records in {time.perf_counter() - started:.1f} s")
    fit_ids, eval_ids = _subsets(args, listings, details)
    if args.split or args.holdout_lang:
        train = [q for q in labelled_listings(listings, truth) if q[0].query_id in fit_ids]
        started = time.perf_counter()
        params = fit_parameters(engine, train, args.synthetic, name="text-dev training part")
        print(
            f"fitted on {len(train)} listings + {args.synthetic} synthetic in "
            f"{time.perf_counter() - started:.0f} s; thresholds {params['thresholds']}"
        )
    scored = [item for item in listings if item["id"] in eval_ids]
    estimate.assert_not_fitted_on(engine.parameters, (Query.from_listing(i) for i in scored), "text-dev")
    started = time.perf_counter()
    predictions = screen(engine, scored, args.workers)
    elapsed = time.perf_counter() - started
    with open(args.out, "w", encoding="utf-8") as handle:
        for row in predictions:
            handle.write(json.dumps(row) + "\n")
    print(f"screened {len(predictions)} listings in {elapsed:.1f} s ({len(predictions) / elapsed:.0f}/s)")
    figures = score(predictions, truth, eval_ids)
    print(json.dumps({k: round(v, 3) for k, v in figures.items()}, indent=1))


if __name__ == "__main__":
    main()

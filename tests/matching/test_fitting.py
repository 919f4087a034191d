"""Fitting records what it was fitted on, and the benchmark harness refuses to score that split."""

import random
import sys
from pathlib import Path

import pytest

from heritrace.matching import estimate
from heritrace.matching.engine import MatchEngine, Query, RegisterRecord

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import text_common  # noqa: E402  (the benchmark harness is not a package)

_WORDS = "garden bridge harvest dancer orchard mill tower storm valley river shepherd feast harbour".split()


def _records(n=300):
    rng = random.Random(9)
    for i in range(n):
        words = rng.sample(_WORDS, 3)
        yield RegisterRecord(
            f"R-{i:04d}",
            "painting",
            " ".join(words).title(),
            f"Painter {i % 40} Smith{i % 40}",
            str(1800 + i % 150),
        )


def _listings(engine, ids, seed):
    rng = random.Random(seed)
    out = []
    for object_id in ids:
        record = engine.profiles[engine.slots[object_id]].record
        words = record.title.split()
        rng.shuffle(words)
        out.append((Query(title=f"Lot {rng.randrange(999)}: {' '.join(words)}, {record.maker}"), object_id))
    return out


@pytest.fixture(scope="module")
def fitted():
    engine = MatchEngine.build(_records())
    train = _listings(engine, [f"R-{i:04d}" for i in range(0, 120)], seed=1)
    train += [(Query(title="Still life with lemons, anonymous"), None)] * 3
    params = text_common.fit_parameters(engine, train, synthetic=0, name="unit training split")
    return engine, train, params


def test_parameters_record_the_split_they_were_fitted_on(fitted):
    _, train, params = fitted
    (split,) = params["fitted_on"]
    assert split["name"] == "unit training split"
    assert split["fingerprint"] == estimate.split_fingerprint(q for q, _ in train)
    assert {"possible", "match"} <= params["thresholds"].keys()


def test_harness_refuses_the_fitted_split(fitted):
    _, train, params = fitted
    with pytest.raises(estimate.FittedSplitError, match="unit training split"):
        estimate.assert_not_fitted_on(params, [q for q, _ in train], "the training split")


def test_harness_refuses_a_split_holding_one_fitted_listing(fitted):
    engine, train, params = fitted
    held_out = [q for q, _ in _listings(engine, [f"R-{i:04d}" for i in range(150, 200)], seed=2)]
    with pytest.raises(estimate.FittedSplitError):
        estimate.assert_not_fitted_on(params, [*held_out, train[5][0]])


def test_harness_scores_a_disjoint_split(fitted):
    engine, _, params = fitted
    held_out = _listings(engine, [f"R-{i:04d}" for i in range(150, 200)], seed=2)
    estimate.assert_not_fitted_on(params, [q for q, _ in held_out])
    predictions = text_common.screen(
        engine, [{"id": str(i), "title": q.title} for i, (q, _) in enumerate(held_out)]
    )
    figures = text_common.score(predictions, {str(i): oid for i, (_, oid) in enumerate(held_out)})
    assert figures["recall@1"] > 0.8


def test_thresholds_stop_where_the_alerts_lose_precision():
    # ten right alerts from 0.99 down to 0.90, then wrong top candidates of registered objects
    tops = [(0.99 - i / 100, True, False) for i in range(10)] + [
        (0.85 - i / 100, False, False) for i in range(5)
    ]
    # one wrong alert among eleven is 0.909 right: below 0.96, so the threshold stays at 0.90
    assert estimate.thresholds_for(tops, negatives=0)["possible"] == 0.9
    assert estimate.thresholds_for(tops, negatives=0, precision=0.9)["possible"] == 0.85


def test_thresholds_keep_false_alerts_on_unregistered_objects_within_the_share():
    right = [(0.99 - i / 1000, True, False) for i in range(200)]  # 0.990 down to 0.791
    unregistered = [(0.9505, False, True), (0.8505, False, True)] + [
        (0.5 - i / 1000, False, True) for i in range(38)
    ]
    # 3 % of 40 listings of unregistered objects: one false alert is allowed, the second is not
    thresholds = estimate.thresholds_for(right + unregistered)
    assert thresholds == {"possible": 0.851, "match": 0.99}
    # 5 %: two are allowed, the third (below every right alert) is not
    assert estimate.thresholds_for(right + unregistered, false_alerts=0.05)["possible"] == 0.791
    # the share is of all unregistered listings, also those that gave no candidate at all
    assert estimate.thresholds_for(right + unregistered, negatives=100)["possible"] == 0.5


def test_fit_thresholds_uses_the_same_rule(fitted):
    engine, train, _ = fitted
    tops = []
    for query, truth in train:
        results = engine.match(query, top_k=1)
        if results:
            tops.append((results[0].probability, results[0].object_id == truth, truth is None))
    negatives = sum(truth is None for _, truth in train)
    assert estimate.fit_thresholds(engine, train) == estimate.thresholds_for(tops, negatives)

"""Fit the m/u probabilities of every comparison level from labelled (query, record) pairs.

For each labelled query the engine's blocking proposes candidates; the true record (if any) gives
a *match* pair and every other candidate a *non-match* pair. Per comparison level:
``m = P(level | match)``, ``u = P(level | non-match)`` (Laplace-smoothed) and the level weight is
``log2(m / u)``. The prior is the log-odds of a candidate pair being the match. Qualifier
families and the term-frequency reference points are fitted the same way. Verdict thresholds
are the lowest probabilities at which the training alerts reach the target precision.
"""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from math import log2

import numpy as np

from heritrace.matching.attribution import QUALIFIER_FAMILY
from heritrace.matching.comparisons import NOT_RECORDED, compare_all, maker_base_level
from heritrace.matching.engine import CALIBRATION_FEATURES, MatchEngine, calibration_features, verdict_for
from heritrace.matching.records import Query, QueryProfile

# Non-match pairs come from the same candidate pool the engine scores (True: from text-only
# blocking, which keeps size/date agreement strong but fitted worse on the dev split).
TEXT_ONLY_POOL = False
SMOOTHING = 1.0
MAX_WEIGHT = 10.0
TF_SCALE = 0.5  # half of splink's full term-frequency adjustment: our levels are not exact values
NAMED_LEVELS = ("full name", "full name (misspelt)", "initials and surname", "surname", "surname (misspelt)")


@dataclass
class PairCounts:
    """Level counts among match and non-match pairs, plus raw values for the tf references."""

    match: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    nonmatch: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    qualifier: dict[bool, Counter] = field(default_factory=lambda: defaultdict(Counter))
    title_bits: list[float] = field(default_factory=list)
    surname_bits: list[float] = field(default_factory=list)
    n_match: int = 0
    n_nonmatch: int = 0

    def add(self, outcomes: dict, is_match: bool) -> None:
        """Count one pair's levels."""
        table = self.match if is_match else self.nonmatch
        for name, outcome in outcomes.items():
            level = maker_base_level(outcome.level) if name == "maker" else outcome.level
            table[name][level] += 1
        maker = outcomes["maker"]
        if maker_base_level(maker.level) in NAMED_LEVELS:
            qualifier = _qualifier_of(maker.level)
            self.qualifier[is_match][QUALIFIER_FAMILY[qualifier]] += 1
            if is_match and maker.bits is not None:
                self.surname_bits.append(maker.bits)
        if is_match and outcomes["title"].bits is not None:
            self.title_bits.append(outcomes["title"].bits)
        self.n_match += is_match
        self.n_nonmatch += not is_match


def _qualifier_of(label: str) -> str:
    parts = label.split(", ", 1)
    return parts[1] if len(parts) == 2 else "by"


def collect_pairs(engine: MatchEngine, labelled: Iterable[tuple[Query, str | None]]) -> PairCounts:
    """Count comparison levels over the candidate pairs of labelled queries (truth or None)."""
    counts = PairCounts()
    for query, truth in labelled:
        profile = QueryProfile.of(query)
        slots = set(engine.candidates(profile, text_only=TEXT_ONLY_POOL))
        if truth in engine.slots:
            slots.add(engine.slots[truth])
        for slot in slots:
            record = engine.profiles[slot]
            if record is None:
                continue
            outcomes = compare_all(record, profile, engine.freq, engine.parameters, engine.vocabulary)
            counts.add(outcomes, record.record.object_id == truth)
    return counts


def _levels(match: Counter, nonmatch: Counter, n_match: int, n_nonmatch: int) -> dict:
    names = sorted(set(match) | set(nonmatch))
    fitted = {}
    for level in names:
        m = (match[level] + SMOOTHING) / (n_match + SMOOTHING * len(names))
        u = (nonmatch[level] + SMOOTHING) / (n_nonmatch + SMOOTHING * len(names))
        weight = max(-MAX_WEIGHT, min(MAX_WEIGHT, log2(m / u)))
        fitted[level] = {"m": round(m, 5), "u": round(u, 5), "weight": round(weight, 3)}
    return fitted


def _recorded_levels(counts: PairCounts, name: str) -> dict:
    """m/u of a comparison among the pairs whose record holds the fact (``not recorded`` is never
    fitted: it weighs 0 whatever the data, see ``comparisons.NOT_RECORDED``)."""
    match = Counter({k: v for k, v in counts.match[name].items() if k != NOT_RECORDED})
    nonmatch = Counter({k: v for k, v in counts.nonmatch[name].items() if k != NOT_RECORDED})
    return _levels(match, nonmatch, sum(match.values()), sum(nonmatch.values()))


def fit(counts: PairCounts, version: str = MatchEngine.VERSION) -> dict:
    """Turn level counts into the parameter document stored as ``parameters.json``."""
    levels = {name: _recorded_levels(counts, name) for name in counts.match.keys() | counts.nonmatch.keys()}
    qual = _levels(
        counts.qualifier[True],
        counts.qualifier[False],
        sum(counts.qualifier[True].values()),
        sum(counts.qualifier[False].values()),
    )
    autograph = qual.get("autograph", {}).get("weight", 0.0)
    return {
        "version": version,
        "prior_bits": round(log2(max(counts.n_match, 1) / max(counts.n_nonmatch, 1)), 3),
        "levels": levels,
        # relative to an autograph attribution, whose weight is already in the name level
        "qualifier": {family: round(v["weight"] - autograph, 3) for family, v in qual.items()},
        "tf_title": {"scale": TF_SCALE, "reference": round(_median(counts.title_bits), 3)},
        "tf_maker": {"scale": TF_SCALE, "reference": round(_median(counts.surname_bits), 3)},
        "pairs": {"match": counts.n_match, "nonmatch": counts.n_nonmatch},
    }


class FittedSplitError(ValueError):
    """Raised when a split is about to be scored with parameters that were fitted on it."""


def listing_hash(query: Query) -> str:
    """A short content hash of a listing's text (ids are left out: a listing is its words)."""
    text = " ".join((query.full_text() or "").split()).casefold()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def split_fingerprint(queries: Iterable[Query]) -> str:
    """Order-free fingerprint of a set of listings."""
    hashes = sorted(listing_hash(q) for q in queries)
    return hashlib.sha256("\n".join(hashes).encode()).hexdigest()[:16]


def fitted_split(name: str, queries: list[Query]) -> dict:
    """The provenance entry a parameter file keeps for each split it was fitted on."""
    return {
        "name": name,
        "fingerprint": split_fingerprint(queries),
        "listings": len(queries),
        "hashes": sorted({listing_hash(q) for q in queries}),
    }


def assert_not_fitted_on(params: dict, queries: Iterable[Query], what: str = "this split") -> None:
    """Refuse to score listings that the parameters were fitted on (whole split or any listing).

    Figures on data a model was fitted on are in-sample; the benchmarks call this before scoring.
    """
    queries = list(queries)
    fingerprint = split_fingerprint(queries)
    hashes = {listing_hash(q) for q in queries}
    for split in params.get("fitted_on", []):
        overlap = hashes & set(split.get("hashes", []))
        if split.get("fingerprint") == fingerprint or overlap:
            raise FittedSplitError(
                f"refusing to score {what}: the parameters were fitted on split '{split.get('name')}' "
                f"({len(overlap)} of its {len(hashes)} listings were used for fitting)"
            )


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else -2.0


# Targets out of sample: alert precision >= 0.95 and <= 5 % alerts on unregistered objects; the
# thresholds are fitted one to two points stricter on the training listings.
TRAINING_PRECISION = 0.96
TRAINING_FALSE_ALERTS = 0.03


def fit_thresholds(engine: MatchEngine, labelled: Iterable[tuple[Query, str | None]]) -> dict:
    """Lowest 'possible' probability whose training alerts meet the targets; 'match' at 0.99+."""
    return fit_thresholds_many([(engine, list(labelled))])


def fit_thresholds_many(groups: Iterable[tuple[MatchEngine, list[tuple[Query, str | None]]]]) -> dict:
    """``fit_thresholds`` over the listings of several registers at once.

    'possible' is the lowest probability at which the training alerts above it are right at
    least ``TRAINING_PRECISION`` of the time and fire on at most ``TRAINING_FALSE_ALERTS`` of the
    listings of unregistered objects.
    """
    tops, negatives = [], 0
    for engine, labelled in groups:
        for query, truth in labelled:
            negatives += truth is None
            results = engine.match(query, top_k=1)
            if results:
                tops.append((results[0].probability, results[0].object_id == truth, truth is None))
    return thresholds_for(tops, negatives)


def thresholds_for(
    tops: list[tuple[float, bool, bool]],
    negatives: int | None = None,
    precision: float = TRAINING_PRECISION,
    false_alerts: float = TRAINING_FALSE_ALERTS,
) -> dict:
    """Thresholds from the top candidates of labelled listings: (probability, right, unregistered).

    'possible' is the lowest probability at which the alerts above it are right at least
    ``precision`` of the time and fire on at most ``false_alerts`` of the ``negatives`` listings
    of unregistered objects (by default those among ``tops``); never below 0.5 nor above 0.99.
    """
    if negatives is None:
        negatives = sum(unregistered for _, _, unregistered in tops)
    possible, correct, false = 0.99, 0, 0
    for count, (probability, ok, unregistered) in enumerate(sorted(tops, reverse=True), 1):
        correct += ok
        false += unregistered
        if correct / count >= precision and false <= false_alerts * max(negatives, 1):
            possible = probability
    possible = min(max(possible, 0.5), 0.99)
    return {"possible": round(possible, 4), "match": round(max(possible, 0.99), 4)}


def top_candidates(
    groups: Iterable[tuple[MatchEngine, list[tuple[Query, str | None]]]],
) -> list[tuple[dict[str, float], bool]]:
    """(calibration features, is the object) of the top candidate of every labelled listing."""
    tops = []
    for engine, labelled in groups:
        for query, truth in labelled:
            results = engine.match(query, top_k=1)
            if results:
                top = results[0]
                features = calibration_features(top.score, top.margin, engine.floor())
                tops.append((features, top.object_id == truth))
    return tops


def fit_calibration(tops: list[tuple[dict[str, float], bool]], l2: float = 1e-3) -> dict:
    """Logistic model P(top candidate is the object | features), in bits like the scores.

    Fitted by Newton's method on the top candidates of the training listings (the ones the m/u
    weights were fitted on too); the benchmarks judge it only on listings that neither saw.
    """
    if len(tops) < 20 or len({ok for _, ok in tops}) < 2:
        return {}
    x = np.array([[1.0, *(f[k] for k in CALIBRATION_FEATURES)] for f, _ in tops])
    y = np.array([1.0 if ok else 0.0 for _, ok in tops])
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -50, 50)))
        gradient = x.T @ (p - y) + l2 * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    bits = w / np.log(2.0)  # the engine's probabilities are 1 / (1 + 2^-logit)
    names = ("intercept", *CALIBRATION_FEATURES)
    return {name: round(float(value), 4) for name, value in zip(names, bits, strict=True)}


def apply_thresholds(engine: MatchEngine, thresholds: dict) -> None:
    """Install thresholds on a built engine (verdicts are recomputed on the next match)."""
    engine.parameters["thresholds"] = thresholds
    assert verdict_for(1.0, thresholds) == "match"

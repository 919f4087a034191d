"""The matching engine: candidate generation (blocking) first, additive log-odds scoring second.

Blocking uses an in-memory inverted index over language-neutral title terms and maker-name keys,
ranked by the information (log2 N/df) of the shared keys. Scoring sums the labelled contributions
of every comparison (see ``comparisons``) with a prior; the probability and verdict follow from
the total. The database-backed search can replace ``candidates`` without touching the scoring.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from math import log2
from typing import Literal

import numpy as np

from heritrace.matching.comparisons import NOT_RECORDED, Frequencies, Outcome, compare_all
from heritrace.matching.facts import Period, Size
from heritrace.matching.records import Query, QueryProfile, RecordProfile, RegisterRecord

__all__ = [
    "Contribution",
    "MatchEngine",
    "MatchResult",
    "Query",
    "RegisterRecord",
    "load_parameters",
    "verdict_for",
]

Verdict = Literal["match", "possible", "none"]
PARAMETERS_FILE = "parameters.json"


@dataclass
class Contribution:
    """One bar of the waterfall: a comparison, the level the pair fell into, and its weight."""

    comparison: str
    level: str
    weight: float
    detail: str = ""


@dataclass
class MatchResult:
    """A scored candidate: log2 odds score, probability, verdict and the contributions behind it."""

    object_id: str
    score: float
    probability: float
    verdict: Verdict
    contributions: list[Contribution] = field(default_factory=list)
    margin: float = 0.0  # score minus the best other candidate's score (the lead over the runner-up)


@lru_cache(maxsize=1)
def load_parameters() -> dict:
    """The fitted m/u parameters shipped with the package (see ``estimate.py``)."""
    try:
        text = resources.files("heritrace.matching").joinpath(PARAMETERS_FILE).read_text("utf-8")
    except FileNotFoundError:
        return {"version": "unfitted", "prior_bits": -6.0, "levels": {}, "thresholds": {}}
    return json.loads(text)


def calibrated(score: float, margin: float, calibration: dict | None) -> float:
    """Probability that a candidate is the object, from its score and its lead over the others.

    Without fitted calibration it is the odds of the score alone. The calibration is a logistic
    model fitted on out-of-sample top candidates (``estimate.fit_calibration``): the margin says
    how far the candidate stands out, which the score of one pair cannot know.
    """
    if not calibration:
        logit = score
    else:
        margin = max(-20.0, min(20.0, margin))
        logit = calibration["intercept"] + calibration["score"] * score + calibration["margin"] * margin
    return 1.0 / (1.0 + 2.0 ** (-max(-60.0, min(60.0, logit))))


def verdict_for(probability: float, thresholds: dict) -> Verdict:
    """Verdict from probability; thresholds documented in docs/matching.md."""
    if probability >= thresholds.get("match", 0.95):
        return "match"
    if probability >= thresholds.get("possible", 0.6):
        return "possible"
    return "none"


def _optional_vocabulary():
    try:
        from heritrace.vocab import get_vocabulary  # type: ignore[import-not-found]

        return get_vocabulary()
    except Exception:  # noqa: BLE001 - the vocabulary is optional; the lexicon covers the basics
        return None


def _size_keys(size: Size, spread: int) -> set[str]:
    """Coarse size bins (3 cm per side, 4 % of area) with neighbours, so reframed sizes still meet."""
    keys: set[str] = set()
    if size.area_cm2:
        base = int(log2(size.area_cm2) / log2(1.04))
        keys.update(f"a:{base + d}" for d in range(-spread, spread + 1))
    if len(size.sides) >= 2:
        h, w = int(size.sides[0] / 3), int(size.sides[1] / 3)
        rng = range(-spread, spread + 1)
        keys.update(f"s:{h + i}x{w + j}" for i in rng for j in rng)
        # fine bins (1 cm) make an unaltered size stand out among many works by one maker
        fh, fw, fine = round(size.sides[0]), round(size.sides[1]), range(-min(spread, 1), min(spread, 1) + 1)
        keys.update(f"f:{fh + i}x{fw + j}" for i in fine for j in fine)
        if spread:  # a listing's h x w must also meet area-only register records
            keys |= _size_keys(Size(area_cm2=size.sides[0] * size.sides[1]), 3)
    return keys


def _prefix_keys(terms: Iterable[str]) -> set[str]:
    return {"p:" + t[:4] for t in terms if len(t) >= 6 and t.isalpha()}


def blocking_keys(profile: RecordProfile) -> set[str]:
    """Index keys of a record: title terms and prefixes, maker-name keys, size bins."""
    keys = {t for t in profile.title_terms if not t.isdigit()}
    keys |= _prefix_keys(profile.title_terms)
    keys.update("k:" + k for k in profile.maker_keys if len(k) > 1)
    keys.update("p:" + k[:4] for k in profile.maker_keys if len(k) >= 5)
    return keys | _size_keys(profile.size, 0) | _year_keys(profile.period, 0)


def query_keys(profile: QueryProfile) -> set[str]:
    """Keys a query looks up: its terms, word prefixes, name keys and neighbouring size bins."""
    keys = set(profile.terms) | _prefix_keys(profile.terms)
    for key in profile.key_positions:
        if len(key) > 1:
            keys.add("k:" + key)
        if len(key) >= 5:
            keys.add("p:" + key[:4])
    return keys | _size_keys(profile.size, 2) | _year_keys(profile.period, 1)


def _year_keys(period: Period | None, spread: int) -> set[str]:
    """Exact years as keys (only for narrow dates: a century says nothing for blocking)."""
    if period is None or period.width > 12:
        return set()
    return {f"y:{y}" for y in range(period.earliest - spread, period.latest + spread + 1)}


class MatchEngine:
    """Screens descriptions against register records; build once, match many times."""

    VERSION = "text-match-1.0"
    CANDIDATES = 40
    MAX_DF_SHARE = 0.05  # keys in more than 5 % of records do not help blocking

    def __init__(self, parameters: dict | None = None, vocabulary=None) -> None:
        self.parameters = parameters if parameters is not None else load_parameters()
        self.vocabulary = vocabulary if vocabulary is not None else _optional_vocabulary()
        self.freq = Frequencies()
        self.profiles: list[RecordProfile | None] = []
        self.slots: dict[str, int] = {}
        self.postings: dict[str, list[int]] = {}
        self._arrays: dict[str, np.ndarray] = {}

    # ------------------------------------------------------------ building

    @classmethod
    def build(
        cls, records: Iterable[RegisterRecord], progress: Callable[[int], None] | None = None, **kwargs
    ) -> MatchEngine:
        """Index all records; ``progress`` is called with the running count every 1000 records."""
        engine = cls(**kwargs)
        for count, record in enumerate(records, 1):
            engine.add(record)
            if progress and count % 1000 == 0:
                progress(count)
        return engine

    def __len__(self) -> int:
        return len(self.slots)

    def add(self, record: RegisterRecord) -> None:
        """Index a record (replacing an earlier version with the same object id)."""
        if record.object_id in self.slots:
            self.remove(record.object_id)
        profile = RecordProfile.of(record)
        slot = len(self.profiles)
        self.profiles.append(profile)
        self.slots[record.object_id] = slot
        self._count(profile, +1)
        for key in blocking_keys(profile):
            self.postings.setdefault(key, []).append(slot)
            self._arrays.pop(key, None)

    def remove(self, object_id: str) -> None:
        """Forget a record (no-op if unknown); its slot stays empty until the next build."""
        slot = self.slots.pop(object_id, None)
        if slot is None:
            return
        profile = self.profiles[slot]
        self.profiles[slot] = None
        if profile is not None:
            self._count(profile, -1)

    def _count(self, profile: RecordProfile, delta: int) -> None:
        freq = self.freq
        freq.records += delta
        for term in profile.title_terms:
            freq.terms[term] = freq.terms.get(term, 0) + delta
        if profile.surname_key:
            freq.surnames[profile.surname_key] = freq.surnames.get(profile.surname_key, 0) + delta

    # ------------------------------------------------------------ candidates

    def _posting_array(self, key: str) -> np.ndarray:
        array = self._arrays.get(key)
        if array is None:
            array = np.fromiter(self.postings[key], dtype=np.int64)
            self._arrays[key] = array
        return array

    def candidates(
        self, profile: QueryProfile, limit: int | None = None, text_only: bool = False
    ) -> list[int]:
        """Slots of the records sharing the most informative keys with the query.

        ``text_only`` leaves out the size and year keys: the estimator draws its non-match pairs
        from these text look-alikes so that size and date agreement keep their full weight.
        """
        limit = limit or self.CANDIDATES
        keys = query_keys(profile)
        if text_only:
            keys = {k for k in keys if not k.startswith(("s:", "f:", "a:", "y:"))}
        max_df = max(50, self.MAX_DF_SHARE * len(self.profiles))
        scores = np.zeros(len(self.profiles), dtype=np.float32)
        total = len(self.profiles) + 1
        for key in keys:
            posting = self.postings.get(key)
            if posting and len(posting) <= max_df:
                scores[self._posting_array(key)] += log2(total / len(posting))
        hits = np.flatnonzero(scores)
        if len(hits) > limit:
            hits = hits[np.argpartition(-scores[hits], limit)[:limit]]
        return [int(s) for s in hits if self.profiles[s] is not None]

    # ------------------------------------------------------------ scoring

    def score(self, record: RecordProfile, query: QueryProfile, margin: float | None = None) -> MatchResult:
        """Score one pair: prior plus the weight of every comparison level.

        ``margin`` is the pair's lead over the best other candidate (``match`` supplies it); the
        probability is calibrated on score and margin when the parameters hold a calibration.
        """
        outcomes = compare_all(record, query, self.freq, self.parameters, self.vocabulary)
        contributions = [Contribution("prior", "prior odds", self.parameters.get("prior_bits", -6.0))]
        contributions += [self._contribution(name, outcome) for name, outcome in outcomes.items()]
        score = sum(c.weight for c in contributions)
        margin = score if margin is None else margin
        probability = calibrated(score, margin, self.parameters.get("calibration"))
        verdict = verdict_for(probability, self.parameters.get("thresholds", {}))
        return MatchResult(
            record.record.object_id, round(score, 3), probability, verdict, contributions, round(margin, 3)
        )

    def _weight(self, name: str, outcome: Outcome) -> float:
        if outcome.level == NOT_RECORDED:
            return 0.0  # what the record does not hold is no evidence against the match
        levels = self.parameters.get("levels", {}).get(name, {})
        base = outcome.level.split(", ")[0] if name == "maker" else outcome.level
        return levels[base]["weight"] + outcome.adjust if base in levels else 0.0

    def _contribution(self, name: str, outcome: Outcome) -> Contribution:
        return Contribution(name, outcome.level, round(self._weight(name, outcome), 3), outcome.detail)

    def problems(self, query: Query) -> list[str]:
        """Why a query cannot be screened well (empty, one word, unsupported script)."""
        return QueryProfile.of(query).problems

    def match(self, query: Query, top_k: int = 10) -> list[MatchResult]:
        """The best ``top_k`` register records for a query, best first (empty if none)."""
        profile = QueryProfile.of(query)
        if "empty description" in profile.problems or "unsupported script" in profile.problems:
            return []
        # rank on plain sums first; build the explained results only for the ones returned
        ranked = []
        for slot in self.candidates(profile):
            record = self.profiles[slot]
            if record is not None:
                ranked.append((-self._quick_score(record, profile), record.record.object_id, record))
        ranked.sort(key=lambda item: (item[0], item[1]))
        results = []
        for rank, (negative, _, record) in enumerate(ranked[:top_k]):
            best_other = ranked[1][0] if rank == 0 and len(ranked) > 1 else ranked[0][0]
            margin = (-negative) - (-best_other) if len(ranked) > 1 else -negative - self._floor()
            results.append(self.score(record, profile, margin))
        return sorted(results, key=lambda r: (-r.score, r.object_id))

    def _floor(self) -> float:
        """The score of a candidate with no evidence: the lead of a lone candidate is measured from it."""
        return float(self.parameters.get("prior_bits", -6.0))

    def _quick_score(self, record: RecordProfile, query: QueryProfile) -> float:
        outcomes = compare_all(record, query, self.freq, self.parameters, self.vocabulary)
        return self._floor() + sum(self._weight(name, outcome) for name, outcome in outcomes.items())

    def match_many(
        self, queries: Iterable[Query], top_k: int = 10, workers: int = 1
    ) -> Iterator[list[MatchResult]]:
        """Screen queries in order; ``workers`` > 1 forks processes that share the built index."""
        if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            for query in queries:
                yield self.match(query, top_k)
            return
        global _WORKER_ENGINE
        _WORKER_ENGINE = self
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_match_in_worker, ((q, top_k) for q in queries), chunksize=16)


_WORKER_ENGINE: MatchEngine | None = None


def _match_in_worker(args: tuple[Query, int]) -> list[MatchResult]:
    query, top_k = args
    assert _WORKER_ENGINE is not None
    return _WORKER_ENGINE.match(query, top_k)

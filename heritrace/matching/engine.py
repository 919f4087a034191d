"""The matching engine: candidate generation (blocking) first, additive log-odds scoring second.

Blocking uses an in-memory inverted index over language-neutral title terms and maker-name keys,
ranked by the information (log2 N/df) of the shared keys. Scoring sums the labelled contributions
of every comparison (see ``comparisons``) with a prior; the probability and verdict follow from
the total. The database-backed search can replace ``candidates`` without touching the scoring.
"""

from __future__ import annotations

import gc
import heapq
import json
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from math import inf, log2
from typing import Literal

import numpy as np

from heritrace.matching import lexicon
from heritrace.matching.blocking import (
    SURNAME,
    TypoIndex,
    blocking_keys,
    query_keys,
)
from heritrace.matching.comparisons import (
    COMPARISONS,
    NOT_RECORDED,
    Frequencies,
    Outcome,
    compare_all,
    compare_one,
    recorded,
    weight_bounds,
)
from heritrace.matching.normalize import ALL_STOP_WORDS
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


CALIBRATION_FEATURES = ("score", "margin", "lead")


def calibration_features(score: float, margin: float, floor: float) -> dict[str, float]:
    """What the calibration reads: the score, the lead over the runner-up, and the smaller of
    the lead and the evidence gathered (score above ``floor``, the score of no evidence).

    A candidate is only likely the object when it both has evidence and stands out; a clear
    lead on no evidence (one weak candidate) or strong evidence shared with a twin is not enough.
    """
    margin = max(-20.0, min(20.0, margin))
    return {"score": score, "margin": margin, "lead": min(score - floor, margin)}


def calibrated(features: dict[str, float], calibration: dict | None) -> float:
    """Probability that a candidate is the object (a logistic model, in bits like the scores).

    Without fitted calibration it is the odds of the score alone. The calibration is fitted on
    top candidates (``estimate.fit_calibration``) and judged on listings it never saw.
    """
    if not calibration:
        logit = features["score"]
    else:
        logit = calibration["intercept"] + sum(calibration.get(k, 0.0) * v for k, v in features.items())
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


_ONCE_PER_RECORD = ("y:", "td:", "tc:")


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
        self.typos = TypoIndex()
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
        keys = blocking_keys(profile)
        for key in keys:
            posting = self.postings.setdefault(key, [])
            if len(posting) == 0:
                self.typos.add((key,))
            posting.append(slot)
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
        self,
        profile: QueryProfile,
        limit: int | None = None,
        text_only: bool = False,
        allowed: Callable[[str], bool] | None = None,
    ) -> list[int]:
        """Slots of the records sharing the most informative keys with the query (see
        ``shared_information``, whose candidates these are)."""
        return list(self.shared_information(profile, limit, text_only, allowed))

    def shared_information(
        self,
        profile: QueryProfile,
        limit: int | None = None,
        text_only: bool = False,
        allowed: Callable[[str], bool] | None = None,
    ) -> dict[int, float]:
        """The candidates' slots with the summed information of the keys they share with the query.

        The best ``limit`` by summed key information, plus every record whose maker's surname
        (any spelling, within one typing error) the listing names: the cap never drops a record
        sharing the maker. A maker with more than ``MAKER_WORKS`` works contributes the best
        ``MAKER_WORKS`` of them by the other shared keys. ``text_only`` leaves out the size and
        year keys (the estimator's pool of look-alike non-matches). ``allowed`` (an object id ->
        bool) keeps the others out before anything is ranked: they take no place and set no lead.
        """
        limit = limit or self.CANDIDATES
        keys = query_keys(profile) | self._typo_keys(profile)
        if text_only:
            keys = {k for k in keys if not k.startswith(("s:", "f:", "a:", "y:", "td:", "tc:"))}
        max_df = max(50, self.MAX_DF_SHARE * len(self.profiles))
        scores = np.zeros(len(self.profiles), dtype=np.float32)
        total = len(self.profiles) + 1
        makers: list[str] = []
        # a date meets a record through several year (or decade) keys at once: count the best one
        dated: dict[str, np.ndarray] = {}  # made when the listing has a key of that kind
        for key in keys:
            posting = self.postings.get(key)
            if not posting:
                continue
            if key.startswith(SURNAME):
                makers.append(key)
            elif len(posting) <= max_df:
                bits = log2(total / len(posting))
                prefix = key[: key.index(":") + 1] if ":" in key else ""
                if prefix not in _ONCE_PER_RECORD:
                    scores[self._posting_array(key)] += bits
                else:
                    group = dated.get(prefix)
                    if group is None:
                        group = dated[prefix] = np.zeros_like(scores)
                    array = self._posting_array(key)
                    group[array] = np.maximum(group[array], bits)
        for group in dated.values():
            scores += group
        if allowed is not None:
            for slot in np.flatnonzero(scores):
                record = self.profiles[slot]
                if record is None or not allowed(record.record.object_id):
                    scores[slot] = 0
        hits = np.flatnonzero(scores)
        if len(hits) > limit:
            hits = hits[np.argpartition(-scores[hits], limit)[:limit]]
        chosen = {int(s) for s in hits} | self._maker_slots(
            self._maker_caps(profile, makers), scores, allowed
        )
        return {s: float(scores[s]) for s in sorted(chosen) if self._admitted(s, allowed)}

    def _admitted(self, slot: int, allowed: Callable[[str], bool] | None) -> bool:
        record = self.profiles[slot]
        return record is not None and (allowed is None or allowed(record.record.object_id))

    MAKER_WORKS = 100
    COMMON_NAME_WORKS = 10

    def _maker_slots(
        self, caps: dict[str, int], scores: np.ndarray, allowed: Callable[[str], bool] | None = None
    ) -> set[int]:
        slots: set[int] = set()
        for key, cap in caps.items():
            array = self._posting_array(key)
            if allowed is not None:
                array = np.fromiter((s for s in array if self._admitted(int(s), allowed)), dtype=np.int64)
            if len(array) > cap:
                array = array[np.argpartition(-scores[array], cap)[:cap]]
            slots.update(int(s) for s in array)
        return slots

    def _typo_keys(self, profile: QueryProfile) -> set[str]:
        """Register words and surname keys one edit away from the listing's unknown words.

        Only words the register and the thesaurus do not know are read as typing errors
        ('painting' is no misspelt 'Panting').
        """
        keys: set[str] = set()
        known = lexicon.concept_index()
        for term in profile.terms:
            if term not in self.postings and (term,) not in known:
                keys |= self.typos.near(term)
        for name, positions in profile.key_positions.items():
            word = profile.words[positions[0]]
            if len(name) < 6 or SURNAME + name in self.postings or word in self.postings or (word,) in known:
                continue
            keys |= self.typos.near(name, SURNAME)
        return keys

    def _maker_caps(self, profile: QueryProfile, keys: Iterable[str]) -> dict[str, int]:
        """How many works of each named maker reach the scorer.

        All of them (up to ``MAKER_WORKS``) when the name is more often a maker than a title word
        in the register; a surname that is mostly an ordinary word ('White', 'Family') brings
        its ``COMMON_NAME_WORKS`` best works by the other keys. Names shorter than four letters
        ('In', 'Es') bring none.
        """
        words = {name: profile.words[pos[0]] for name, pos in profile.key_positions.items()}
        caps = {}
        for key in keys:
            name = key[len(SURNAME) :]
            if not key.startswith(SURNAME) or len(name) < 4 or words.get(name, "") in ALL_STOP_WORDS:
                continue
            works = len(self.postings.get(key, ()))
            as_word = self.freq.terms.get(words.get(name, name), 0)
            caps[key] = self.MAKER_WORKS if works >= as_word else self.COMMON_NAME_WORKS
        return caps

    # ------------------------------------------------------------ scoring

    def score(
        self,
        record: RecordProfile,
        query: QueryProfile,
        margin: float | None = None,
        outcomes: dict[str, Outcome] | None = None,
    ) -> MatchResult:
        """Score one pair: prior plus the weight of every comparison level.

        ``margin`` is the pair's lead over the best other candidate (``match`` supplies it); the
        probability is calibrated on score and margin when the parameters hold a calibration.
        ``outcomes`` are the pair's comparisons when already made (``match`` makes them once).
        """
        if outcomes is None:
            outcomes = compare_all(record, query, self.freq, self.parameters, self.vocabulary)
        contributions = [Contribution("prior", "prior odds", self.parameters.get("prior_bits", -6.0))]
        contributions += [self._contribution(name, outcome) for name, outcome in outcomes.items()]
        score = sum(c.weight for c in contributions)
        margin = score if margin is None else margin
        features = calibration_features(score, margin, self.floor())
        probability = calibrated(features, self.parameters.get("calibration"))
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

    def match(
        self, query: Query, top_k: int = 10, allowed: Callable[[str], bool] | None = None
    ) -> list[MatchResult]:
        """The best ``top_k`` register records for a query, best first (empty if none); with
        ``allowed``, among the records it admits only (see ``candidates``)."""
        profile = QueryProfile.of(query)
        if "empty description" in profile.problems or "unsupported script" in profile.problems:
            return []
        ranked = self._ranked(profile, self.shared_information(profile, allowed=allowed), top_k)
        results = []
        for item in ranked[:top_k]:
            # the lead is taken over the best candidate that is not a copy of this record: the same
            # object registered twice (by police and museum, or in two inventories) is no rival
            rival = _best_other(item, ranked)
            margin = item.score - (self.floor() if rival is None else rival)
            results.append(self.score(item.record, profile, margin, item.outcomes))
        return sorted(results, key=lambda r: (-r.score, r.object_id))

    def floor(self) -> float:
        """The score of a candidate with no evidence: the lead of a lone candidate is measured from it."""
        return float(self.parameters.get("prior_bits", -6.0))

    def _ranked(self, profile: QueryProfile, shared: dict[int, float], top_k: int) -> list[_Ranked]:
        """The candidates that can matter, fully compared, best first.

        A first pass makes the comparisons one at a time (candidates with the most shared key
        information first) and stops a candidate's as soon as its score so far plus the most the
        remaining comparisons can add (``comparisons.weight_bounds``; 0 for facts the record does
        not hold) falls below the ``top_k + 1``-th best complete score. Such a candidate cannot be
        returned nor be the runner-up that sets a margin, so the results are those of comparing
        every candidate, at a fraction of the cost. The exception, a runner-up hidden behind copies
        of the same object, is handled by completing the stopped candidates that could be it.
        """
        bounds = dict(zip(COMPARISONS, weight_bounds(self.parameters, profile), strict=True))
        order = sorted(shared, key=lambda slot: (-shared[slot], slot))
        done: list[_Ranked] = []
        stopped: list[tuple[float, RecordProfile]] = []
        best: list[float] = []  # min-heap of the top_k + 1 best complete scores
        rests: dict[tuple[bool, ...], list[float]] = {}
        for slot in order:
            record = self.profiles[slot]
            if record is None:
                continue
            mask = recorded(record)
            rest = rests.get(mask)
            if rest is None:
                held = dict(zip(COMPARISONS, mask, strict=True))
                rest = _suffix_sums([bounds[name] if held[name] else 0.0 for name in _FIRST_PASS])
                rests[mask] = rest
            bar = best[0] - _SLACK if len(best) > top_k else None
            item = self._compare(record, profile, rest, bar)
            if isinstance(item, float):
                stopped.append((item, record))
                continue
            done.append(item)
            heapq.heappush(best, item.score)
            if len(best) > top_k + 1:
                heapq.heappop(best)
        done.sort(key=lambda item: (-item.score, item.record.record.object_id))
        while stopped and top_k > 0:
            # a returned candidate with no rival among the complete ones has it among the stopped
            rivals_found = [_best_other(item, done) for item in done[:top_k]]
            need = -inf if None in rivals_found else min(r for r in rivals_found if r is not None) - _SLACK
            rivals = [record for bound, record in stopped if bound >= need]
            if not rivals:
                break
            stopped = [(bound, record) for bound, record in stopped if bound < need]
            for record in rivals:
                item = self._compare(record, profile, rests[recorded(record)], None)
                assert not isinstance(item, float)
                done.append(item)
            done.sort(key=lambda item: (-item.score, item.record.record.object_id))
        return done

    def _compare(
        self, record: RecordProfile, profile: QueryProfile, rest: list[float], bar: float | None
    ) -> _Ranked | float:
        """All comparisons of a pair, or the bound on its score once it falls below ``bar``."""
        made: dict[str, tuple[Outcome, float]] = {}
        partial = self.floor()
        for index, name in enumerate(_FIRST_PASS):
            if bar is not None and partial + rest[index] < bar:
                return partial + rest[index]
            outcome = compare_one(name, record, profile, self.freq, self.parameters, self.vocabulary)
            weight = self._weight(name, outcome)
            made[name] = (outcome, weight)
            partial += weight
        outcomes = {name: made[name][0] for name in COMPARISONS}  # the waterfall's order
        score = self.floor() + sum(made[name][1] for name in COMPARISONS)
        return _Ranked(score, record, outcomes)

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
        # the index is read-only in the workers: kept out of their garbage collector, its pages
        # stay shared with this process instead of being copied when a collection touches them
        gc.freeze()
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                yield from pool.imap(_match_in_worker, ((q, top_k) for q in queries), chunksize=16)
        finally:
            gc.unfreeze()


def _best_other(item: _Ranked, ranked: list[_Ranked]) -> float | None:
    """The score of the best candidate (``ranked`` is best first) that is no copy of ``item``."""
    for other in ranked:
        if other is not item and not _same_object(item.record, other.record):
            return other.score
    return None


@dataclass
class _Ranked:
    """A fully compared candidate: its score (no rounding) and comparisons."""

    score: float
    record: RecordProfile
    outcomes: dict[str, Outcome]


# the order of the first pass: the cheap comparisons of facts first (a different date, type or
# size rules many look-alikes out in microseconds), then the maker (one look-up per surname and
# listing), the title words last
_FIRST_PASS = (
    "date",
    "object_type",
    "measurements",
    "materials",
    "inscriptions",
    "distinguishing_features",
    "subject",
    "maker",
    "title",
    "listing_title",
)
_SLACK = 1e-6  # float rounding between a running sum and the same weights summed at once


def _suffix_sums(values: list[float]) -> list[float]:
    """``out[i]`` = sum of ``values[i:]`` (the most the comparisons from ``i`` on can add)."""
    out = [0.0] * (len(values) + 1)
    for index in range(len(values) - 1, -1, -1):
        out[index] = out[index + 1] + values[index]
    return out


def _same_object(a: RecordProfile, b: RecordProfile) -> bool:
    """Two records that describe the same object the same way: a named maker, the same title, type
    and date, and no size or materials that differ (an object registered by its owner and again by
    its lender). Without a maker, records alike in title, type and date ("Icon, 18th century") are
    look-alikes of a sparse register, not copies: each stays the other's rival."""
    if a.surname_key is None or not a.title_terms:
        return False
    return (
        a.title_terms == b.title_terms
        and a.surname_key == b.surname_key
        and a.object_type == b.object_type
        and a.period == b.period
        and not (a.size.known and b.size.known and a.size != b.size)
        and not (a.materials and b.materials and a.materials != b.materials)
    )


_WORKER_ENGINE: MatchEngine | None = None


def _match_in_worker(args: tuple[Query, int]) -> list[MatchResult]:
    query, top_k = args
    assert _WORKER_ENGINE is not None
    return _WORKER_ENGINE.match(query, top_k)

"""Declarative comparisons: each maps a (record, query) pair to a labelled level.

A comparison only decides *which level* a pair falls into and why; the weight of each level
(log2 m/u, splink-style) comes from the fitted parameters (``parameters.json``). Two documented
adjustments are added on top: term frequency (rare title words and surnames count more) and the
attribution qualifier (a "circle of" listing is weaker evidence than an autograph one).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from math import log2

from rapidfuzz import fuzz, process

from heritrace.matching import lexicon
from heritrace.matching.attribution import QUALIFIER_FAMILY, qualifier_before_name
from heritrace.matching.facts import Period, Size
from heritrace.matching.normalize import name_key
from heritrace.matching.records import QueryProfile, RecordProfile

# A fact the record does not hold is no evidence either way: this level always weighs 0 (it is
# never fitted, so a sparse register cannot be penalised for what its records leave out).
NOT_RECORDED = "not recorded"
# The record holds the fact but the listing does not say it: fitted like any other level.
NOT_STATED = "not stated"


@dataclass(frozen=True)
class Outcome:
    """The level a pair falls into, a human-readable detail, and a keyed weight adjustment."""

    level: str
    detail: str = ""
    adjust: float = 0.0
    bits: float | None = None  # rarity of the matched value, for fitting the tf reference


class Frequencies:
    """Document frequencies over the register, for blocking and term-frequency adjustments."""

    def __init__(self) -> None:
        self.records = 0
        self.terms: dict[str, int] = {}
        self.surnames: dict[str, int] = {}

    def bits(self, term: str) -> float:
        """Information of a title term in bits, smoothed so that no term is worth nothing."""
        return 1.0 + log2((self.records + 1) / (self.terms.get(term, 0) + 1))

    def rarity(self, term: str) -> float:
        """-log2(1 + records sharing the term): 0 for a unique term, lower the more common.

        Absolute counts, not shares: the engine scores a fixed number of candidates, so what
        confuses it is how many records carry the value, whatever the register's size.
        """
        return -log2(self.terms.get(term, 0) + 1)

    def surname_rarity(self, key: str) -> float:
        """-log2(1 + records by makers with this surname key)."""
        return -log2(self.surnames.get(key, 0) + 1)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


# ---------------------------------------------------------------- title


def _title_credit(profile: RecordProfile, query: QueryProfile, freq: Frequencies):
    matched, total, best_rarity, shown = 0.0, 0.0, -99.0, []
    for term in profile.title_terms:
        bits = freq.bits(term)
        total += bits
        credit = 1.0 if term in query.terms else 0.0
        word = term.removeprefix("@")
        if not credit and len(word) >= 5 and not term.startswith(("t:", "m:")) and _near(word, query):
            credit = 0.9  # a typo still points at the same word, less surely
        if credit:
            matched += credit * bits
            best_rarity = max(best_rarity, freq.rarity(term))
            shown.append(term.lstrip("@"))
    return matched / total if total else 0.0, best_rarity, shown


def _near(word: str, query: QueryProfile) -> bool:
    """Whether a listing word is within typing distance of a register word (once per word)."""
    near = query.near_words.get(word)
    if near is None:
        near = bool(process.extractOne(word, query.long_words, scorer=fuzz.ratio, score_cutoff=80))
        query.near_words[word] = near
    return near


def compare_title(profile: RecordProfile, query: QueryProfile, freq: Frequencies, tf: dict) -> Outcome:
    """Title words (cross-language via the lexicon, typo-tolerant) found in the listing."""
    if not profile.title_terms:
        return Outcome(NOT_RECORDED, "the record has no title")
    coverage, best_rarity, shown = _title_credit(profile, query, freq)
    single = len(profile.title_terms) == 1
    if coverage >= 0.95:
        level = "exact (one word)" if single else "exact"
    elif coverage >= 0.6:
        level = "most words"
    elif coverage >= 0.3:
        level = "some words"
    elif coverage > 0:
        level = "few words"
    else:
        return Outcome("no words", "none of the title words appear")
    adjust = tf.get("scale", 0.5) * _clamp(best_rarity - tf.get("reference", -2.0), -4, 4)
    detail = f"{coverage:.0%} of title weight: " + ", ".join(shown[:6])
    return Outcome(level, detail, adjust, best_rarity)


def compare_listing_title(profile: RecordProfile, query: QueryProfile) -> Outcome:
    """How much of the title the listing writes in quotes the record's title explains.

    The reverse of ``compare_title``: a record titled 'Screenprint' covers its own one word in
    any listing of a screenprint, but not a listing that quotes the title "A Bridge".
    """
    quoted = bool(query.quoted_terms)
    terms = query.quoted_terms or query.headline_terms
    if not terms:
        return Outcome(NOT_STATED)
    if not profile.title_terms:
        return Outcome(NOT_RECORDED)
    own = set(profile.title_terms)
    if not quoted:  # a headline also names the maker and the seller's own words
        own |= {"k:" + k for k in profile.maker_keys}
    words = [t.removeprefix("@") for t in profile.title_terms if len(t) >= 5]
    found = [t for t in terms if _explained(t, own, words)]
    share = len(found) / len(terms)
    kind = "quoted" if quoted else "headline"
    detail = f"{len(found)} of {len(terms)} {kind} words: " + ", ".join(t.lstrip("@") for t in found[:6])
    if share >= 0.95:
        level = "all"
    elif share >= 0.6:
        level = "most"
    else:
        level = "some" if found else "none"
    return Outcome(f"{kind} {level}", detail)


def _explained(term: str, own: set[str], words: list[str]) -> bool:
    if term in own or "k:" + name_key(term) in own:
        return True
    word = term.removeprefix("@")
    return len(word) >= 5 and bool(process.extractOne(word, words, scorer=fuzz.ratio, score_cutoff=80))


# ---------------------------------------------------------------- maker


def _find_surname(profile: RecordProfile, query: QueryProfile) -> tuple[list[int], bool]:
    positions = query.key_positions.get(profile.surname_key or "", [])
    if positions or not profile.surname_key or len(profile.surname_key) < 5:
        return positions, False
    key = profile.surname_key
    if key not in query.near_names:
        found = process.extractOne(key, list(query.key_positions), scorer=fuzz.ratio, score_cutoff=84)
        query.near_names[key] = found[0] if found else None
    hit = query.near_names[key]
    return (query.key_positions[hit], True) if hit is not None else ([], False)


def _name_level(profile: RecordProfile, query: QueryProfile, pos: int, fuzzy: bool) -> str:
    given = [k for k in profile.maker_keys if k != profile.surname_key and len(k) > 1]
    window = query.words[max(0, pos - 4) : pos]
    window_keys = {name_key(w) for w in window}
    if given and any(k in window_keys for k in given):
        return "full name (misspelt)" if fuzzy else "full name"
    if profile.initials and any(len(w) == 1 and w in profile.initials for w in window):
        return "initials and surname"
    return "surname (misspelt)" if fuzzy else "surname"


def compare_maker(profile: RecordProfile, query: QueryProfile, freq: Frequencies, params: dict) -> Outcome:
    """Maker name (transliteration-robust keys) and the attribution qualifier written before it."""
    if not profile.surname_key:
        return Outcome(NOT_RECORDED, "the record names no maker")
    positions, fuzzy = _find_surname(profile, query)
    if not positions:
        return Outcome("absent", f"{' '.join(profile.maker_words)} not named")
    best = max(positions, key=lambda p: _NAME_RANK[_name_level(profile, query, p, fuzzy)])
    level = _name_level(profile, query, best, fuzzy)
    qualifier = qualifier_before_name(query.words, best, set(profile.maker_words))
    family = QUALIFIER_FAMILY[qualifier]
    adjust = params.get("qualifier", {}).get(family, 0.0)
    tf = params.get("tf_maker", {})
    bits = freq.surname_rarity(profile.surname_key)
    adjust += tf.get("scale", 0.5) * _clamp(bits - tf.get("reference", -2.0), -4, 4)
    label = level if qualifier == "by" else f"{level}, {qualifier}"
    return Outcome(label, f"{qualifier} {' '.join(profile.maker_words)}", adjust, bits)


_NAME_RANK = {
    "full name": 5,
    "full name (misspelt)": 4,
    "initials and surname": 3,
    "surname": 2,
    "surname (misspelt)": 1,
}


def maker_base_level(label: str) -> str:
    """The name level of a maker label without its qualifier ("surname, circle of" -> "surname")."""
    return label.split(", ")[0]


# ---------------------------------------------------------------- object type and materials


def compare_object_type(profile: RecordProfile, query: QueryProfile, vocab=None) -> Outcome:
    """Object type of the record against the types the listing mentions (is_a relations)."""
    types = query.types - {"t:collectible"}
    if not profile.object_type:
        return Outcome(NOT_RECORDED)
    if not types:
        return Outcome(NOT_STATED)
    if profile.object_type in types:
        return Outcome("same", profile.object_type[2:])
    family = lexicon.type_family(profile.object_type)
    if any(lexicon.type_family(t) == family for t in types) or _vocab_related(vocab, profile, types):
        return Outcome("related", f"{profile.object_type[2:]} ~ {', '.join(t[2:] for t in types)}")
    return Outcome("different", f"{profile.object_type[2:]} vs {', '.join(t[2:] for t in types)}")


def _vocab_related(vocab, profile: RecordProfile, types: set[str]) -> bool:
    if vocab is None or profile.object_type is None:
        return False
    record_id = _vocab_id(vocab, profile.object_type[2:])
    listing_ids = {_vocab_id(vocab, t[2:]) for t in types} - {None}
    if record_id is None or not listing_ids:
        return False
    try:
        return any(vocab.is_a(i, record_id) or vocab.is_a(record_id, i) for i in listing_ids)
    except Exception:  # noqa: BLE001 - the vocabulary is optional; never let it break scoring
        return False


@lru_cache(maxsize=1024)
def _vocab_id(vocab, name: str) -> str | None:
    try:
        concept = vocab.lookup(name.replace("_", " "), "object_type")
    except Exception:  # noqa: BLE001
        return None
    return getattr(concept, "id", None)


def compare_materials(profile: RecordProfile, query: QueryProfile) -> Outcome:
    """Materials and techniques of the record found in the listing."""
    if not profile.materials:
        return Outcome(NOT_RECORDED)
    if not query.materials:
        return Outcome(NOT_STATED)
    shared = profile.materials & query.materials
    if not shared:
        return Outcome("different", ", ".join(sorted(m[2:] for m in query.materials)))
    level = "all" if shared == profile.materials else "some"
    return Outcome(level, ", ".join(sorted(m[2:] for m in shared)))


# ---------------------------------------------------------------- measurements


def compare_measurements(profile: RecordProfile, query: QueryProfile) -> Outcome:
    """Dimensions in cm with tolerance for rounding and reframing; area-only records too."""
    record, listing = profile.size, query.size
    if not record.known:
        return Outcome(NOT_RECORDED)
    if not listing.known:
        return Outcome(NOT_STATED)
    if record.area_cm2 is not None:
        return _compare_area(record.area_cm2, listing)
    return _compare_sides(record, listing)


def _compare_sides(record: Size, listing: Size) -> Outcome:
    n = min(len(record.sides), len(listing.sides), 2)
    pairs = list(zip(record.sides[:n], listing.sides[:n], strict=True))
    if len(listing.sides) == 1 and len(record.sides) > 1:
        pairs = [min(((r, listing.sides[0]) for r in record.sides), key=lambda p: abs(p[0] - p[1]))]
    detail = " x ".join(f"{b:.1f}" for _, b in pairs) + " vs " + " x ".join(f"{a:.1f}" for a, _ in pairs)
    worst = max(abs(a - b) - 0.02 * max(a, b) for a, b in pairs)
    if worst <= 0.6:
        return Outcome("same" if len(pairs) > 1 else "one side same", detail + " cm")
    if worst <= 5.5:
        return Outcome("close" if len(pairs) > 1 else "one side close", detail + " cm")
    return Outcome("different", detail + " cm")


def _compare_area(area: float, listing: Size) -> Outcome:
    if len(listing.sides) < 2:
        return Outcome(NOT_STATED)
    h, w = listing.sides[:2]
    detail = f"{h:.1f} x {w:.1f} cm = {h * w:.0f} cm² vs register area {area:.0f} cm²"
    if abs(h * w / area - 1) <= 0.04:
        return Outcome("area same", detail)
    if (h - 5.5) * (w - 5.5) <= area * 1.02 and area <= (h + 5.5) * (w + 5.5) * 1.02:
        return Outcome("area close", detail)
    return Outcome("area different", detail)


# ---------------------------------------------------------------- dates


def compare_date(profile: RecordProfile, query: QueryProfile) -> Outcome:
    """Date/period interval overlap (centuries, decades, circa ranges)."""
    record, listing = profile.period, query.period
    if record is None:
        return Outcome(NOT_RECORDED)
    if listing is None:
        return Outcome(NOT_STATED)
    detail = f"{_show(listing)} vs {_show(record)}"
    gap = max(record.earliest - listing.latest, listing.earliest - record.latest)
    if gap > 10:
        return Outcome("different", detail)
    if gap > 0:
        return Outcome("near", detail)
    if record.width <= 2 and listing.width <= 2:
        return Outcome("same year", detail)
    if max(record.width, listing.width) <= 25:
        return Outcome("overlap", detail)
    return Outcome("same century", detail)


def _show(period: Period) -> str:
    return str(period.earliest) if not period.width else f"{period.earliest}-{period.latest}"


# ---------------------------------------------------------------- free-text fields


def compare_terms(terms: list[str], query: QueryProfile) -> Outcome:
    """Share of a free-text field's terms (inscription, features, subject) found in the listing."""
    if not terms:
        return Outcome(NOT_RECORDED)
    shared = [t for t in terms if t in query.terms and not t.isdigit()]
    if len(shared) >= 2 and len(shared) >= 0.4 * len(terms):
        return Outcome("many", ", ".join(t.lstrip("@") for t in shared[:6]))
    if shared:
        return Outcome("some", ", ".join(t.lstrip("@") for t in shared[:6]))
    return Outcome("none")


COMPARISONS = (
    "title",
    "listing_title",
    "maker",
    "object_type",
    "materials",
    "measurements",
    "date",
    "inscriptions",
    "distinguishing_features",
    "subject",
)


def compare_one(
    name: str, profile: RecordProfile, query: QueryProfile, freq: Frequencies, params: dict, vocab=None
) -> Outcome:
    """One comparison of a pair by name (see ``COMPARISONS``)."""
    if name == "title":
        return compare_title(profile, query, freq, params.get("tf_title", {}))
    if name == "listing_title":
        return compare_listing_title(profile, query)
    if name == "maker":
        return compare_maker(profile, query, freq, params)
    if name == "object_type":
        return compare_object_type(profile, query, vocab)
    if name == "materials":
        return compare_materials(profile, query)
    if name == "measurements":
        return compare_measurements(profile, query)
    if name == "date":
        return compare_date(profile, query)
    if name == "inscriptions":
        return compare_terms(profile.inscription_terms, query)
    if name == "distinguishing_features":
        return compare_terms(profile.feature_terms, query)
    return compare_terms(profile.subject_terms, query)


def compare_all(
    profile: RecordProfile, query: QueryProfile, freq: Frequencies, params: dict, vocab=None
) -> dict[str, Outcome]:
    """Every comparison for one pair, keyed by comparison name (the order of the waterfall)."""
    return {name: compare_one(name, profile, query, freq, params, vocab) for name in COMPARISONS}


def recorded(profile: RecordProfile) -> tuple[bool, ...]:
    """Per comparison (``COMPARISONS`` order): False where the record does not hold the fact, so
    that the comparison can only come out ``not recorded`` (weight 0). ``listing_title`` can be
    ``not stated`` whatever the record holds, so it always counts as recorded."""
    return (
        bool(profile.title_terms),
        True,
        bool(profile.surname_key),
        bool(profile.object_type),
        bool(profile.materials),
        profile.size.known,
        profile.period is not None,
        bool(profile.inscription_terms),
        bool(profile.feature_terms),
        bool(profile.subject_terms),
    )


def weight_bounds(params: dict, query: QueryProfile) -> tuple[float, ...]:
    """Per comparison (``COMPARISONS`` order): the most any level can weigh with its adjustment.

    The largest fitted level weight (0 when a level is unfitted or the record lacks the fact),
    plus the largest term-frequency adjustment (that of a value no other record holds) for title
    and maker and the
    largest attribution qualifier for the maker; for ``listing_title`` only the levels the
    listing allows (quoted, headline or not stated). No pair with this listing can gain more
    from a comparison; the engine's first pass relies on it.
    """
    levels = params.get("levels", {})
    kind = "quoted " if query.quoted_terms else "headline " if query.headline_terms else NOT_STATED
    bounds = []
    for name in COMPARISONS:
        weights = [
            level["weight"]
            for label, level in levels.get(name, {}).items()
            if name != "listing_title" or label.startswith(kind)
        ]
        bound = max([0.0, *weights])
        if name in ("title", "maker"):  # rarity is -log2(1 + records sharing the value): at most 0
            tf = params.get("tf_title" if name == "title" else "tf_maker", {})
            scale = tf.get("scale", 0.5)
            bound += max(scale * _clamp(-tf.get("reference", -2.0), -4, 4), -4 * scale)
        if name == "maker":
            bound += max([0.0, *params.get("qualifier", {}).values()])
        bounds.append(bound)
    return tuple(bounds)

"""Blocking keys: which register records a listing is compared with at all.

A record reaches the scorer when it shares an informative key with the listing: a title term
(a language-neutral concept where the thesaurus knows the word), a title word within one or two
typing errors (symmetric delete neighbourhoods, the SymSpell idea: a word and its one-letter
deletions), a maker-name key, the object type with an overlapping decade or century, a size bin
or an exact year. The maker's surname key has a posting list of its own so that every record
sharing the maker can be brought to the scorer (``MatchEngine.candidates``).
"""

from __future__ import annotations

from collections.abc import Iterable
from math import log2

from heritrace.matching.facts import Period, Size
from heritrace.matching.records import QueryProfile, RecordProfile

SURNAME = "sk:"  # posting list of the records by makers with this surname key
TYPO_MIN_LENGTH = 5  # shorter words have too many neighbours one letter away


def size_keys(size: Size, spread: int) -> set[str]:
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
            keys |= size_keys(Size(area_cm2=size.sides[0] * size.sides[1]), 3)
    return keys


def _prefix_keys(terms: Iterable[str]) -> set[str]:
    return {"p:" + t[:4] for t in terms if len(t) >= 6 and t.isalpha()}


def _year_keys(period: Period | None, spread: int) -> set[str]:
    """Exact years as keys (only for narrow dates: a century says nothing for blocking)."""
    if period is None or period.width > 12:
        return set()
    return {f"y:{y}" for y in range(period.earliest - spread, period.latest + spread + 1)}


def _type_period_keys(types: Iterable[str], period: Period | None, spread: int) -> set[str]:
    """Object type with each decade (narrow dates) or century (broad ones) the date overlaps.

    Sparse police records hold little more than a type and a date; together they narrow a
    register of thousands of paintings to a few dozen of one decade.
    """
    if period is None or period.width > 120:
        return set()
    keys: set[str] = set()
    for kind in types:
        if period.width <= 30:
            first, last = period.earliest // 10 - spread, period.latest // 10 + spread
            keys.update(f"td:{kind}:{d}" for d in range(first, last + 1))
        keys.update(f"tc:{kind}:{c}" for c in range(period.earliest // 100, period.latest // 100 + 1))
    return keys


def blocking_keys(profile: RecordProfile) -> set[str]:
    """Index keys of a record: title terms and prefixes, maker-name keys, type x period, size bins."""
    keys = set(profile.title_terms)
    keys |= _prefix_keys(profile.title_terms)
    keys.update("k:" + k for k in profile.maker_keys if len(k) > 1)
    keys.update("p:" + k[:4] for k in profile.maker_keys if len(k) >= 5)
    if profile.surname_key:
        keys.add(SURNAME + profile.surname_key)
    types = [profile.object_type] if profile.object_type else []
    keys |= _type_period_keys(types, profile.period, 0)
    return keys | size_keys(profile.size, 0) | _year_keys(profile.period, 0)


def query_keys(profile: QueryProfile) -> set[str]:
    """Keys a query looks up: its terms, word prefixes, name keys, type x period and size bins."""
    keys = set(profile.terms) | _prefix_keys(profile.terms)
    for key in profile.key_positions:
        if len(key) > 1:
            keys.add("k:" + key)
        if len(key) >= 4:
            keys.add(SURNAME + key)
        if len(key) >= 5:
            keys.add("p:" + key[:4])
    keys |= _type_period_keys(profile.types, profile.period, 1)
    return keys | size_keys(profile.size, 2) | _year_keys(profile.period, 1)


def deletions(word: str) -> set[str]:
    """The word and every form with one letter removed."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


class TypoIndex:
    """Title words and surname keys of the register by their one-letter deletions.

    Two words meet when they share a deletion form: one dropped, added, changed or swapped
    letter ('Trinagle' / 'Triangle', 'Aivazovksy' / 'Aivazovsky'). Only words the register does
    not hold verbatim are looked up, so exact words cost nothing.
    """

    def __init__(self) -> None:
        self.forms: dict[str, set[str]] = {}

    def add(self, keys: Iterable[str]) -> None:
        """Index the typo-prone keys of a record (plain title words and surname keys)."""
        for key in keys:
            word = key[len(SURNAME) :] if key.startswith(SURNAME) else key.removeprefix("@")
            if len(word) < TYPO_MIN_LENGTH or not word.isalpha() or key[:2] in ("k:", "p:"):
                continue
            for form in deletions(word):
                self.forms.setdefault(form, set()).add(key)

    def near(self, word: str, prefix: str = "") -> set[str]:
        """Register keys within one edit of ``word`` (with ``prefix`` for surname keys)."""
        if len(word) < TYPO_MIN_LENGTH or not word.isalpha():
            return set()
        found: set[str] = set()
        for form in deletions(word):
            found |= {k for k in self.forms.get(form, ()) if k.startswith(prefix)}
        return found

"""Input records (register side and query side) and their pre-computed matching profiles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any

from heritrace.matching import facts, lexicon, thesaurus
from heritrace.matching.normalize import (
    ALL_STOP_WORDS,
    MAX_TEXT_CHARS,
    fold,
    forename_initials,
    name_key,
    name_words,
    surname_of,
)

ANONYMOUS_MAKERS = frozenset(
    "unknown anonymous unidentified anon artist school british continental french italian "
    "dutch german flemish english american spanish russian workshop".split()
)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = str(value).strip()
    return text[:MAX_TEXT_CHARS] or None


@dataclass
class RegisterRecord:
    """A register object as the matcher sees it (Object ID fields, free text)."""

    object_id: str
    type_of_object: str | None = None
    title: str | None = None
    maker: str | None = None
    date_or_period: str | None = None
    materials_techniques: str | None = None
    measurements: str | None = None
    inscriptions_markings: str | None = None
    distinguishing_features: str | None = None
    subject: str | None = None
    description: str | None = None
    country: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RegisterRecord:
        """Build from a register.jsonl line (``id`` or ``object_id``); unknown keys are ignored."""
        names = {f.name for f in fields(cls)} - {"object_id"}
        values = {k: _text(d.get(k)) for k in names}
        return cls(object_id=str(d.get("object_id") or d.get("id") or ""), **values)


@dataclass
class Query:
    """A description to screen: a listing's title and description plus optional structured fields."""

    title: str | None = None
    description: str | None = None
    maker: str | None = None
    type_of_object: str | None = None
    measurements: str | None = None
    date_or_period: str | None = None
    materials_techniques: str | None = None
    query_id: str | None = None

    @classmethod
    def from_listing(cls, d: dict[str, Any]) -> Query:
        """Build from a listings.jsonl line (``id``, ``title``, ``description``, ...)."""
        names = {f.name for f in fields(cls)} - {"query_id"}
        values = {k: _text(d.get(k)) for k in names}
        return cls(query_id=_text(d.get("id") or d.get("listing_id")), **values)

    def full_text(self) -> str:
        """All text fields joined, title first (truncated for safety)."""
        parts = [
            self.title,
            self.maker,
            self.type_of_object,
            self.materials_techniques,
            self.measurements,
            self.date_or_period,
            self.description,
        ]
        return ". ".join(p for p in parts if p)[:MAX_TEXT_CHARS]


def title_terms(text: str | None) -> list[str]:
    """Language-neutral terms of a title: concepts where the lexicon knows the word, else the word."""
    if not text:
        return []
    words = fold(text).split()
    terms: list[str] = []
    covered: set[int] = set()
    for start, end, concept in lexicon.concepts_in(words):
        terms.append(concept)
        covered.update(range(start, end))
    lemmas = thesaurus.table()["lemmas"]
    for i, word in enumerate(words):
        if i not in covered and word not in ALL_STOP_WORDS and (len(word) > 1 or word.isdigit()):
            terms.append(lemmas.get(word, word))
    return list(dict.fromkeys(terms))


@dataclass
class RecordProfile:
    """Pre-computed features of a register record (built once, compared many times)."""

    record: RegisterRecord
    title_terms: list[str]
    maker_words: list[str]
    maker_keys: list[str]
    surname_key: str | None
    initials: set[str]
    object_type: str | None
    materials: set[str]
    size: facts.Size
    period: facts.Period | None
    inscription_terms: list[str]
    feature_terms: list[str]
    subject_terms: list[str]

    @classmethod
    def of(cls, record: RegisterRecord) -> RecordProfile:
        """Profile a register record."""
        words = name_words(record.maker)
        if words and all(w in ANONYMOUS_MAKERS for w in words):
            words = []
        surname = surname_of(words)
        types = lexicon.concepts_of(record.type_of_object, "t:")
        return cls(
            record=record,
            title_terms=title_terms(record.title),
            maker_words=words,
            maker_keys=[name_key(w) for w in words],
            surname_key=name_key(surname) if surname else None,
            initials=forename_initials(words),
            object_type=sorted(types)[0] if types else None,
            materials=lexicon.concepts_of(record.materials_techniques, "m:"),
            size=facts.register_size(record.measurements),
            period=facts.register_period(record.date_or_period),
            inscription_terms=title_terms(record.inscriptions_markings)[:30],
            feature_terms=title_terms(record.distinguishing_features)[:30],
            subject_terms=title_terms((record.subject or "").replace(";", " "))[:30],
        )


@dataclass
class QueryProfile:
    """Pre-computed features of a query (one listing)."""

    query: Query
    words: list[str]
    terms: set[str]
    long_words: list[str]
    key_positions: dict[str, list[int]]
    types: set[str]
    materials: set[str]
    size: facts.Size
    period: facts.Period | None
    problems: list[str] = field(default_factory=list)
    quoted_terms: list[str] = field(default_factory=list)  # terms of a title written in quotes
    headline_terms: list[str] = field(default_factory=list)  # the listing's own title, less types
    # what the comparisons learn about the listing's words, kept for the next candidate: a register
    # word -> whether a listing word is within typing distance of it (``comparisons``)
    near_words: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)
    # and a register surname key -> the listing's name key within typing distance of it, or None
    near_names: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, query: Query) -> QueryProfile:
        """Profile a query; problems (empty, unsupported script) are recorded, never raised."""
        from heritrace.matching.normalize import has_unsupported_script

        text = query.full_text()
        problems = []
        if not text.strip():
            problems.append("empty description")
        elif has_unsupported_script(text):
            problems.append("unsupported script")
        words = fold(text).split()
        if len(words) < 2 and text.strip():
            problems.append("one-word description")
        positions: dict[str, list[int]] = {}
        for i, word in enumerate(words):
            positions.setdefault(name_key(word), []).append(i)
        terms = set(title_terms(text))
        return cls(
            query=query,
            words=words,
            terms=terms,
            long_words=sorted({w for w in words if len(w) >= 4 and not w.isdigit()}),
            key_positions=positions,
            types=lexicon.concepts_of(text, "t:"),
            materials=lexicon.concepts_of(text, "m:"),
            size=facts.extract_size(query.measurements or text),
            period=facts.extract_period(query.date_or_period or _without_sizes(text)),
            problems=problems,
            quoted_terms=title_terms(" ".join(a or b for a, b in _QUOTED.findall(text)))[:20],
            headline_terms=[
                t for t in title_terms(query.title) if not t.startswith(("t:", "m:")) and not t.isdigit()
            ][:20],
        )


# "…", “…”, «…», „…“ and '…' (an apostrophe inside a word is not a quote)
_QUOTED = re.compile(r"[\"“”«»„]([^\"“”«»„]{2,200})[\"“”«»„]|(?<![\w])'([^']{2,200})'(?![\w])")


def _without_sizes(text: str) -> str:
    return facts._DIMS.sub(" ", text)

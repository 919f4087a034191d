"""The controlled vocabulary of object types and of materials & techniques (SKOS-like concepts).

Concepts are read once from the JSON files in ``data/`` and indexed by normalised label so that
``lookup`` (one term) and ``find_all`` (free text such as "Öl auf Leinwand, gerahmt") cost a few
dictionary probes per word: they run for every imported record and every market listing.

Label keys are folded (case, diacritics, Arabic letter variants) and tokenised on word boundaries.
A second, cruder key per word (``stem``) tolerates plurals in every language at once; a stem that
two concepts of a scheme share is dropped, so plural tolerance never makes a match ambiguous.

German and Dutch write compounds as one word ('Holzskulptur', 'Bleistiftzeichnung',
'portretschilderij'). A word that no label matches is split before its longest German or Dutch
head label; the head names the kind of thing, and the modifier is matched too when it is a label
('Holz' is wood).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

LANGUAGES = ("en", "fr", "es", "de", "it", "nl", "ar", "uk", "ru")
SCHEMES = ("object_type", "material")

_WORD = re.compile(r"[^\W_]+")
_VOWELS = frozenset("aeiouyаеёиоуыэюяьйіїєъ")
# Arabic letters written in several ways by sellers and keyboards: fold to one form.
ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None})
_CACHE_LIMIT = 200_000
# Stems shorter than this stay whole words: 'bella' must not become 'bell', nor 'struss' 'straw'.
_MIN_STEM = 4
_MIN_USABLE_STEM = 5
# Closed compounds: the languages that write them, the shortest word split, the shortest head after
# a modifier that is itself a label ('Gold-ring') and after any other ('Landschaft-s-gemälde'; a
# short head there would cut 'Erbstück' into plaster and 'Datering' into a ring), and the linking
# elements (Fugenelemente) allowed between modifier and head.
_COMPOUND_LANGUAGES = frozenset({"de", "nl"})
_MIN_COMPOUND = 7
_MIN_HEAD = 4
_MIN_BARE_HEAD = 7
_MAX_COMPOUND = 60
# endings that look like head labels but make adjectives or verbs: 'elfenbeinfarben' is
# ivory-coloured, not ivory; 'vollkommen' holds no bowl ('Kommen')
_NOT_HEADS = frozenset({"farbe", "farben", "farbig", "farbige", "farbiger", "kommen"})
_LINKS = ("", "s", "es", "n", "en", "e")


@dataclass(frozen=True)
class Concept:
    """One concept of a scheme, with its labels in every language and its parents."""

    id: str
    scheme: str
    pref_labels: dict[str, str]
    alt_labels: dict[str, tuple[str, ...]]
    broader: tuple[str, ...]
    aat: int | None
    # The parts of a compound expression ("oil on canvas" -> oil paint, canvas), also reported
    # by find_all so that a search by medium or support finds records described by the compound.
    components: tuple[str, ...] = field(default=())

    def label(self, lang: str = "en") -> str:
        """The preferred label in ``lang``, or the English one when that language has none."""
        return self.pref_labels.get(lang) or self.pref_labels["en"]

    def all_labels(self) -> Iterator[tuple[str, str, bool]]:
        """Every (language, label, is_preferred) of the concept."""
        for lang, pref in self.pref_labels.items():
            yield lang, pref, True
        for lang, alts in self.alt_labels.items():
            for alt in alts:
                yield lang, alt, False


# --- text keys ---------------------------------------------------------------------------------

_fold_cache: dict[str, str] = {}
_stem_cache: dict[str, str] = {}


def fold_word(word: str) -> str:
    """A word without case, diacritics or Arabic spelling variants ('Ölgemälde' -> 'olgemalde')."""
    folded = _fold_cache.get(word)
    if folded is None:
        if word.isascii():
            folded = word.lower()
        else:
            decomposed = unicodedata.normalize("NFKD", word.casefold())
            folded = "".join(c for c in decomposed if not unicodedata.combining(c))
            folded = folded.translate(ARABIC_FOLD)
        if len(_fold_cache) > _CACHE_LIMIT:
            _fold_cache.clear()
        _fold_cache[word] = folded
    return folded


def stem(word: str) -> str:
    """A plural-insensitive key for a folded word, shared by singular and plural in most languages.

    Not linguistics: it only has to give 'vase'/'vases', 'dipinto'/'dipinti', 'Zeichnung'/
    'Zeichnungen', 'икона'/'иконы' the same key; collisions are removed when the index is built.
    """
    key = _stem_cache.get(word)
    if key is None:
        key = _arabic_stem(word) if "\u0600" <= word[:1] <= "\u06ff" else _latin_cyrillic_stem(word)
        if len(key) < _MIN_USABLE_STEM and key != word:
            key = word
        if len(_stem_cache) > _CACHE_LIMIT:
            _stem_cache.clear()
        _stem_cache[word] = key
    return key


def _latin_cyrillic_stem(word: str) -> str:
    key = word
    while len(key) > _MIN_STEM:
        if key[-1] in "sx":
            key = key[:-1]
        elif key.endswith("en") and len(key) > 4:
            key = key[:-1]
        elif key[-1] in _VOWELS:
            key = key[:-1]
        else:
            break
    return key


def _arabic_stem(word: str) -> str:
    key = word
    if key.startswith("ال") and len(key) > 4:
        key = key[2:]
    if key.endswith("ات") and len(key) > 4:
        key = key[:-2]
    elif key.endswith("ه") and len(key) > 3:
        key = key[:-1]
    return key


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return [fold_word(w) for w in _WORD.findall(text.casefold())]


# --- the index ---------------------------------------------------------------------------------


@dataclass
class _SchemeIndex:
    """Label keys of one scheme: exact word sequences first, plural-tolerant ones as fallback."""

    exact: dict[tuple[str, ...], list[tuple[str, str]]] = field(default_factory=dict)
    stemmed: dict[tuple[str, ...], list[tuple[str, str]]] = field(default_factory=dict)
    # word -> the lengths (in words) of the labels that start with it, longest first
    starts: dict[str, tuple[int, ...]] = field(default_factory=dict)
    stem_starts: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # labels that are also common words in another language ('or', 'Ton'): lookup only
    free_text_stop: frozenset[tuple[str, ...]] = frozenset()


def _add(table: dict, key: tuple[str, ...], concept_id: str, lang: str) -> None:
    entries = table.setdefault(key, [])
    if all(cid != concept_id or lng != lang for cid, lng in entries):
        entries.append((concept_id, lang))


def _starts(keys: Iterable[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for key in keys:
        lengths.setdefault(key[0], set()).add(len(key))
    return {word: tuple(sorted(ns, reverse=True)) for word, ns in lengths.items()}


def _build_index(concepts: list[Concept], stop_labels: Iterable[str]) -> _SchemeIndex:
    index = _SchemeIndex()
    # Preferred labels first, then alternatives, English first: the order breaks ties.
    labelled = [(c, lang, label, pref) for c in concepts for lang, label, pref in c.all_labels()]
    labelled.sort(key=lambda item: (not item[3], LANGUAGES.index(item[1])))
    for concept, lang, label, _ in labelled:
        key = tuple(words(label))
        if key:
            _add(index.exact, key, concept.id, lang)
            _add(index.stemmed, tuple(stem(w) for w in key), concept.id, lang)
    for key, entries in list(index.stemmed.items()):
        if len({cid for cid, _ in entries}) > 1:
            del index.stemmed[key]
    index.starts = _starts(index.exact)
    index.stem_starts = _starts(index.stemmed)
    stop_keys = [tuple(words(label)) for label in stop_labels]
    index.free_text_stop = frozenset(stop_keys) | {tuple(stem(w) for w in k) for k in stop_keys}
    return index


@dataclass(frozen=True)
class _Compounds:
    """The words a compound is cut into, by the label sets they belong to."""

    # single-word German and Dutch labels that no other language uses ('skulptur', 'gemalde'), and
    # their stems: they end a compound whatever precedes them
    own_heads: frozenset[str]
    own_head_stems: frozenset[str]
    # every single-word German and Dutch label ('ring', 'vase' too), and their stems: they end a
    # compound only after a German or Dutch modifier ('Goldring'; an English 'hornbook' holds no book)
    local_heads: frozenset[str]
    local_head_stems: frozenset[str]
    local_words: frozenset[str]
    # every single-word label of any language: a modifier that is one of them is matched too
    words: frozenset[str]
    longest_head: int


def _compound_words(concepts: Iterable[Concept]) -> _Compounds:
    """The label sets of ``_Compounds``: an English 'replacements' holds no cement, 'pomegranates'
    no garnet, since those heads are also words of other languages."""
    local: set[str] = set()
    every: set[str] = set()
    elsewhere: set[str] = set()  # words that other languages also use: 'ring', 'cement', 'collage'
    for concept in concepts:
        for lang, label, _ in concept.all_labels():
            key = words(label)
            if len(key) != 1:
                continue
            every.add(key[0])
            (local if lang in _COMPOUND_LANGUAGES else elsewhere).add(key[0])
    heads = {w for w in local if len(w) >= _MIN_HEAD}
    own = heads - elsewhere
    return _Compounds(
        own_heads=frozenset(own),
        own_head_stems=frozenset({stem(w) for w in own} - {stem(w) for w in elsewhere}),
        local_heads=frozenset(heads),
        local_head_stems=frozenset(stem(w) for w in heads),
        local_words=frozenset(local),
        words=frozenset(every),
        longest_head=max((len(w) for w in heads), default=0),
    )


def _entries(index: _SchemeIndex, key: tuple[str, ...]) -> list[tuple[str, str]] | None:
    """The concepts a whole label names: exact spelling first, then plural-tolerant."""
    return index.exact.get(key) or index.stemmed.get(tuple(stem(w) for w in key))


def _pick(entries: list[tuple[str, str]], lang: str | None) -> str:
    if lang is not None and len(entries) > 1:
        for concept_id, entry_lang in entries:
            if entry_lang == lang:
                return concept_id
    return entries[0][0]


# --- the vocabulary ----------------------------------------------------------------------------


class Vocabulary:
    """All concepts, their hierarchy and the label indexes of each scheme."""

    def __init__(self, concepts: Iterable[Concept], free_text_stop: Iterable[str] = ()):
        self._concepts: dict[str, Concept] = {}
        for concept in concepts:
            if concept.id in self._concepts:
                raise ValueError(f"duplicate concept id {concept.id!r}")
            self._concepts[concept.id] = concept
        self._narrower: dict[str, set[str]] = {cid: set() for cid in self._concepts}
        for concept in self._concepts.values():
            for parent in concept.broader:
                if parent not in self._narrower:
                    raise ValueError(f"{concept.id!r}: unknown broader concept {parent!r}")
                self._narrower[parent].add(concept.id)
        stop = tuple(free_text_stop)
        self._indexes = {scheme: _build_index(self.concepts(scheme), stop) for scheme in SCHEMES}
        self._ancestors: dict[str, frozenset[str]] = {}
        self._compounds = _compound_words(self._concepts.values())
        self._splits: dict[tuple[str, bool], tuple[str, ...]] = {}

    def get(self, concept_id: str) -> Concept | None:
        return self._concepts.get(concept_id)

    def concepts(self, scheme: str | None = None) -> list[Concept]:
        return [c for c in self._concepts.values() if scheme is None or c.scheme == scheme]

    def lookup(self, text: str, scheme: str, lang: str | None = None) -> Concept | None:
        """The concept one of whose labels is ``text`` (any language; case, accents, plural aside).

        ``lang`` only breaks ties between languages ('crayon' is a pencil in French).
        """
        index = self._index(scheme)
        key = tuple(words(text))
        if not key:
            return None
        entries = _entries(index, key)
        if not entries and len(key) == 1:
            # 'Landschaftsgemälde' is a painting, 'Eichenholz' wood: a compound is its head.
            parts = self.split_compound(key[0], bare=True)
            entries = _entries(index, parts[-1:]) if parts else None
        return self._concepts[_pick(entries, lang)] if entries else None

    def find_all(self, text: str, scheme: str, lang: str | None = None) -> list[Concept]:
        """Every concept named in a free text, in reading order, compounds before their parts.

        Labels are matched on word boundaries, longest first ('gelatin silver print' is one
        process, not silver); a compound such as 'oil on canvas' also yields its components.
        """
        index = self._index(scheme)
        tokens = words(text)
        found: dict[str, None] = {}
        i = 0
        while i < len(tokens):
            length, entries = _longest_match(index, tokens, i)
            if entries:
                self._collect(_pick(entries, lang), found)
                i += length
                continue
            for part in self.split_compound(tokens[i]):
                _, entries = _longest_match(index, [part], 0)
                if entries:
                    self._collect(_pick(entries, lang), found)
            i += 1
        return [self._concepts[cid] for cid in found]

    def split_compound(self, word: str, bare: bool = False) -> tuple[str, ...]:
        """A folded word that no label names, cut into (modifier, head) before its longest German
        or Dutch head label; () when it is no such compound.

        'holzskulptur' -> ('holz', 'skulptur'), 'landschaftsgemalde' -> ('landschaft', 'gemalde'),
        'goldring' -> ('gold', 'ring'). A known modifier loses its linking element; heads are
        single-word labels of either scheme, so that a material scheme search still sees 'Holz' in
        'Holzskulptur' (see ``_Compounds`` for which heads need which modifiers).

        A modifier that is no label ('Landschaft') is accepted only when ``bare`` is set, as
        ``lookup`` does for a single term; free text is too varied for it ('vollkommen',
        'storyteller'). Its head must then be long (``_MIN_BARE_HEAD``; a short one would find a
        ring in 'herring') and spelt as the label (no plural tolerance).
        """
        key = (word, bare)
        cached = self._splits.get(key)
        if cached is None:
            cached = self._split(word, bare)
            if len(self._splits) > _CACHE_LIMIT:
                self._splits.clear()
            self._splits[key] = cached
        return cached

    def _split(self, word: str, bare: bool) -> tuple[str, ...]:
        c = self._compounds
        if not _MIN_COMPOUND <= len(word) <= _MAX_COMPOUND or not word.isalpha():
            return ()
        # a head is at most a few letters longer than the longest head label (plural endings)
        for cut in range(max(2, len(word) - c.longest_head - 3), len(word) - _MIN_HEAD + 1):
            head = word[cut:]
            if head in _NOT_HEADS:
                continue
            own = head in c.own_heads or stem(head) in c.own_head_stems
            if not own and head not in c.local_heads and stem(head) not in c.local_head_stems:
                continue
            modifier = word[:cut]
            for link in _LINKS:
                base = modifier[: len(modifier) - len(link)]
                if not modifier.endswith(link) or len(base) < 2:
                    continue
                if base in c.local_words or (own and base in c.words):
                    return (base, head)
            if bare and head in c.own_heads and len(head) >= _MIN_BARE_HEAD and len(modifier) >= 3:
                return (modifier, head)
        return ()

    def _collect(self, concept_id: str, found: dict[str, None]) -> None:
        found[concept_id] = None
        for part in self._concepts[concept_id].components:
            found[part] = None

    def ancestors(self, concept_id: str) -> set[str]:
        """Every broader concept, transitively (polyhierarchy), without the concept itself."""
        cached = self._ancestors.get(concept_id)
        if cached is None:
            cached = frozenset(self._walk(concept_id, lambda cid: self._concepts[cid].broader))
            self._ancestors[concept_id] = cached
        return set(cached)

    def descendants(self, concept_id: str) -> set[str]:
        """The concept and every narrower concept, transitively."""
        if concept_id not in self._concepts:
            return set()
        return {concept_id} | self._walk(concept_id, lambda cid: self._narrower[cid])

    def is_a(self, concept_id: str, ancestor_id: str) -> bool:
        """True when ``concept_id`` is ``ancestor_id`` or one of its narrower concepts."""
        return concept_id == ancestor_id or ancestor_id in self.ancestors(concept_id)

    def _walk(self, start: str, neighbours) -> set[str]:
        if start not in self._concepts:
            return set()
        seen: set[str] = set()
        todo = list(neighbours(start))
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(neighbours(current))
        return seen

    def _index(self, scheme: str) -> _SchemeIndex:
        try:
            return self._indexes[scheme]
        except KeyError:
            raise ValueError(f"unknown scheme {scheme!r}; expected one of {SCHEMES}") from None


def _longest_match(index: _SchemeIndex, tokens: list[str], i: int) -> tuple[int, list | None]:
    """The longest label starting at token ``i``: exact spelling first, then plural-tolerant."""
    rest = len(tokens) - i
    for length in index.starts.get(tokens[i], ()):
        if length <= rest:
            key = tuple(tokens[i : i + length])
            entries = index.exact.get(key)
            if entries and key not in index.free_text_stop:
                return length, entries
    first = stem(tokens[i])
    lengths = index.stem_starts.get(first, ())
    if lengths:
        stems = [first] + [stem(t) for t in tokens[i + 1 : i + lengths[0]]]
        for length in lengths:
            key = tuple(stems[:length])
            if length <= len(stems) and key not in index.free_text_stop:
                entries = index.stemmed.get(key)
                if entries:
                    return length, entries
    return 0, None


# --- loading -----------------------------------------------------------------------------------


def concept_from_json(record: dict, scheme: str) -> Concept:
    labels = record["labels"]
    return Concept(
        id=record["id"],
        scheme=record.get("scheme", scheme),
        pref_labels={lang: v["pref"] for lang, v in labels.items() if v.get("pref")},
        alt_labels={lang: tuple(v.get("alt", ())) for lang, v in labels.items() if v.get("alt")},
        broader=tuple(record.get("broader", ())),
        aat=record.get("aat"),
        components=tuple(record.get("components", ())),
    )


def load_files(texts: Iterable[str]) -> Vocabulary:
    """A vocabulary from the JSON documents of the data files (one scheme per file)."""
    concepts: list[Concept] = []
    stop: list[str] = []
    for text in texts:
        document = json.loads(text)
        concepts += [concept_from_json(r, document["scheme"]) for r in document["concepts"]]
        stop += document.get("free_text_stop", [])
    return Vocabulary(concepts, stop)


def data_files() -> list[str]:
    folder = resources.files("heritrace.vocab") / "data"
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))
    return [(folder / name).read_text(encoding="utf-8") for name in names]


@cache
def get_vocabulary() -> Vocabulary:
    """The vocabulary shipped with the package, loaded once."""
    return load_files(data_files())

"""Cross-language title words from ICONCLASS, plus word forms from a lemmatiser's dictionaries.

Most titles name an iconographic subject ("Landschaft mit Mühle", "Paesaggio con mulino"), and
ICONCLASS (CC0, iconclass.org) gives every subject keywords in English, German, French and
Italian. A German, French or Italian keyword is aligned to the English keyword it shares the most
ICONCLASS notations with (Dice coefficient over notations), and the English word becomes the
language-neutral concept (``@mill``). The engine's own lexicon and the object-type vocabulary
win where they know a word; ICONCLASS fills in the thousands of words they do not.

Inflected forms ("Mühlen", "гори", "kwiaty") are mapped to the dictionary form with the form ->
lemma dictionaries of ``simplemma`` (de, fr, it, es, nl, uk, ru, pl), kept only for lemmas that
are thesaurus words, so that loading costs a few megabytes, not a gigabyte of dictionaries.

The derived table ships as ``data/thesaurus.json.gz``; rebuild it (needs the ``thesaurus``
extra) with ``python -m heritrace.matching.thesaurus``.
"""

from __future__ import annotations

import gzip
import json
import zipfile
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path

from heritrace.matching.normalize import fold

TABLE = "thesaurus.json.gz"
ICONCLASS_LANGUAGES = ("de", "fr", "it")
LEMMA_LANGUAGES = ("de", "fr", "it", "es", "nl", "uk", "ru", "pl", "en")
MIN_DICE = 0.4
MIN_WORD = 3
# German keywords are written without umlauts ('Muehle'); sellers write 'Mühle' (folded 'muhle')
_UMLAUTS = (("ae", "a"), ("oe", "o"), ("ue", "u"))


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    """``{"concepts": word -> English concept word, "lemmas": form -> lemma}``, empty if absent."""
    try:
        data = resources.files("heritrace.matching").joinpath("data", TABLE).read_bytes()
    except (FileNotFoundError, OSError):
        return {"concepts": {}, "lemmas": {}}
    return json.loads(gzip.decompress(data))


# ---------------------------------------------------------------- building the table


def _keywords(archive: zipfile.ZipFile, lang: str) -> dict[str, set[str]]:
    """Notation -> folded one-word keywords in one language."""
    out: dict[str, set[str]] = defaultdict(set)
    for line in archive.read(f"kw_{lang}.txt").decode("utf-8").splitlines():
        notation, _, keyword = line.partition("|")
        words = fold(keyword).split()
        if len(words) == 1 and len(words[0]) >= MIN_WORD and words[0].isalpha():
            out[notation].add(words[0])
    return out


def _align(english: dict[str, set[str]], other: dict[str, set[str]]) -> dict[str, str]:
    """Each word of ``other`` -> the English keyword with the highest Dice over notations."""
    n_en, n_other, pairs = Counter(), Counter(), Counter()
    for notation, words in other.items():
        n_other.update(words)
        for word in words:
            pairs.update((word, e) for e in english.get(notation, ()))
    for words in english.values():
        n_en.update(words)
    best: dict[str, tuple[float, str]] = {}
    for (word, en), together in pairs.items():
        dice = 2 * together / (n_other[word] + n_en[en])
        if dice >= MIN_DICE and (together >= 2 or n_other[word] == 1) and dice > best.get(word, (0, ""))[0]:
            best[word] = (dice, en)
    return {word: en for word, (_, en) in best.items()}


def iconclass_concepts(archive_path: Path, english_words: set[str]) -> dict[str, str]:
    """Folded keyword (any of en/de/fr/it) -> English concept word.

    A foreign keyword that is also an English word keeps its English sense: French 'sort'
    (fate, lot) must not turn an English title 'Sort' into a lot, nor Italian 'mare' a horse
    into the sea.
    """
    with zipfile.ZipFile(archive_path) as archive:
        english = _keywords(archive, "en")
        concepts = {w: w for words in english.values() for w in words}
        for lang in ICONCLASS_LANGUAGES:
            for word, en in _align(english, _keywords(archive, lang)).items():
                if word in english_words and word != en:
                    continue
                concepts.setdefault(word, en)
                if lang == "de":
                    plain = word
                    for old, new in _UMLAUTS:
                        plain = plain.replace(old, new)
                    concepts.setdefault(plain, en)
    return concepts


def lemma_forms(words: set[str]) -> dict[str, str]:
    """Folded inflected form -> folded lemma, for lemmas in ``words`` (simplemma dictionaries)."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    factory = DefaultDictionaryFactory(cache_max_size=1)
    forms: dict[str, str] = {}
    ambiguous: set[str] = set()
    for lang in LEMMA_LANGUAGES:
        for form, lemma in factory.get_dictionary(lang).items():
            folded_lemma, folded_form = fold(str(lemma)), fold(str(form))
            if folded_lemma not in words or folded_form == folded_lemma or folded_form in words:
                continue
            if " " in folded_form or len(folded_form) < MIN_WORD:
                continue
            if forms.setdefault(folded_form, folded_lemma) != folded_lemma:
                ambiguous.add(folded_form)
    return {form: lemma for form, lemma in forms.items() if form not in ambiguous}


def english_forms() -> set[str]:
    """Every English word form simplemma knows (folded)."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    dictionary = DefaultDictionaryFactory(cache_max_size=1).get_dictionary("en")
    return {fold(str(form)) for form in dictionary.keys()} | {
        fold(str(lemma)) for lemma in dictionary.values()
    }


def build(archive_path: Path, extra_words: set[str]) -> dict[str, dict[str, str]]:
    """The shipped table: ICONCLASS concepts and the word forms of every known title word."""
    concepts = iconclass_concepts(archive_path, english_forms())
    return {"concepts": concepts, "lemmas": lemma_forms(set(concepts) | extra_words)}


def _iconclass_archive() -> Path:
    import iconclass  # type: ignore[import-not-found]

    return Path(iconclass.__file__).parent / "data.zip"


def main() -> None:
    """Rebuild ``data/thesaurus.json.gz`` from the installed ``iconclass`` and ``simplemma``."""
    from heritrace.matching import lexicon

    extra = {form for table_ in (lexicon.TITLE_WORDS,) for forms in table_.values() for form in forms.split()}
    built = build(_iconclass_archive(), extra)
    target = Path(str(resources.files("heritrace.matching").joinpath("data", TABLE)))
    target.parent.mkdir(exist_ok=True)
    payload = json.dumps(built, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    target.write_bytes(gzip.compress(payload, mtime=0))
    print(f"{len(built['concepts'])} concept words, {len(built['lemmas'])} word forms -> {target}")


if __name__ == "__main__":
    main()

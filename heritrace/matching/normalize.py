# ruff: noqa: E501  (transliteration and stop-word tables read better one language per line)
"""Text normalisation for matching: folding, tokens, stop words, transliteration, maker keys.

Everything here is pure and deterministic so that register records and listings pass through
exactly the same functions; a key only has to be *consistent*, not linguistically perfect.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Ukrainian national system (Cabinet of Ministers resolution 55, 2010), non-initial forms.
UKRAINIAN_TO_LATIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "ʼ": "",
}  # fmt: skip

# Russian: GOST 7.79-2000 system B / BGN-PCGN blend (the spellings dealers actually use).
RUSSIAN_TO_LATIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip

UKRAINIAN_ONLY = set("ґєії")
RUSSIAN_ONLY = set("ёъыэ")

STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("a an the of and or in on at to for with by from as is this that its de".split()),
    "fr": frozenset("le la les l d de des du un une et ou en au aux sur pour par avec a dans".split()),
    "de": frozenset("der die das des dem den ein eine einer eines und oder im in am an auf mit von vom zu zum zur".split()),
    "it": frozenset("il lo la i gli le l un una uno di del della dei delle e o in su con per da al alla".split()),
    "es": frozenset("el la los las un una unos unas de del y o en con por para al a".split()),
    "nl": frozenset("de het een van en of in op met voor bij uit aan te".split()),
    "uk": frozenset("i ta v u na z do vid po za".split()),
    "ru": frozenset("i v na s k ot po za iz o".split()),
}  # fmt: skip
ALL_STOP_WORDS = frozenset().union(*STOP_WORDS.values())

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_CJK_THAI = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
MAX_TEXT_CHARS = 20_000


def transliterate(text: str, system: str | None = None) -> str:
    """Cyrillic to Latin; the system (``uk``/``ru``) is guessed from letters unique to each."""
    if not any("\u0400" <= ch <= "\u04ff" for ch in text):
        return text
    if system is None:
        letters = set(text.lower())
        # without a letter unique to one alphabet, Ukrainian (the register's main source) wins
        system = "ru" if letters & RUSSIAN_ONLY and not letters & UKRAINIAN_ONLY else "uk"
    table = UKRAINIAN_TO_LATIN if system == "uk" else RUSSIAN_TO_LATIN
    out = []
    for ch in text:
        low = ch.lower()
        latin = table.get(low)
        if latin is None:
            out.append(ch)
        else:
            out.append(latin.capitalize() if ch != low else latin)
    return "".join(out)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case, transliterate Cyrillic, strip diacritics, keep letters/digits and spaces."""
    text = transliterate(text[:MAX_TEXT_CHARS])
    text = text.replace("ß", "ss").replace("æ", "ae").replace("œ", "oe").replace("ø", "o")
    text = text.replace("Æ", "ae").replace("Œ", "oe").replace("Ø", "o").replace("ł", "l")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_TOKEN.findall(stripped))


def tokens(text: str | None, drop_stop_words: bool = True) -> list[str]:
    """Folded word tokens; stop words of all supported languages dropped on request."""
    if not text:
        return []
    words = fold(text).split()
    if drop_stop_words:
        words = [w for w in words if w not in ALL_STOP_WORDS]
    return words


def has_unsupported_script(text: str) -> bool:
    """True when the text is mostly in a script we cannot fold (CJK, Thai, Hangul)."""
    sample = text[:2000]
    if not sample.strip():
        return False
    hits = len(_CJK_THAI.findall(sample))
    letters = sum(ch.isalpha() for ch in sample) or 1
    return hits / letters > 0.3


_NAME_PARTICLES = frozenset("von van der den de del della di da du le la dos das ten ter y zu af st".split())

# Order matters: multi-letter spellings first so that German/French/English renderings of
# the same Cyrillic sound collapse to one symbol.
_KEY_RULES: tuple[tuple[str, str], ...] = (
    ("shch", "sh"), ("tsch", "ch"), ("sch", "sh"), ("tch", "ch"), ("tsh", "ch"), ("zh", "j"),
    ("kh", "h"), ("ph", "f"), ("ck", "k"), ("ts", "s"), ("tz", "s"), ("ou", "u"),
    ("w", "v"), ("y", "i"), ("j", "i"), ("z", "s"), ("q", "k"), ("x", "ks"),
)  # fmt: skip
_C_NOT_H = re.compile(r"c(?!h)")
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def name_key(word: str) -> str:
    """Phonetic-ish key of one name word, stable across transliteration systems.

    Aivazovsky, Ajwasowski, Aïvazovski, Айвазовський and Айвазовский all give ``aivasovski``.
    """
    word = fold(word).replace(" ", "")
    for old, new in _KEY_RULES:
        word = word.replace(old, new)
    word = _C_NOT_H.sub("k", word)
    # Ukrainian г is 'h', Russian г is 'g': merge them (ch/sh keep their own symbols)
    word = word.replace("ch", "C").replace("sh", "S").replace("h", "g").replace("C", "ch").replace("S", "sh")
    word = word.replace("ie", "e")
    return _DOUBLE.sub(r"\1", word)


def name_words(name: str | None) -> list[str]:
    """Folded words of a personal name, 'Surname, Forename' reordered, particles kept."""
    if not name:
        return []
    name = re.split(r"\s*(?:;|\(|\band\b|&|\bund\b|\bet\b)\s*", name)[0]
    if name.count(",") == 1:
        surname, forename = (part.strip() for part in name.split(","))
        name = f"{forename} {surname}"
    return [w for w in fold(name).split() if not w.isdigit()]


def surname_of(words: list[str]) -> str | None:
    """The last non-particle word of a name (the part sellers keep when they shorten it)."""
    for word in reversed(words):
        if word not in _NAME_PARTICLES and len(word) > 1:
            return word
    return words[-1] if words else None


def forename_initials(words: list[str]) -> set[str]:
    """First letters of the given names (everything before the surname, particles excluded)."""
    surname = surname_of(words)
    given = words[: words.index(surname)] if surname in words else words[:-1]
    return {w[0] for w in given if w not in _NAME_PARTICLES}

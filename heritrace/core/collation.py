"""Lists sorted the way each interface language sorts words, and country names in that language.

Character codes do not sort words: "Émail" came after "Zinc", Ukrainian "ґ", "є", "і" and "ї" after
"я", and Spanish "ñ" among the "n"s. ``sort_key`` orders letters as the language's alphabet does,
accents and case only breaking ties (the Unicode collation's three levels):
- accents and other marks are ignored first (French "é" sorts with "e"; Arabic short vowels and the
  hamza on an alef are ignored the same way), then unaccented before accented, then case;
- Ukrainian and Russian letters follow their alphabets (Ukrainian ґ after г, є after е, і and ї
  after и; Russian ё with е; й is its own letter in both);
- Spanish ñ is its own letter after n.
ICU would give the full tailorings of every language, but its Python binding needs a compiler and the
ICU headers, and the pure-Python implementation of the Unicode collation takes seconds to load its
table without tailoring Ukrainian or Spanish: the three interface languages whose alphabets differ
from the default order are tailored here.

Country names come from the CLDR data that Babel ships (the same as the dates and numbers).
"""

from __future__ import annotations

import unicodedata
from functools import cache

from heritrace.core.i18n import current_locale

_CYRILLIC = {
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
}
_PRIVATE = 0xE000  # letters of a tailored alphabet map here, in the alphabet's order, after Latin


@cache
def _letters(lang: str) -> dict[str, str]:
    """Whole letters that a language sorts as letters of their own (mapped before accents are set
    aside, so that й, ї and ñ are not read as и, і and n with a mark)."""
    alphabet = _CYRILLIC.get(lang)
    if alphabet:
        table = {letter: chr(_PRIVATE + 2 * n) for n, letter in enumerate(alphabet)}
        if lang == "ru":
            table["ё"] = table["е"]  # Russian dictionaries sort ё with е
        return table
    if lang == "es":
        return {"ñ": "n\U0010ffff"}  # after every other n
    return {}


def sort_key(text: str | None, lang: str | None = None) -> tuple[str, str, str]:
    """A key that sorts ``text`` as a reader of ``lang`` (the reader's language by default) expects."""
    text = text or ""
    table = _letters(lang or current_locale())
    folded = unicodedata.normalize("NFC", text).casefold()
    letters = "".join(table.get(c, c) for c in folded) if table else folded
    decomposed = unicodedata.normalize("NFD", letters)
    primary = "".join(c for c in decomposed if not unicodedata.combining(c))
    return primary, decomposed, text


@cache
def _territories(lang: str) -> dict[str, str]:
    import pycountry
    from babel import Locale

    names = Locale.parse(lang).territories
    out = {}
    for country in pycountry.countries:
        code = country.alpha_2
        out[code] = names.get(code) or getattr(country, "common_name", None) or country.name
    return out


def country_name(code: str | None, lang: str | None = None) -> str:
    """A country's name in the reader's language from its ISO 3166 code; the code itself when it names
    no country, "" for none."""
    if not code:
        return ""
    return _territories(lang or current_locale()).get(code.strip().upper(), code)


@cache
def countries(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every country, sorted by name in ``lang``."""
    return tuple(sorted(_territories(lang).items(), key=lambda item: sort_key(item[1], lang)))

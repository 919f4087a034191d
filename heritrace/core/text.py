"""Text folding shared by full-text indexing and queries on both stores."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# letters that do not decompose but are written without their mark in searches (ß is casefolded to ss)
_SPECIAL = {"æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "þ": "th"}
_SPECIAL_RE = re.compile("[" + "".join(_SPECIAL) + "]")


def fold(text: str | None) -> str:
    """Lower case, no diacritics, punctuation turned into spaces: 'Épée, 1650' -> 'epee 1650'."""
    if not text:
        return ""
    text = text.casefold()
    if not text.isascii():
        text = _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], text)
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return " ".join(_NON_WORD.sub(" ", text).split())


def words(text: str | None) -> list[str]:
    return fold(text).split()

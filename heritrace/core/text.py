"""Text folding shared by full-text indexing and queries on both stores."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str | None) -> str:
    """Lower case, no diacritics, punctuation turned into spaces: 'Épée, 1650' -> 'epee 1650'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", stripped.casefold()).split())


def words(text: str | None) -> list[str]:
    return [w for w in fold(text).split() if w]

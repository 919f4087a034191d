"""Attribution qualifiers ("circle of", "Kreis von", "d'après", "коло", ...).

A softened attribution is evidence in itself: a dealer who writes "circle of Aivazovsky" is
describing the same picture more cautiously, not a different artist. The qualifier is therefore
parsed and weighted by the maker comparison, never silently stripped.
"""

from __future__ import annotations

from dataclasses import dataclass

from heritrace.matching.normalize import fold

AUTOGRAPH = "by"  # no qualifier: the name is given as the maker

# canonical qualifier -> folded phrases in en, de, fr, it, es, nl, uk, ru
QUALIFIER_PHRASES: dict[str, tuple[str, ...]] = {
    "attributed to": (
        "attributed to", "attr", "attrib", "zugeschrieben", "attribue a", "attribuee a",
        "attribuito a", "attribuita a", "atribuido a", "atribuida a", "toegeschreven aan",
        "prypysuietsia", "pripisyvaetsya",
    ),
    "circle of": (
        "circle of", "kreis des", "kreis der", "kreis von", "umkreis des", "umkreis von", "umkreis",
        "entourage de", "cerchia di", "cerchia del", "circulo de", "kring van", "kolo", "krug", "kruh",
    ),
    "school of": (
        "school of", "schule des", "schule von", "schule der", "ecole de", "scuola di", "scuola del",
        "escuela de", "school van", "shkola",
    ),
    "workshop of": (
        "workshop of", "studio of", "werkstatt des", "werkstatt von", "werkstatt", "atelier de",
        "atelier d", "bottega di", "bottega del", "taller de", "atelier van", "maisternia",
        "masterskaya", "masterskaia",
    ),
    "follower of": (
        "follower of", "nachfolger des", "nachfolger von", "nachfolger", "suiveur de", "seguace di",
        "seguidor de", "navolger van", "poslidovnyk", "posledovatel",
    ),
    "manner of": (
        "manner of", "in the manner of", "art des", "in der art von", "maniere de", "a la maniere de",
        "alla maniera di", "maniera di", "a la manera de", "manera de", "op de wijze van", "manera",
    ),
    "style of": (
        "style of", "in the style of", "im stil von", "im stil des", "dans le gout de",
        "dans le style de", "nello stile di", "stile di", "estilo de", "stijl van", "in de stijl van",
        "stil", "styl",
    ),
    "after": (
        "after", "copy after", "copy of", "nach", "d apres", "da", "segun", "copia de", "naar",
        "za", "po",
    ),
}  # fmt: skip

# Qualifiers fall into families whose weights are fitted together (too rare to fit one by one).
QUALIFIER_FAMILY: dict[str, str] = {
    AUTOGRAPH: "autograph",
    "attributed to": "attributed",
    "circle of": "circle",
    "school of": "circle",
    "workshop of": "circle",
    "follower of": "circle",
    "manner of": "after",
    "style of": "after",
    "after": "after",
}

_PHRASE_TO_QUALIFIER: dict[tuple[str, ...], str] = {
    tuple(phrase.split()): qualifier for qualifier, phrases in QUALIFIER_PHRASES.items() for phrase in phrases
}
_MAX_PHRASE = max(len(p) for p in _PHRASE_TO_QUALIFIER)
_SKIPPABLE = frozenset("von van der den de del della di du le la mr dr sir the".split())


@dataclass(frozen=True)
class Attribution:
    """An attribution as written: canonical qualifier (``by`` when none) and the name."""

    qualifier: str
    name: str

    @property
    def family(self) -> str:
        """Coarse group used for weighting: autograph, attributed, circle, after."""
        return QUALIFIER_FAMILY.get(self.qualifier, "autograph")


def qualifier_ending_at(words: list[str], end: int) -> tuple[str, int] | None:
    """The qualifier whose phrase ends just before ``words[end]``, with its start index."""
    for size in range(min(_MAX_PHRASE, end), 0, -1):
        qualifier = _PHRASE_TO_QUALIFIER.get(tuple(words[end - size : end]))
        if qualifier:
            return qualifier, end - size
    return None


def qualifier_before_name(words: list[str], name_start: int, name_words: set[str]) -> str:
    """The qualifier written in front of a name found at ``name_start`` (``by`` when none).

    Forenames, initials and particles between the qualifier and the surname are skipped, so
    "Kreis von I. Ajwasowski" yields ``circle of`` for the surname "ajwasowski".
    """
    pos = name_start
    while pos > 0 and name_start - pos < 4:
        if qualifier_ending_at(words, pos):
            return qualifier_ending_at(words, pos)[0]  # type: ignore[index]
        previous = words[pos - 1]
        if previous in name_words or len(previous) == 1 or previous in _SKIPPABLE:
            pos -= 1
            continue
        break
    found = qualifier_ending_at(words, pos)
    return found[0] if found else AUTOGRAPH


def parse_attribution(text: str | None) -> Attribution:
    """Split an attribution such as "Kreis von I. Ajwasowski" into (qualifier, name).

    The first qualifier phrase at the start of the text wins; without one the whole text is the
    name with qualifier ``by``.
    """
    if not text:
        return Attribution(AUTOGRAPH, "")
    words = fold(text).split()
    for size in range(min(_MAX_PHRASE, len(words) - 1), 0, -1):
        qualifier = _PHRASE_TO_QUALIFIER.get(tuple(words[:size]))
        if qualifier:
            return Attribution(qualifier, " ".join(words[size:]))
    return Attribution(AUTOGRAPH, " ".join(words))

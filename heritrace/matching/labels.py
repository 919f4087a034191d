"""The bars of a match explanation (comparison, level, detail) in the reader's language.

The matching engine names its comparisons and levels with English codes (``maker``, ``surname, circle
of``), and writes a short detail beside each; they are kept so in the stored check and the signed
certificate. This module turns them into words for people: the comparison and the level by table, and
the details the engine writes from a fixed pattern; what a detail quotes (words of the listing and
the record, sizes, dates) stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from heritrace.core.i18n import N_, _, ngettext
from heritrace.matching.comparisons import NOT_RECORDED, NOT_STATED

COMPARISONS = {
    "prior": N_("prior odds"),
    "title": N_("title"),
    "listing_title": N_("title in the listing"),
    "maker": N_("maker"),
    "object_type": N_("type of object"),
    "materials": N_("materials and techniques"),
    "measurements": N_("measurements"),
    "date": N_("date or period"),
    "inscriptions": N_("inscriptions"),
    "distinguishing_features": N_("distinguishing features"),
    "subject": N_("subject"),
    "photo": N_("photo"),
}

LEVELS = {
    "prior odds": N_("before any evidence"),
    NOT_RECORDED: N_("not in the record"),
    NOT_STATED: N_("not in the listing"),
    # title
    "exact (one word)": N_("exact (one word)"),
    "exact": N_("exact"),
    "most words": N_("most words"),
    "some words": N_("some words"),
    "few words": N_("few words"),
    "no words": N_("no words"),
    # the title the listing quotes or its headline
    "quoted all": N_("all quoted words"),
    "quoted most": N_("most quoted words"),
    "quoted some": N_("some quoted words"),
    "quoted none": N_("no quoted word"),
    "headline all": N_("all headline words"),
    "headline most": N_("most headline words"),
    "headline some": N_("some headline words"),
    "headline none": N_("no headline word"),
    # maker
    "full name": N_("full name"),
    "full name (misspelt)": N_("full name (misspelt)"),
    "initials and surname": N_("initials and surname"),
    "surname": N_("surname"),
    "surname (misspelt)": N_("surname (misspelt)"),
    "absent": N_("not named"),
    # type, materials, measurements, date, shared terms
    "same": N_("same"),
    "related": N_("related"),
    "different": N_("different"),
    "all": N_("all"),
    "some": N_("some"),
    "many": N_("many"),
    "none": N_("none"),
    "one side same": N_("one side the same"),
    "close": N_("close"),
    "one side close": N_("one side close"),
    "area same": N_("same area"),
    "area close": N_("close area"),
    "area different": N_("different area"),
    "near": N_("near"),
    "same year": N_("same year"),
    "overlap": N_("overlapping"),
    "same century": N_("same century"),
}

# the attribution a listing writes before the maker's name (``matching.attribution``)
QUALIFIERS = {
    "attributed to": N_("attributed to"),
    "circle of": N_("circle of"),
    "school of": N_("school of"),
    "workshop of": N_("workshop of"),
    "follower of": N_("follower of"),
    "manner of": N_("manner of"),
    "style of": N_("style of"),
    "after": N_("after"),
}

# the photo bar's levels are the image matcher's verdicts
PHOTO_LEVELS = {"match": N_("match"), "possible": N_("possible match"), "none": N_("no match")}


def comparison_label(code: str) -> str:
    return _(COMPARISONS[code]) if code in COMPARISONS else code.replace("_", " ")


def level_label(comparison: str, level: str) -> str:
    """A level in words: 'surname, circle of' gives 'nom, entourage de' in French."""
    if comparison == "photo":
        return _(PHOTO_LEVELS[level]) if level in PHOTO_LEVELS else level
    base, _sep, qualifier = level.partition(", ")
    words = _(LEVELS[base]) if base in LEVELS else base
    if qualifier:
        words = _("%(level)s, %(qualifier)s", level=words, qualifier=_(QUALIFIERS.get(qualifier, qualifier)))
    return words


def _photo(m: re.Match) -> str:
    return ngettext(
        "photo %(photo)s: %(num)d geometrically verified correspondence",
        "photo %(photo)s: %(num)d geometrically verified correspondences",
        int(m["count"]),
        photo=m["photo"],
    )


def _title_share(m: re.Match) -> str:
    return _("%(share)s of the title's weight: %(words)s", share=m["share"], words=m["words"])


def _listing(m: re.Match) -> str:
    message = (
        N_("%(found)s of %(total)s quoted words: %(words)s")
        if m["kind"] == "quoted"
        else N_("%(found)s of %(total)s headline words: %(words)s")
    )
    return _(message, found=m["found"], total=m["total"], words=m["words"])


def _not_named(m: re.Match) -> str:
    return _("%(maker)s not named", maker=m["maker"])


def _area(m: re.Match) -> str:
    return _("%(listing)s vs register area %(area)s", listing=m["listing"], area=m["area"])


FIXED_DETAILS = {
    "the record has no title": N_("the record has no title"),
    "none of the title words appear": N_("none of the title words appear"),
    "the record names no maker": N_("the record names no maker"),
}
PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match], str]], ...] = (
    (re.compile(r"photo (?P<photo>\d+): (?P<count>\d+) geometrically verified correspondences?"), _photo),
    (re.compile(r"(?P<share>\d+%) of title weight: (?P<words>.*)"), _title_share),
    (
        re.compile(r"(?P<found>\d+) of (?P<total>\d+) (?P<kind>quoted|headline) words: (?P<words>.*)"),
        _listing,
    ),
    (re.compile(r"(?P<listing>.+ cm²) vs register area (?P<area>.+)"), _area),
    (re.compile(r"(?P<maker>.+) not named"), _not_named),
)


def detail_text(detail: str, comparison: str = "") -> str:
    """A bar's detail in the reader's language where the engine wrote it from a pattern; what it
    quotes (words, sizes, dates) is kept as written."""
    if comparison == "maker":  # the attribution and the name: "circle of Euphronios"
        qualifier = next((q for q in (*QUALIFIERS, "by") if detail.startswith(q + " ")), None)
        if qualifier is not None:
            name = detail[len(qualifier) + 1 :]
            return (
                _("by %(maker)s", maker=name) if qualifier == "by" else f"{_(QUALIFIERS[qualifier])} {name}"
            )
    if detail in FIXED_DETAILS:
        return _(FIXED_DETAILS[detail])
    for pattern, words in PATTERNS:
        found = pattern.fullmatch(detail)
        if found:
            return words(found)
    return detail


def contribution_line(bar: dict) -> str:
    """One bar as a line of text: weight, comparison, level and detail."""
    code = bar["comparison"]
    words = f"{comparison_label(code)} [{level_label(code, bar['level'])}]"
    return f"{bar['weight']:+.2f}  {words} {detail_text(bar.get('detail') or '', code)}".rstrip()

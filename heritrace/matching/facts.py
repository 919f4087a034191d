"""Measurements and dates pulled out of free text (listing descriptions and register fields).

The shared parsers in ``heritrace.objects.parsing`` are preferred for register fields when they
are installed; these extractors also handle the noise of listings (prices, lot numbers, shipping
lines) and keep the engine working without them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

INCH_CM = 2.54
_NUM = r"\d+(?:[.,]\d+)?(?:\s+\d+/\d+)?|\d+/\d+"
_UNIT = r"mm|cm|m|in(?:ch(?:es)?)?\.?|zoll|pouces?|pollici|pulgadas?|duim|\"|''|”|″"
_DIMS = re.compile(
    rf"(?:(?P<pre>cm|mm)\s*)?(?P<a>{_NUM})\s*(?P<ua>{_UNIT})?\s*(?:x|×|by)\s*(?P<b>{_NUM})\s*(?P<ub>{_UNIT})?"
    rf"(?:\s*(?:x|×|by)\s*(?P<c>{_NUM}))?\s*(?P<unit>{_UNIT})?(?![a-z])",
    re.IGNORECASE,
)
_SINGLE = re.compile(
    rf"(?:\b(?:h|alt|hohe|höhe|haut|hauteur|altezza|altura|hoogte|l|length|height)\.?:?\s*)?"
    rf"(?P<a>{_NUM})\s*(?P<unit>cm|mm|in(?:ch(?:es)?)?\b|\"|”|″)",
    re.IGNORECASE,
)
_AREA = re.compile(rf"(?P<a>{_NUM})\s*sq\.?\s*(?P<unit>in|cm|ft)", re.IGNORECASE)
_UNIT_CM = {"mm": 0.1, "cm": 1.0, "m": 100.0}


@dataclass(frozen=True)
class Size:
    """Sides in cm, largest first, or an area in cm² when only that is known."""

    sides: tuple[float, ...] = ()
    area_cm2: float | None = None

    @property
    def known(self) -> bool:
        """True when there is anything to compare."""
        return bool(self.sides) or self.area_cm2 is not None


def _number(text: str) -> float:
    text = text.strip()
    whole, _, fraction = text.partition(" ")
    if "/" in whole:
        num, den = whole.split("/")
        return float(num) / float(den) if float(den) else 0.0
    value = float(whole.replace(",", "."))
    if fraction and "/" in fraction:
        num, den = fraction.split("/")
        value += float(num) / float(den) if float(den) else 0.0
    return value


def _unit_factor(unit: str | None, raw: str) -> float:
    if not unit:
        return INCH_CM if "/" in raw else 1.0  # fractions are written in inches
    unit = unit.lower().rstrip(".")
    return _UNIT_CM.get(unit, INCH_CM)


def _plausible(sides: tuple[float, ...]) -> bool:
    return all(0.5 <= s <= 2000 for s in sides)


@lru_cache(maxsize=100_000)
def extract_size(text: str | None) -> Size:
    """First plausible dimensions (or area) in a text, converted to cm; empty Size if none."""
    if not text:
        return Size()
    text = text[:5000]
    area = _AREA.search(text)
    if area:
        factor = {"in": INCH_CM**2, "cm": 1.0, "ft": (12 * INCH_CM) ** 2}[area["unit"].lower()]
        return Size(area_cm2=_number(area["a"]) * factor)
    for found in _DIMS.finditer(text):
        unit = found["unit"] or found["ub"] or found["ua"] or found["pre"]
        raw = [found[k] for k in ("a", "b", "c") if found[k]]
        try:
            sides = tuple(sorted((_number(r) * _unit_factor(unit, r) for r in raw), reverse=True))
        except (ValueError, ZeroDivisionError):
            continue
        if _plausible(sides):
            return Size(sides=sides)
    single = _SINGLE.search(text)
    if single:
        try:
            side = _number(single["a"]) * _unit_factor(single["unit"], single["a"])
        except (ValueError, ZeroDivisionError):
            return Size()
        if _plausible((side,)):
            return Size(sides=(side,))
    return Size()


# ---------------------------------------------------------------- dates


@dataclass(frozen=True)
class Period:
    """An interval of years, both ends inclusive."""

    earliest: int
    latest: int

    @property
    def width(self) -> int:
        """Number of years covered minus one (0 for an exact year)."""
        return self.latest - self.earliest


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
_CENTURY = re.compile(
    r"(?P<mod>early|late|mid|fruhes|spates|anfang|ende|mitte|debut|fin|milieu|inizio|fine|meta|"
    r"principios|finales|mediados|begin|eind|midden|vroeg|laat)?[\s\-]*(?:of\s+the\s+|du\s+|del\s+|des\s+)?"
    r"(?:(?P<num>\d{1,2})\s*(?:st|nd|rd|th|e|er|eme|o|º|°|\.)?|(?P<roman>[xvi]{1,5})\.?\s*(?:e|eme|er|th)?)"
    r"[\s\-]*(?:century|centuries|jh|jahrhundert|siecle|secolo|siglo|eeuw|stolittia|vek|sec)\b"
    r"|(?:siglo|secolo|sec)\s+(?P<roman2>[xvi]{1,5})\b",
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(
    r"(?<![\d,])(?<!\d\.)(1[0-9]{3}|20[0-2][0-9])(?:\s*[-–/]\s*(\d{1,4})(?!\d))?(s)?"
    r"(?![\d.,]*\s*(?:[-–]\s*[\d.,]+\s*)?(?:eur|usd|gbp|chf|€|\$|£))",
    re.IGNORECASE,
)
_CIRCA = re.compile(r"\b(?:c|ca|circa|um|vers|verso|hacia|rond|omstreeks|approx)\b\.?\s*$", re.IGNORECASE)


def _roman(text: str) -> int:
    values = [_ROMAN[ch] for ch in text.lower()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _century_period(found: re.Match[str]) -> Period | None:
    roman = found["roman"] or found["roman2"]
    number = int(found["num"]) if found["num"] else _roman(roman) if roman else 0
    if not 1 <= number <= 21:
        return None
    start = (number - 1) * 100
    mod = (found["mod"] or "").lower()
    if mod in ("early", "fruhes", "anfang", "debut", "inizio", "principios", "begin", "vroeg"):
        return Period(start, start + 40)
    if mod in ("late", "spates", "ende", "fin", "fine", "finales", "eind", "laat"):
        return Period(start + 60, start + 99)
    if mod in ("mid", "mitte", "milieu", "meta", "mediados", "midden"):
        return Period(start + 30, start + 70)
    return Period(start, start + 99)


def _year_period(found: re.Match[str], before: str) -> Period:
    start = int(found[1])
    end = start
    if found[2]:
        tail = found[2]
        end = int(str(start)[: 4 - len(tail)] + tail) if len(tail) < 4 else int(tail)
        end = end if start <= end <= start + 200 else start
    if found[3]:
        end = start + 9
    if _CIRCA.search(before):
        return Period(start - 5, end + 5)
    return Period(start, end)


@lru_cache(maxsize=100_000)
def extract_period(text: str | None) -> Period | None:
    """The first date or period mentioned in a text (years, ranges, decades, centuries)."""
    if not text:
        return None
    text = text[:5000]
    years = [f for f in _YEAR_RANGE.finditer(text) if not _DIMS_NEAR.search(text, f.start(), f.end() + 4)]
    if years:
        first = years[0]
        return _year_period(first, text[max(0, first.start() - 8) : first.start()])
    return _date_phrase(text) or _first_century(text)


def _first_century(text: str) -> Period | None:
    from heritrace.matching.normalize import fold

    for found in _CENTURY.finditer(fold(text)):
        period = _century_period(found)
        if period:
            return period
    return None


# A date phrase starts at a Roman numeral (Latin letters or Cyrillic look-alikes), a number
# followed by words, or the first word of a named period; it is read by the shared date parser.
_ANCHOR = re.compile(r"^(?:[IVXLivxlІіХх]{1,7}e?\.?|\d{1,4}(?:st|nd|rd|th|e|er|o|\.)?|[^\W\d_]{4,})$")
_PHRASE_WORDS = 6


def _date_phrase(text: str) -> Period | None:
    """The first phrase of a listing that the shared date parser reads as a period.

    Covers what a single regex cannot: centuries in Roman numerals typed with Cyrillic letters
    ("ХVІІІ ст."), BC wording ("III ст. до н.е.", "2. Jh. v. Chr.", "IIe siècle av. J.-C.") and
    period names in several languages ("Kievan Rus", "hellenistisch", "époque victorienne").
    """
    from heritrace.objects.parsing import parse_date
    from heritrace.objects.parsing.periods import first_words

    tokens = text[:2000].replace("(", " ").replace(")", " ").replace('"', " ").split()
    names = first_words()
    for start, token in enumerate(tokens):
        bare = token.strip(".,;:'\"").lower()
        if not _ANCHOR.match(bare) or (bare.isalpha() and len(bare) > 7 and bare not in names):
            continue
        if bare.isalpha() and bare not in names and not _ROMANISH.match(bare):
            continue
        for size in range(min(_PHRASE_WORDS, len(tokens) - start), 0, -1):
            phrase = " ".join(tokens[start : start + size]).strip(" ,;:")
            if size == 1 and not bare.isalpha():
                continue  # a lone number is a lot, a price or a year (read above)
            parsed = parse_date(phrase)
            if (
                parsed.earliest is not None
                and parsed.latest is not None
                and parsed.latest - parsed.earliest < 3000
            ):
                return Period(parsed.earliest, parsed.latest)
    return None


_ROMANISH = re.compile(r"^[ivxlіх]{1,7}e?$")


_DIMS_NEAR = re.compile(r"\d\s*(?:x|×)\s*\d|\d\s*(?:cm|mm|in)\b", re.IGNORECASE)


def register_size(text: str | None) -> Size:
    """Size of a register field: this module's reader, then the shared parser as a fallback."""
    size = extract_size(text)
    if size.known or not text:
        return size
    try:
        from heritrace.objects.parsing import parse_measurements

        parsed = parse_measurements(text)
    except Exception:  # noqa: BLE001 - the shared parser is optional here
        return size
    sides = [parsed.height_cm, parsed.width_cm, parsed.depth_cm, parsed.diameter_cm, parsed.length_cm]
    known = tuple(sorted((s for s in sides if s), reverse=True))
    if known and _plausible(known):
        return Size(sides=known)
    return Size(area_cm2=parsed.area_cm2) if parsed.area_cm2 else size


def register_period(text: str | None) -> Period | None:
    """Period of a register field: this module's reader, then the shared date parser."""
    period = extract_period(text)
    if period is not None or not text:
        return period
    try:
        from heritrace.objects.parsing import parse_date

        parsed = parse_date(text)
    except Exception:  # noqa: BLE001 - the shared parser is optional here
        return None
    if parsed.earliest is None or parsed.latest is None:
        return None
    return Period(parsed.earliest, parsed.latest)

"""Dates and periods read from free text into EDTF plus a year interval.

Conventions (documented because sources and standards differ):

* ``earliest``/``latest`` are plain signed years: ``-150`` is 150 BC, ``1`` is AD 1, there is no year 0.
  The EDTF string follows ISO 8601 (astronomical numbering), so 150 BC is written ``-0149``.
* An AD century covers the years whose hundreds digit matches: the 17th century is ``16XX``,
  [1600, 1699]; the 1st century AD is [1, 99]. A BC century is counted strictly backwards:
  the 2nd century BC is [-200, -101] (200-101 BC).
* Sub-periods of a century: early = years 00-35, mid = 30-70, late = 65-99, first half = 00-49,
  second half = 50-99, quarters = 00-24, 25-49, 50-74, 75-99. Decades scale the same way
  (early 1950s = [1950, 1953], late 1950s = [1956, 1959]).
* circa widens a single year by 10 years each side ("c. 1650" = [1640, 1660]); the ends of a circa
  range, decades and centuries are widened by 5 years.
* "1890s" is the decade [1890, 1899] (``189X``); a decade word ending in 00 ("1900s") is read as the
  century [1900, 1999] and the ambiguity is reported in ``problems``.
* "before 1700" has no earliest year (``../1700``), "after 1850" no latest (``1850/..``); the named
  year itself is included. "exhibited 1845" means made by 1845 (``../1845``).
* Of a list of events ("1840, printed 1890") the first is the date of the object.
* A period starting after ``today`` stays parsed but is flagged in ``problems``.
* A named period ("Ming dynasty", "époque d'Edo") is the interval listed in ``periods.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from heritrace.objects.parsing.periods import period_bounds

CIRCA_WORDS = (
    r"c\.|ca\.|ca|c|circa|approx\.|approximately|about|around|um|gegen|etwa|vers|environ|env\.|hacia|"
    r"alrededor\s+de(?:l)?|intorno\s+al(?:l')?|verso\s+il|attorno\s+al|circa|omstreeks|rond|около|близько|"
    r"прибл\.|бл\.|ок\."
)
UNCERTAIN_WORDS = (
    r"probably|possibly|perhaps|prob\.|wohl|vermutlich|wahrscheinlich|probablement|peut-être|"
    r"probabilmente|forse|probablemente|posiblemente|waarschijnlijk|vermoedelijk|возможно|ймовірно"
)
ANTE_WORDS = (
    r"before|by|not\s+later\s+than|until|avant|vor|prima\s+del(?:l')?|prima\s+del|antes\s+de(?:l)?|"
    r"voor|vóór|ante|до|перед"
)
POST_WORDS = (
    r"after|not\s+before|since|après|nach|dopo\s+il|dopo\s+l'|dopo|después\s+de(?:l)?|na|post|після|после"
)
DECADE_WORDS = r"années|annees|les\s+années|anni|gli\s+anni|años|los\s+años|jaren|de\s+jaren"
CENTURY_AFTER = (
    r"century|centuries|cent\.|c\.|c|siècle|siecle|s\.|secolo|sec\.|siglo|jahrhundert|jahrhunderts|jh\.?|"
    r"jhdt\.?|jhd\.?|eeuw|век|в\.|ст\.?|столетие|століття|сторіччя|wiek|w\."
)
CENTURY_BEFORE = r"siglo|s\.|secolo|sec\.|le|the"
MILLENNIUM_WORDS = (
    r"millennium|millénaire|millenaire|millennio|milenio|jahrtausend|jt\.|millennium|тысячелетие|тисячоліття"
)
ITALIAN_CENTURIES = {
    "duecento": 13, "dugento": 13, "trecento": 14, "quattrocento": 15, "cinquecento": 16,
    "seicento": 17, "settecento": 18, "ottocento": 19, "novecento": 20, "duemila": 21,
}  # fmt: skip
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21,
}  # fmt: skip
_EARLY, _MID, _LATE = (0, 35), (30, 70), (65, 99)
_FIRST_HALF, _SECOND_HALF = (0, 49), (50, 99)
QUALIFIERS = {
    **dict.fromkeys(
        "early|beginning of|start of|turn of|début|debut|commencement|frühes|frühe|frühen|früh|anfang|"
        "beginn|inizio|inizi|primo|primi|principio|principios|comienzos|inicios|begin|vroeg|vroege|"
        "початок|начало|ранний".split("|"), _EARLY),
    **dict.fromkeys(
        "mid|middle|milieu|mi|mitte|mittleres|metà|meta|mediados|medio|midden|середина|середина".split("|"),
        _MID),
    **dict.fromkeys(
        "late|end of|the end of|fin|fine|tardo|tarda|finales|fines|final|ende|spätes|späte|"
        "späten|spät|eind|laat|einde|кінець|конец|поздний".split("|"), _LATE),
    **dict.fromkeys(
        "first half|1st half|première moitié|premiere moitie|1re moitié|1ère moitié|erste hälfte|"
        "1. hälfte|prima metà|primera mitad|eerste helft|1e helft|перша половина|первая половина"
        .split("|"), _FIRST_HALF),
    **dict.fromkeys(
        "second half|2nd half|latter half|seconde moitié|deuxième moitié|2e moitié|zweite hälfte|"
        "2. hälfte|seconda metà|segunda mitad|tweede helft|2e helft|друга половина|вторая половина"
        .split("|"), _SECOND_HALF),
    **dict.fromkeys(
        "first quarter|1st quarter|premier quart|erstes viertel|1. viertel|primo quarto|primer cuarto|"
        "eerste kwart".split("|"), (0, 24)),
    **dict.fromkeys("second quarter|2nd quarter|deuxième quart|zweites viertel|secondo quarto|"
                    "segundo cuarto|tweede kwart".split("|"), (25, 49)),
    **dict.fromkeys("third quarter|3rd quarter|troisième quart|drittes viertel|terzo quarto|"
                    "tercer cuarto|derde kwart".split("|"), (50, 74)),
    **dict.fromkeys(
        "last quarter|fourth quarter|4th quarter|dernier quart|letztes viertel|viertes viertel|"
        "ultimo quarto|último cuarto|laatste kwart".split("|"), (75, 99)),
}  # fmt: skip
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan janvier janv januar jänner gennaio gen enero ene januari",
            "february feb février févr fevrier februar febbraio febrero februari",
            "march mar mars märz maerz marzo maart",
            "april apr avril aprile abril",
            "may mai maggio mayo mei",
            "june jun juin juni giugno junio",
            "july jul juillet juli luglio julio",
            "august aug août aout agosto ago augustus",
            "september sep sept septembre settembre set septiembre",
            "october oct octobre oktober ottobre ott octubre okt",
            "november nov novembre noviembre",
            "december dec décembre decembre dezember dicembre dic diciembre",
        ),
        start=1,
    )
    for name in names.split()
}
# "date not known", "n.d.", "o.J.": a record that says it has no known date. EDTF writes an
# unknown year as XXXX; such a record has no interval and is not flagged as unread.
UNKNOWN_EDTF = "XXXX"
_NO_DATE = re.compile(
    r"(?:date\s+(?:not\s+known|unknown)|unknown(?:\s+date)?|no\s+date|undated|not\s+dated|n\.\s?d\.?|nd|"
    r"s\.\s?d\.?|s/d|s\.\s?f\.?|o\.\s?j\.?|ohne\s+(?:jahr|datum)|undatiert|unbekannt|sans\s+date|"
    r"non\s+daté|inconnu|senza\s+data|non\s+datato|sconosciuto|sin\s+fecha|sin\s+datar|desconocido|"
    r"zonder\s+(?:jaar|datum)|z\.\s?j\.?|ongedateerd|onbekend|без\s+даты|без\s+дати|не\s+датовано|"
    r"дата\s+невідома|дата\s+неизвестна)",
    re.IGNORECASE,
)

CIRCA_YEARS = 10
CIRCA_SPAN_YEARS = 5


@dataclass(frozen=True)
class DatePeriod:
    edtf: str | None  # an EDTF (ISO 8601-2 / Library of Congress EDTF) expression
    earliest: int | None  # plain signed year, -150 = 150 BC (see module docstring)
    latest: int | None
    parsed: bool
    problems: tuple[str, ...] = ()  # e.g. "date in the future"


@dataclass(frozen=True)
class _Span:
    """One side of a period: its year bounds and its EDTF start and end pieces."""

    earliest: int | None
    latest: int | None
    start: str
    end: str
    kind: str = "year"  # year, date, decade, century, part (of a century/decade), open, set
    approximate: bool = False
    uncertain: bool = False
    note: str | None = None

    @property
    def edtf(self) -> str:
        if self.kind == "set":
            return self.start
        start = self.start + _qualifier_mark(self, self.start)
        if self.start == self.end:
            return start
        return f"{start}/{self.end + _qualifier_mark(self, self.end)}"


def _qualifier_mark(span: _Span, piece: str) -> str:
    if piece == "..":
        return ""
    if span.approximate and span.uncertain:
        return "%"
    return "~" if span.approximate else "?" if span.uncertain else ""


# --- years in EDTF -----------------------------------------------------------------------------


def year_edtf(year: int) -> str:
    """EDTF year of a plain signed year (150 BC -> -0149)."""
    if year > 0:
        return f"{year:04d}"
    return f"-{-(year + 1):04d}" if year < -1 else "0000"


def _year_span(year: int) -> _Span:
    return _Span(year, year, year_edtf(year), year_edtf(year))


def _interval(earliest: int, latest: int, kind: str) -> _Span:
    return _Span(earliest, latest, year_edtf(earliest), year_edtf(latest), kind)


def _longest_first(alternatives: str) -> str:
    """Regex alternation where 'circa' is tried before 'c'."""
    return "|".join(sorted(alternatives.split("|"), key=len, reverse=True))


# --- regular expressions -----------------------------------------------------------------------

_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\u00a0": " ", "’": "'"})
_ERAS = (
    (re.compile(r"\b(?:av(?:ant|\.)?\s*j\.?\s*-?\s*c\.?|v\.\s*chr\.?|vor\s+christus|vor\s+chr\.?"
                r"|b\.?\s*c\.?\s*e\.?|b\.\s*c\.?|bc|a\.\s*c\.?|a\.c\.|a\.\s*de\s*c\.|до\s*н\.?\s*[еэ]\.?|p\.\s*n\.\s*e\.?"
                r"|v\.chr\.?|voor\s+christus)(?=\s|$|[,;)/-])"), " bc "),
    (re.compile(r"\b(?:ap(?:rès|\.)?\s*j\.?\s*-?\s*c\.?|n\.\s*chr\.?|nach\s+christus|a\.\s*d\.?|ad"
                r"|c\.\s*e\.|ce|d\.\s*c\.?|n\.chr\.?|н\.\s*[еэ]\.|n\.\s*e\.)(?=\s|$|[,;)/-])"), " ad "),
)  # fmt: skip
_SPACES = re.compile(r"\s+")
_MID_HYPHEN = re.compile(r"\b(mid|mi|mitte|midden|early|late)-(?=\S)")
_CENTURY_HYPHEN = re.compile(r"(\w\.?)-(century|siècle|jahrhundert|jh)")
_LABEL = re.compile(r"^[^\d:?]{1,30}?\s*:\s*")
_LEADING_EVENT = re.compile(
    r"^(?:(?:first\s+|later\s+)?(?:dated|published|engraved|made|painted|printed|reprinted|drawn|cast|recast|executed|"
    r"created|signed and dated|signed|inscribed|datiert|daté|datée|datato|datata|fechado|fechada|"
    r"gedateerd|gesigneerd en gedateerd|period|date|datum|datierung|datation|époque|epoca|época|"
    r"periode|periodo|periodo di|período)\b\.?\s*)+"
)
_BY_EVENT = re.compile(r"^(?:exhibited|by|shown|ausgestellt|exposé|esposto|expuesto|tentoongesteld)\s+")
_OR_LATER = re.compile(r"\s+(?:or|and|ou|oder|o|of)\s+(later|after|earlier|before)$")
_SET = re.compile(r"^(\d{3,4})\s+(?:or|ou|oder|o|of|или|або)\s+(\d{1,4})$")
_BETWEEN = re.compile(
    r"^(?:between|entre|zwischen|tra|fra|tussen|между|між)\s+(?:the\s+|il\s+|le\s+|el\s+|los\s+|les\s+)?"
    r"(.+?)\s+(?:and|et|und|e|y|en|и|і)\s+(?:the\s+|il\s+|le\s+|el\s+|los\s+|les\s+)?(.+)$"
)
_FROM = re.compile(r"^(?:from|de|von|dal|dallo|desde|van|с|з)\s+(?=\S)")
_RANGE_SEP = re.compile(
    r"\s*(?:-|/|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bto\b|\bbis\b|\bà\b|\bau\b|\bal\b|\ba\b|\bhasta\b|\btot\b|\buntil\b|\btill\b|\bo\b"
    r"|\bor\b)\s*"
)
_YEAR = re.compile(r"^(\d{3,4})$|^(\d{1,4})\s*(bc|ad)$|^ad\s*(\d{1,4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_WORD_DATE = re.compile(
    r"^(?:(\d{1,2})(?:st|nd|rd|th|er|\.)?\s+)?([^\W\d]+)\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})$"
)
_DECADE = re.compile(r"^(?:the\s+)?(\d{2,3})0\s*'?s$|^(\d{2,3})0er(?:\s*jahren?)?$|^'(\d)0\s*'?s$")
_DECADE_WORDS = re.compile(rf"^(?:{DECADE_WORDS})\s+(?:'|(?:\d\d))?(\d)0(?:er)?$")
_ROMAN = re.compile(r"^[ivxl]+$")
_CORE = r"(?:(\d{1,2})|([ivxl]+)|(" + "|".join(ORDINAL_WORDS) + r"))"
_ORDINAL_MARK = r"(?:st|nd|rd|th|e|è|ème|eme|er|re|de|ste|°|º|ª|o|a|\.)?"
_CENTURY = re.compile(
    rf"^{_CORE}{_ORDINAL_MARK}\s*(?:{CENTURY_AFTER})(?:\s+(bc|ad))?$"
    rf"|^(?:{CENTURY_BEFORE})\s*{_CORE}{_ORDINAL_MARK}(?:\s+(bc|ad))?$"
)
_BARE_CENTURY = re.compile(rf"^{_CORE}{_ORDINAL_MARK}(?:\s+(bc|ad))?$")
_MILLENNIUM = re.compile(
    rf"^{_CORE}{_ORDINAL_MARK}\s*(?:{MILLENNIUM_WORDS})(?:\s+(bc|ad))?$"
    rf"|^(?:{MILLENNIUM_WORDS})\s*{_CORE}{_ORDINAL_MARK}(?:\s+(bc|ad))?$"
)
_ITALIAN = re.compile(rf"^(?:il\s+|l')?(?:({'|'.join(ITALIAN_CENTURIES)})|'(\d)00)$")
_QUALIFIER = re.compile(
    r"^(" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")(?![^\W\d])"
    r"(?:\s+|-)?(?:(?:of\s+the|of|the|du|de\s+la|del|de|della|dello|dell'|des|van\s+de|van\s+het|van|der|"
    r"des|degli|delle|dei|im|in\s+the)\s+)?(?=\S)"
)
_CIRCA = re.compile(rf"^(?:{_longest_first(CIRCA_WORDS)})(?:\s+|(?<=\.)|(?=\d))")
_UNCERTAIN = re.compile(rf"^(?:{UNCERTAIN_WORDS})\s+")
# "before the 17th century", "nach dem 17. Jahrhundert": the article goes with the word
_ARTICLE = r"(?:(?:the|le|la|l'|il|el|dem|der|den|het)\s+)?"
_ANTE = re.compile(rf"^(?:{ANTE_WORDS})\s+{_ARTICLE}")
_POST = re.compile(rf"^(?:{POST_WORDS})\s+{_ARTICLE}")
_CENTURY_TAIL = re.compile(rf"^.*?\b{_CORE}{_ORDINAL_MARK}\s*([^\d\s].*)$")
_CENTURY_HEAD = re.compile(rf"^(.*?)\s*{_CORE}{_ORDINAL_MARK}\s*$")


# --- single expressions ------------------------------------------------------------------------


def _roman(numeral: str) -> int | None:
    values = {"i": 1, "v": 5, "x": 10, "l": 50}
    total = 0
    for i, char in enumerate(numeral):
        value = values[char]
        if i + 1 < len(numeral) and values[numeral[i + 1]] > value:
            total -= value
        else:
            total += value
    return total if 0 < total <= 30 else None


def _ordinal(digits: str | None, roman: str | None, word: str | None) -> int | None:
    if digits:
        return int(digits) if 0 < int(digits) <= 30 else None
    if roman:
        return _roman(roman)
    return ORDINAL_WORDS.get(word or "")


def _century(number: int, era: str | None) -> _Span:
    if era == "bc":
        return _interval(-number * 100, -(number - 1) * 100 - 1, "part")
    if number == 1:
        return _interval(1, 99, "part")
    earliest = (number - 1) * 100
    start = f"{number - 1:02d}XX"
    return _Span(earliest, earliest + 99, start, start, "century")


def _millennium(number: int, era: str | None) -> _Span:
    if era == "bc":
        return _interval(-number * 1000, -(number - 1) * 1000 - 1, "part")
    earliest = max(1, (number - 1) * 1000)
    if number == 1:
        return _interval(earliest, 999, "part")
    return _Span(earliest, earliest + 999, f"{number - 1}XXX", f"{number - 1}XXX", "century")


def _match_century(pattern: re.Pattern[str], text: str) -> tuple[int, str | None] | None:
    match = pattern.match(text)
    if not match:
        return None
    groups = match.groups()
    for i in range(0, len(groups) - 1, 4):  # each alternative: digits, roman, word, era
        number = _ordinal(*groups[i : i + 3])
        if number:
            return number, groups[i + 3]
    return None


def _plain_year(text: str) -> _Span | None:
    match = _YEAR.match(text)
    if not match:
        return None
    plain, number, era, ad_number = match.groups()
    year = int(plain or number or ad_number)
    if year == 0:
        return None
    return _year_span(-year if era == "bc" else year)


def _calendar_date(text: str) -> _Span | None:
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = int(match[1]), int(match[2]), match[3]
        return _day_span(year, month, int(day) if day else None)
    match = _NUMERIC_DATE.match(text)
    if match:
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if first > 12 or second > 12:  # only then is the order day/month certain
            day, month = (first, second) if first > 12 else (second, first)
            return _day_span(year, month, day)
        return _year_span(year)
    match = _WORD_DATE.match(text)
    if match and match[2] in MONTHS:
        day = match[1] or match[3]
        return _day_span(int(match[4]), MONTHS[match[2]], int(day) if day else None)
    return None


def _day_span(year: int, month: int, day: int | None) -> _Span | None:
    try:
        date(year, month, day or 1)
    except ValueError:
        return None
    piece = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    return _Span(year, year, piece, piece, "date")


def _decade(text: str) -> _Span | None:
    match = _DECADE.match(text) or _DECADE_WORDS.match(text)
    if not match:
        return None
    digits = next(g for g in match.groups() if g)
    if len(digits) == 1:  # "'80s", "anni '80": the 20th century is meant
        digits = "19" + digits
    start = int(digits) * 10
    if start % 100 == 0 and match.re is _DECADE and len(digits) == 3:
        century = _Span(start, start + 99, f"{start // 100:02d}XX", f"{start // 100:02d}XX", "century")
        return replace(century, note=f"'{start}s' read as the century {start}-{start + 99}")
    piece = f"{start // 10:03d}X"
    return _Span(start, start + 9, piece, piece, "decade")


def _named_century(text: str, allow_bare: bool) -> _Span | None:
    found = _match_century(_CENTURY, text)
    if found:
        return _century(*found)
    found = _match_century(_MILLENNIUM, text)
    if found:
        return _millennium(*found)
    match = _ITALIAN.match(text)
    if match:
        number = ITALIAN_CENTURIES[match[1]] if match[1] else int(match[2]) + 1
        return _century(number, None)
    if allow_bare:
        found = _match_century(_BARE_CENTURY, text)
        if found:
            return _century(*found)
    return None


def _qualified(text: str, allow_bare: bool) -> _Span | None:
    """'early 20th century', 'fin du XIXe siècle', 'late 1960s'."""
    match = _QUALIFIER.match(text)
    if not match:
        return None
    whole = _decade(text[match.end() :]) or _named_century(text[match.end() :], allow_bare)
    if whole is None or whole.earliest is None or whole.latest is None:
        return None
    first, last = QUALIFIERS[match[1]]
    size = whole.latest - whole.earliest + 1
    earliest = whole.earliest + first * size // 100
    latest = min(whole.earliest + last * size // 100, whole.latest)
    return _interval(earliest, latest, "part")


def _single(text: str, allow_bare: bool = False) -> _Span | None:
    text = text.strip(" .,;")
    approximate = uncertain = False
    while True:
        if text.startswith("?") or text.endswith("?"):
            uncertain, text = True, text.strip("?").strip()
            continue
        stripped = _CIRCA.sub("", text, count=1)
        if stripped != text:
            approximate, text = True, stripped.strip()
            continue
        stripped = _UNCERTAIN.sub("", text, count=1)
        if stripped != text:
            uncertain, text = True, stripped
            continue
        break
    span = (
        _plain_year(text)
        or _calendar_date(text)
        or _decade(text)
        or _named_century(text, allow_bare)
        or _qualified(text, allow_bare)
    )
    if span is None:
        return None
    return replace(span, approximate=approximate, uncertain=uncertain)


# --- ranges and open periods -------------------------------------------------------------------


def _complete_short_year(left: _Span, right_text: str) -> str:
    """'1770-80' -> '1780', '1898-02' -> '1902'."""
    short = _SHORT_YEAR.fullmatch(right_text.strip())
    if short is None or left.kind != "year" or (left.earliest or 0) < 100:
        return right_text
    circa, digits, doubt = short.groups()
    base = str(left.earliest)
    year = int(base[: len(base) - len(digits)] + digits)
    year = year + 100 if year < (left.earliest or 0) else year
    return f"{circa or ''}{year}{doubt or ''}"


_SHORT_YEAR = re.compile(r"(c\.\s?|circa\s)?(\d{1,2})(\?)?")


def _with_shared_era(left_text: str, right_text: str) -> str:
    """'500-450 BC': the era written once applies to both ends."""
    if right_text.endswith(" bc") and not re.search(r"\b(?:bc|ad)\b", left_text):
        return left_text + " bc"
    return left_text


def _range_sides(left_text: str, right_text: str) -> tuple[_Span, _Span] | None:
    left = _single(_with_shared_era(left_text, right_text))
    if left is None:  # "17th-18th century": the century word is written once, on the right
        tail = _CENTURY_TAIL.match(right_text)
        if tail:
            left = _single(f"{left_text} {tail[tail.lastindex or 1]}")
    if left is None:
        return None
    right = _single(_complete_short_year(left, right_text), allow_bare=left.kind in ("century", "part"))
    if right is None:
        head = _CENTURY_HEAD.match(left_text)
        if head and head[1]:
            right = _single(f"{head[1]} {right_text}")
    if right is None or left.earliest is None or right.latest is None:
        return None
    if left.earliest > right.latest:
        return None
    return left, right


def _join(left: _Span, right: _Span, approximate: bool) -> _Span:
    if approximate:
        left, right = replace(left, approximate=True), replace(right, approximate=True)
    qualified = bool(_qualifier_mark(left, left.start) or _qualifier_mark(right, right.end))
    start = _marked_piece(left, left.start, left.earliest, qualified)
    end = _marked_piece(right, right.end, right.latest, qualified)
    earliest, latest = _widened(left, CIRCA_SPAN_YEARS)[0], _widened(right, CIRCA_SPAN_YEARS)[1]
    return _Span(earliest, latest, start, end, "range", note=left.note or right.note)


def _marked_piece(span: _Span, piece: str, year: int | None, qualified: bool) -> str:
    mark = _qualifier_mark(span, piece)
    if qualified and "X" in piece and year is not None:  # the edtf package rejects "16XX~/17XX"
        piece = year_edtf(year)
    return piece + mark


def _range(text: str) -> _Span | None:
    approximate = False
    stripped = _CIRCA.sub("", text, count=1)
    if stripped != text:
        approximate, text = True, stripped.strip()
    between = _BETWEEN.match(text)
    if between:
        sides = _range_sides(between[1], between[2])
        return _join(*sides, approximate) if sides else None
    text = _FROM.sub("", text, count=1)
    for separator in _RANGE_SEP.finditer(text):
        left_text, right_text = text[: separator.start()], text[separator.end() :]
        if not left_text or not right_text:
            continue
        sides = _range_sides(left_text, right_text)
        if sides:
            return _join(*sides, approximate)
    return None


def _year_set(text: str) -> _Span | None:
    match = _SET.match(text)
    if not match:
        return None
    first = int(match[1])
    second = int(_complete_short_year(_year_span(first), match[2]))
    if second <= first:
        return None
    return _Span(first, second, f"[{year_edtf(first)},{year_edtf(second)}]", "", "set")


def _open(text: str) -> _Span | None:
    for pattern, before in ((_ANTE, True), (_POST, False)):
        stripped = pattern.sub("", text, count=1)
        if stripped == text:
            continue
        span = _single(stripped) or _range(stripped)
        if span is None or span.earliest is None or span.latest is None:
            return None
        if before:
            return _Span(None, span.earliest, "..", _end_piece(span, span.start, span.earliest), "open")
        return _Span(span.latest, None, _end_piece(span, span.end, span.latest), "..", "open")
    return None


def _or_later(text: str, later: bool) -> _Span | None:
    span = _single(text) or _range(text)
    if span is None or span.earliest is None or span.latest is None:
        return None
    if later:
        return _Span(span.earliest, None, _end_piece(span, span.start, span.earliest), "..", "open")
    return _Span(None, span.latest, "..", _end_piece(span, span.end, span.latest), "open")


def _end_piece(span: _Span, piece: str, year: int) -> str:
    """The closed end of an open interval; ``year`` is that end's year bound ("after the 17th
    century" ends open from 1699: EDTF has no open interval from an unspecified year)."""
    if "X" in piece:
        piece = year_edtf(year)
    return piece + _qualifier_mark(span, piece)


def _widened(span: _Span, margin: int | None = None) -> tuple[int, int]:
    earliest, latest = span.earliest, span.latest
    assert earliest is not None and latest is not None
    if not span.approximate:
        return earliest, latest
    if margin is None:
        margin = CIRCA_YEARS if span.kind in ("year", "date") else CIRCA_SPAN_YEARS
    return earliest - margin, latest + margin


# --- entry points ------------------------------------------------------------------------------


# Roman numerals typed with Cyrillic look-alike letters ("ХVІІІ ст." with Cyrillic Х and І)
_LOOKALIKE_ROMAN = re.compile(r"(?<![^\W\d_])[IVXLivxlІіХхУ]*[ІіХх][IVXLivxlІіХх]*(?![^\W\d_])")
_LOOKALIKE = str.maketrans({"І": "I", "і": "i", "Х": "X", "х": "x"})
# "1850 г.", "1850 р.", "1850 r." (year in Russian, Ukrainian, Polish): the word adds nothing
_YEAR_WORD = re.compile(r"(\d{3,4})\s*(?:г|р|r|гг|рр)\.(?=\s|$|[,;)])")


def _latin_numerals(text: str) -> str:
    """Cyrillic look-alike letters inside Roman numerals read as Latin ones."""
    return _LOOKALIKE_ROMAN.sub(lambda m: m[0].translate(_LOOKALIKE), text)


def _clean(text: str) -> str:
    text = _YEAR_WORD.sub(r"\1", _latin_numerals(text.translate(_DASHES))).lower()
    for pattern, replacement in _ERAS:
        text = pattern.sub(replacement, text)
    text = _MID_HYPHEN.sub(r"\1 ", text)
    text = _CENTURY_HYPHEN.sub(r"\1 \2", text)
    return _SPACES.sub(" ", text).strip(" .;,")


def _expression(text: str) -> _Span | None:
    text = text.strip(" .;,")
    if not text or _NO_DATE.fullmatch(text):
        return None
    text = _LABEL.sub("", text, count=1)
    doubt = ""
    if text.startswith("?"):  # "?exhibited 1845": the doubt is about the year
        doubt, text = "?", text[1:].lstrip()
    text = _LEADING_EVENT.sub("", text, count=1)
    for pattern in (_BY_EVENT, _ANTE, _POST):
        word = pattern.match(text)
        if word:
            text = text[: word.end()] + doubt + text[word.end() :]
            break
    else:
        text = doubt + text
    later = _OR_LATER.search(text)
    if later:  # "1831 or later": the named period and anything after it
        return _or_later(text[: later.start()], later[1] in ("later", "after"))
    by_event = _BY_EVENT.match(text)
    if by_event:
        return _open("before " + text[by_event.end() :])
    return _year_set(text) or _open(text) or _range(text) or _single(text)


def _read(text: str) -> _Span | None:
    return _read_cleaned(_clean(text))


def _read_cleaned(cleaned: str) -> _Span | None:
    span = _expression(cleaned) or _period(cleaned)
    if span is None and re.search(r"[,;]", cleaned):
        first = re.split(r"[,;]", cleaned, maxsplit=1)[0]
        span = _expression(first) or _period(first)
        parts = [part.strip() for part in re.split(r"[,;]", cleaned) if part.strip()]
        if span is not None and all(_one_period(part) for part in parts):
            span = replace(span, note=f"periods that do not nest: only '{first}' read")
    return span or _trailing_period(cleaned)


def _period(text: str) -> _Span | None:
    """'Ming dynasty', 'late Edo period', 'époque ptolémaïque' (see periods.py); the years given
    with one ('Edo period (1603-1868)') are read rather than the listed ones."""
    given = _PERIOD_WITH_YEARS.match(text)
    if given and _periods(given[1]):
        return _expression(given[2])
    bounds = _periods(text)
    return _interval(*bounds, "range") if bounds else None


def _periods(text: str) -> tuple[int, int] | None:
    """A named period, or the narrowest of nested ones ('Qing dynasty, Kangxi period'); periods
    that do not nest are not read."""
    parts = [part.strip() for part in re.split(r"[,;]", text) if part.strip()]
    if len(parts) < 2:
        return _one_period(text)
    spans = [_one_period(part) for part in parts]
    if any(span is None for span in spans):
        return None
    narrowest = min(spans, key=lambda b: b[1] - b[0])  # type: ignore[index]
    nested = all(lo <= narrowest[0] and narrowest[1] <= hi for lo, hi in spans)  # type: ignore[misc]
    return narrowest if nested else None


def _one_period(text: str) -> tuple[int, int] | None:
    """One named period, possibly qualified ('late Ming': the share a qualifier takes of a century)."""
    bounds = period_bounds(text)  # whole names first: "Middle Kingdom" is not the middle of a kingdom
    match = None if bounds else _QUALIFIER.match(text)
    if match is None:
        return bounds
    whole = period_bounds(text[match.end() :])
    if whole is None:
        return None
    (first, last), (lo, hi) = QUALIFIERS[match[1]], whole
    return lo + round((hi - lo) * first / 100), lo + round((hi - lo) * (last + 1) / 100)


_PERIOD_WITH_YEARS = re.compile(r"^(.*?)\s*\(([^()]*\d[^()]*)\)$")


def _trailing_period(text: str) -> _Span | None:
    """'débet du XIXe siècle' (a typo): keep the century, say what was left out."""
    words = text.split()
    for i in range(1, min(len(words), 6)):
        tail = " ".join(words[i:])
        span = _named_century(tail, False) or _decade(tail)
        if span is not None:
            return replace(span, note=f"only '{tail}' understood")
    return None


def parse_date(text: str | None, today: date | None = None) -> DatePeriod:
    """Read a date or period ("c. 1650", "XVIIe siècle", "1785-1830"); never raises."""
    if not text or not text.strip():
        return DatePeriod(None, None, None, False)
    return _parse_cached(text[:200], (today or date.today()).year)


# Plain years and (circa) year ranges make up most catalogue dates; one regex reads them.
_COMMON_FORM = re.compile(r"(c\.\s?|circa\s)?(\d{4})(?:\s?[-–]\s?(\d{1,4}))?")


def _common_form(text: str) -> _Span | None:
    match = _COMMON_FORM.fullmatch(text)
    if match is None:
        return None
    circa, first, second = match.groups()
    span = _year_span(int(first))
    if second is None:
        return replace(span, approximate=True) if circa else span
    last = int(_complete_short_year(span, second))
    if last < int(first):
        return None
    return _join(span, _year_span(last), approximate=bool(circa))


@lru_cache(maxsize=8192)
def _parse_cached(text: str, this_year: int) -> DatePeriod:
    span = _common_form(text.strip())  # plain years first: most dates are one
    if span is None:
        cleaned = _clean(text)
        if _NO_DATE.fullmatch(cleaned):
            return DatePeriod(UNKNOWN_EDTF, None, None, True)
        span = _read_cleaned(cleaned)
    if span is None:
        return DatePeriod(None, None, None, False)
    earliest, latest = span.earliest, span.latest
    if span.kind not in ("range", "open", "set") and earliest is not None and latest is not None:
        earliest, latest = _widened(span)
    problems = [span.note] if span.note else []
    if earliest is not None and earliest > this_year:
        problems.append(f"date in the future ({earliest})")
    return DatePeriod(span.edtf, earliest, latest, True, tuple(problems))


def format_period(period: DatePeriod) -> str:
    """Display form of a parsed period: 'c. 1650', '17th century', '1785–1830', '150 BC'."""
    if not period.parsed or not period.edtf:
        return ""
    return format_edtf(period.edtf)


def _ordinal_suffix(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def _format_piece(piece: str) -> str:
    mark = piece[-1] if piece[-1] in "~?%" else ""
    core = piece.rstrip("~?%")
    if core.endswith("XXX"):
        text = f"{_ordinal_suffix(int(core[:-3]) + 1)} millennium"
    elif core.endswith("XX"):
        text = f"{_ordinal_suffix(int(core[:-2]) + 1)} century"
    elif core.endswith("X"):
        text = f"{int(core[:-1])}0s"
    elif "-" in core[1:]:
        text = core
    else:
        astronomical = int(core)
        text = str(astronomical) if astronomical > 0 else f"{1 - astronomical} BC"
    prefix = "c. " if mark in "~%" and mark else ""
    return prefix + text + ("?" if mark in "?%" and mark else "")


def format_edtf(edtf: str) -> str:
    """Display form of an EDTF expression produced by :func:`parse_date`."""
    if edtf == UNKNOWN_EDTF:
        return "date unknown"
    if edtf.startswith("["):
        return " or ".join(_format_piece(p.strip()) for p in edtf.strip("[]").split(","))
    start, _, end = edtf.partition("/")
    if not end:
        return _format_piece(start)
    if start == "..":
        return f"before {_format_piece(end)}"
    if end == "..":
        return f"after {_format_piece(start)}"
    if start.endswith("~") and end.endswith("~"):  # "c. 1770–1780"
        return f"c. {_format_piece(start[:-1])}–{_format_piece(end[:-1])}"
    return f"{_format_piece(start)}–{_format_piece(end)}"


# --- a date inside a longer text -----------------------------------------------------------------

_CLAUSES = re.compile(r"[.;:!?()\[\]\n]+\s|[;:!?()\[\]\n]+|,\s")
_ANCHOR = re.compile(
    rf"^(?:\d{{4}}s?|\d{{4}}[-–]\d{{2,4}}|{CENTURY_AFTER}|{MILLENNIUM_WORDS}|{'|'.join(ITALIAN_CENTURIES)})[.,;:]?$",
    re.IGNORECASE,
)
_PHRASE_WORDS = 5
_CLAUSE_CHARS = 60


def find_date_in(text: str, today: date | None = None) -> tuple[DatePeriod, str] | None:
    """The first date or period written inside a longer text (a description typed into a date
    field): a clause that reads as a date, else the shortest phrase around a year or a century word
    that does. Returns the period and the words it was read from, or None."""
    for clause in _CLAUSES.split(text):
        clause = clause.strip(" ,.")
        if 0 < len(clause) <= _CLAUSE_CHARS:
            found = _readable(clause, today)
            if found:
                return found, clause
    words = text.split()
    for i, word in enumerate(words):
        if not _ANCHOR.match(word):
            continue
        for phrase in _phrases(words, i):
            found = _readable(phrase, today)
            if found:
                return found, phrase
    return None


def _phrases(words: list[str], i: int) -> list[str]:
    """Phrases of up to ``_PHRASE_WORDS`` words that hold word ``i``, longest first."""
    out = []
    for width in range(_PHRASE_WORDS, 0, -1):
        for start in range(max(0, i - width + 1), i + 1):
            if start + width <= len(words):
                out.append(" ".join(words[start : start + width]).strip(" ,.;:()"))
    return out


def _readable(phrase: str, today: date | None) -> DatePeriod | None:
    period = parse_date(phrase, today)
    if not period.parsed or period.edtf == UNKNOWN_EDTF or period.problems:
        return None
    return period

"""Measurements read from free text ("support: 229 x 489 mm", "H. 12 cm", "5 3/4 × 9\"", "1,2 kg").

The parser is tolerant: it scans the whole text for dimension groups, so it works on a catalogue's
dimensions field as well as on a sentence of a sale listing. Nothing is ever rejected; text that
yields no value gives ``parsed=False`` and the caller keeps the text.

Conventions (documented because the source texts rarely say):

* Unlabelled numbers follow the international order: height x width x depth. A lone unlabelled
  number is a length.
* ``D.``/``d`` is depth when a width is also given, otherwise diameter (a vase: "H. 30 cm, D. 12 cm").
* When several parts are measured, the support (sheet, object, unlabelled) is preferred over the
  image, which is preferred over unconfirmed sizes, the mount and finally the frame; a frame alone is
  still used.
* A comma followed by exactly three digits is a thousands separator ("1,200 g"), any other comma is a
  decimal comma ("45,5 cm").
* A group without any unit is read in the unit used elsewhere in the same text, else in centimetres,
  and the guess is reported in ``problems``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# Above the usual bound a value is kept and flagged for review ("unusual"): most likely a unit
# mistake, but tapestries, embroideries, scrolls and wall works reach 70 to 145 m. Above the possible
# bound it is refused ("absurd"): no movable object is 500 m long.
MAX_LENGTH_CM = 5000.0
MAX_POSSIBLE_LENGTH_CM = 50_000.0
MAX_WEIGHT_G = 100_000_000.0  # 100 t
MAX_AREA_CM2 = MAX_LENGTH_CM * MAX_LENGTH_CM
MAX_VOLUME_CM3 = MAX_LENGTH_CM**3

DIMENSIONS = ("height", "width", "depth", "diameter", "length")


@dataclass(frozen=True)
class Measurements:
    height_cm: float | None = None
    width_cm: float | None = None
    depth_cm: float | None = None
    diameter_cm: float | None = None
    length_cm: float | None = None
    weight_g: float | None = None
    area_cm2: float | None = None  # some registers only keep an area, e.g. "609 sq in (area)"
    parsed: bool = False  # False when text was given but nothing could be read
    # e.g. "absurd height 90000 cm" -> value dropped, an error; "unusual width 14550 cm" -> kept, flagged
    problems: tuple[str, ...] = ()
    volume_cm3: float | None = None  # some registers only keep a volume, e.g. "71 cu in (volume)"


# --- units -------------------------------------------------------------------------------------

LENGTH_UNITS = {
    "mm": 0.1, "millimetre": 0.1, "millimetres": 0.1, "millimeter": 0.1, "millimeters": 0.1,
    "cm": 1.0, "cms": 1.0, "centimetre": 1.0, "centimetres": 1.0, "centimeter": 1.0,
    "centimeters": 1.0, "centímetros": 1.0, "centimetri": 1.0, "zentimeter": 1.0,
    "m": 100.0, "metre": 100.0, "metres": 100.0, "meter": 100.0, "meters": 100.0, "metri": 100.0,
    "metros": 100.0, "mètres": 100.0,
    "in": 2.54, "inch": 2.54, "inches": 2.54, '"': 2.54, "pulgadas": 2.54, "pulgada": 2.54,
    "pouces": 2.54, "pouce": 2.54, "zoll": 2.54, "duim": 2.54, "pollici": 2.54,
    "ft": 30.48, "foot": 30.48, "feet": 30.48, "'": 30.48,
}  # fmt: skip
WEIGHT_UNITS = {
    "g": 1.0, "gr": 1.0, "gram": 1.0, "grams": 1.0, "gramm": 1.0, "grammes": 1.0, "grammi": 1.0,
    "gramos": 1.0, "kg": 1000.0, "kilo": 1000.0, "kilos": 1000.0, "kilogram": 1000.0,
    "kilograms": 1000.0, "kilogramm": 1000.0, "kilogrammes": 1000.0, "chili": 1000.0,
    "lb": 453.59237, "lbs": 453.59237, "pound": 453.59237, "pounds": 453.59237,
    "oz": 28.349523, "ounce": 28.349523, "ounces": 28.349523,
}  # fmt: skip
AREA_UNITS = {"sq_in": 6.4516, "sq_cm": 1.0, "sq_mm": 0.01, "sq_ft": 929.0304, "sq_m": 10_000.0}
VOLUME_UNITS = {"cu_in": 16.387064, "cu_cm": 1.0, "cu_mm": 0.001, "cu_ft": 28_316.846592}

# Labels naming one dimension, in the languages of the register and the market.
DIMENSION_LABELS = {
    "height": "h h. ht ht. hgt hgt. height high tall höhe hoehe hoch haut. haut hauteur hauteurs"
    " alt alt. altezza altura hoogte hoog",
    "width": "w w. wd wd. width wide breite breit b b. br br. larg larg. largeur larghezza ancho"
    " anchura breedte breed",
    "depth": "depth deep tiefe tief t t. prof prof. profondeur profondità profundidad diepte diep"
    " th th. thickness dp dp.",
    "diameter": "diam diam. diameter diám diám. diámetro diametro diamètre durchmesser dm dm. dia"
    " dia. ø ⌀ doorsnede",
    "length": "l l. length long long. länge laenge longueur lunghezza lungh. largo longitud lengte len len.",
    "ambiguous_d": "d d.",
    "weight": "weight wt wt. gewicht gew. poids peso",
}
LABEL_OF_WORD = {word: label for label, words in DIMENSION_LABELS.items() for word in words.split()}

# Part of the object a group measures, ranked: lower is preferred.
PART_PATTERNS = (
    (4, re.compile(r"frame|cadre|encadr|rahmen|gerahmt|cornice|incorniciat|\bmarco\b|enmarcad|lijst")),
    (3, re.compile(r"\bmount|passe-?partout|\bmat\b|montage")),
    (2, re.compile(r"unconfirmed")),
    (1, re.compile(r"\bimage\b|\bplate|\bsight\b|\bbild\b|immagine|\bimagen\b|lastra|battuta")),
)

# --- tokenising --------------------------------------------------------------------------------

_FRACTIONS = {"½": " 1/2", "¼": " 1/4", "¾": " 3/4", "⅓": " 1/3", "⅔": " 2/3", "⅛": " 1/8",
              "⅜": " 3/8", "⅝": " 5/8", "⅞": " 7/8"}  # fmt: skip
_CHAR_MAP = str.maketrans({"×": " x ", "″": '"', "”": '"', "“": '"', "′": "'", "’": "'",
                           "\u00a0": " ", "\u202f": " ", "⁄": "/", **_FRACTIONS})  # fmt: skip
_COMPOUND_UNITS = re.compile(
    r"\b(?:sq|square|cu|cubic)\.?\s*(?:in|inch|inches|cm|mm|ft|feet|m)\b\.?"
    r"|(?<![^\W\d])(?:cm|mm|in|ft|m)(?:[²³]|[23]\b)"
)
_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)*(?:(?: +|-)\d+/\d+)?|\d+/\d+)"
    r"|(?P<word>[^\W\d]+\.?|[ø⌀])"
    r"|(?P<sym>''|[\"'](?![^\W\d])|[:;()\n\r*])"
)
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")


_COMPOUND_PART = re.compile(r"(sq|square|cu|cubic)?\.?\s*(inches|inch|in|cm|mm|ft|feet|m)\.?([²³23]?)")


def _compound_unit(match: re.Match[str]) -> str:
    parsed = _COMPOUND_PART.match(match.group())
    if parsed is None:  # cannot happen: both patterns agree
        return match.group()
    kind, unit, power = parsed.groups()
    square = (kind or "").startswith("sq") or power in ("²", "2")
    unit = {"inch": "in", "inches": "in", "feet": "ft"}.get(unit, unit)
    return f" {'sq' if square else 'cu'}_{unit} "


@dataclass
class _Token:
    kind: str  # num, unit, label, x, colon, open, close, break, word
    value: object
    start: int
    end: int


def _to_number(text: str) -> float | None:
    whole, _, fraction = text.replace("-", " ").partition(" ")
    fraction = fraction.strip()
    if "/" in whole:
        whole, fraction = "0", whole
    if _THOUSANDS.fullmatch(whole):
        whole = whole.replace(",", "")
    else:
        whole = whole.replace(",", ".")
        if whole.count(".") > 1:  # "1.200.000" style grouping
            whole = whole.replace(".", "")
    try:
        value = float(whole)
        if fraction:
            numerator, denominator = fraction.split("/")
            value += int(numerator) / int(denominator) if int(denominator) else 0.0
    except ValueError:
        return None
    return value


def _classify_word(word: str, text: str, end: int) -> tuple[str, object]:
    if word in ("x", "by", "per", "bei"):
        return "x", word
    bare = word.rstrip(".")
    for kind, table in (("unit", LENGTH_UNITS), ("weight_unit", WEIGHT_UNITS)):
        if bare in table:
            if bare == "in" and not word.endswith(".") and re.match(r" +[^\W\d]", text[end : end + 3]):
                return "soft_in", bare  # "5 in excellent condition": an inch only inside a group
            return kind, bare
    if bare in AREA_UNITS:
        return "area_unit", bare
    if bare in VOLUME_UNITS:
        return "volume_unit", bare
    label = LABEL_OF_WORD.get(word) or LABEL_OF_WORD.get(bare)
    if label:
        return "label", label
    return "word", word


def _tokenise(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup or "", match.group()
        if kind == "num":
            number = _to_number(value)
            if number is None:
                continue
            tokens.append(_Token("num", number, match.start(), match.end()))
            continue
        if kind == "word":
            kind, value = _classify_word(value, text, match.end())
        else:
            kind = _SYMBOL_KINDS[value]
            value = '"' if value == "''" else value
            if kind == "unit_sym":
                kind = "unit"
        tokens.append(_Token(kind, value, match.start(), match.end()))
    return tokens


_SYMBOL_KINDS = {'"': "unit_sym", "''": "unit_sym", "'": "unit_sym", ":": "colon", ";": "break",
                 "(": "open", ")": "close", "\n": "break", "\r": "break", "*": "x"}  # fmt: skip


# --- grouping ----------------------------------------------------------------------------------


@dataclass
class _Item:
    value: float
    label: str | None = None
    unit: str | None = None
    soft: bool = False  # unit read from a bare "in" that may be the preposition


@dataclass
class _Group:
    items: list[_Item]
    unit: str | None
    unit_kind: str  # unit (length), weight_unit, area_unit, volume_unit or "" when unitless
    start: int
    end: int
    part_rank: int = 0
    header: list[str] = field(default_factory=list)


class _Reader:
    """Walks the token list once and collects dimension groups."""

    def __init__(self, text: str, tokens: list[_Token]):
        self.text, self.tokens, self.i = text, tokens, 0
        self.groups: list[_Group] = []

    def peek(self, offset: int = 0) -> _Token | None:
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else None

    def kind(self, offset: int = 0) -> str:
        token = self.peek(offset)
        return token.kind if token else ""

    def read(self) -> list[_Group]:
        header: list[str] = []
        context_start, after_group = 0, -1
        while self.i < len(self.tokens):
            token = self.tokens[self.i]
            if token.kind == "break":
                context_start, header = token.end, []
                self.i += 1
                continue
            follows_group = self.i == after_group
            labels = self.header_labels()
            if labels and follows_group and not self.groups[-1].header:
                self.groups[-1].header = labels  # "30 x 40 cm (h x w)"
                continue
            if labels:
                header = labels
                continue
            group = self.group()
            if group is None:
                self.i += 1
                continue
            after_group = self.i
            group.header, header = header, []
            group.part_rank = _part_rank(self.text[context_start : group.start])
            self.groups.append(group)
            context_start = group.end
        return self.groups

    def header_labels(self) -> list[str]:
        """'H x W x D:' (or '(h x w)') announces the order of the next group's numbers."""
        j, labels = self.i, []
        if self.kind() == "open":
            j += 1
        while j < len(self.tokens) and self.tokens[j].kind == "label":
            labels.append(str(self.tokens[j].value))
            if j + 1 < len(self.tokens) and self.tokens[j + 1].kind == "x":
                j += 2
                continue
            j += 1
            break
        if len(labels) < 2 or j >= len(self.tokens) or self.tokens[j].kind not in ("colon", "close"):
            return []
        self.i = j + 1
        return labels

    def item(self) -> _Item | None:
        label = None
        if self.kind() == "label":
            label = str(self.tokens[self.i].value)
            self.i += 1
            if self.kind() == "colon":
                self.i += 1
        if self.kind() != "num":
            return None
        item = _Item(float(self.tokens[self.i].value), label)  # type: ignore[arg-type]
        self.i += 1
        if self.kind() in _UNIT_KINDS:
            item.unit, item.soft = str(self.tokens[self.i].value), self.kind() == "soft_in"
            self.i += 1
            self.add_inches(item)
        if item.label is None:
            item.label = self.suffix_label()
        return item

    def add_inches(self, item: _Item) -> None:
        """5' 6" and 2 ft 3 in are one length."""
        if item.unit not in ("ft", "feet", "foot", "'") or self.kind() != "num":
            return
        unit = self.peek(1)
        if unit and unit.kind in ("unit", "soft_in") and LENGTH_UNITS.get(str(unit.value)) == 2.54:
            item.value += float(self.tokens[self.i].value) / 12  # type: ignore[arg-type]
            self.i += 2

    def suffix_label(self) -> str | None:
        """'30 (h)' or '30 high'."""
        if self.kind() == "open" and self.kind(1) == "label" and self.kind(2) == "close":
            self.i += 3
            return str(self.tokens[self.i - 2].value)
        token = self.peek()
        if token and token.kind == "label" and self.text[token.start : token.end].rstrip(".") in _SUFFIXES:
            self.i += 1
            return str(token.value)
        return None

    def group(self) -> _Group | None:
        start_index = self.i
        start = self.tokens[self.i].start
        leading_unit = None
        if self.kind() == "unit" and self.peek().value in ("cm", "mm") and self.kind(1) in ("num", "label"):
            leading_unit = str(self.tokens[self.i].value)
            self.i += 1
        first = self.item()
        if first is None:
            self.i = start_index
            return None
        items = [first]
        while self.kind() == "x" and self.kind(1) in ("num", "label"):
            save = self.i
            self.i += 1
            nxt = self.item()
            if nxt is None:
                self.i = save
                break
            items.append(nxt)
        trailing = None
        if self.kind() in _UNIT_KINDS and not (self.kind() == "soft_in" and len(items) == 1):
            trailing = str(self.tokens[self.i].value)
            self.i += 1
        group = _make_group(items, leading_unit or trailing, start, self.tokens[self.i - 1].end)
        if group is None:
            self.i = start_index
        return group


_UNIT_KINDS = ("unit", "weight_unit", "area_unit", "volume_unit", "soft_in")
_SUFFIXES = {"high", "tall", "hoch", "wide", "breit", "deep", "tief", "long", "lang"}


def _unit_kind(unit: str | None) -> str:
    if unit is None:
        return ""
    if unit in LENGTH_UNITS:
        return "unit"
    if unit in WEIGHT_UNITS:
        return "weight_unit"
    return "area_unit" if unit in AREA_UNITS else "volume_unit"


def _make_group(items: list[_Item], unit: str | None, start: int, end: int) -> _Group | None:
    if len(items) == 1 and items[0].soft:
        items[0].unit = None
    item_units = [item.unit for item in items if item.unit]
    unit = item_units[-1] if item_units else unit
    labelled = any(item.label for item in items)
    if len(items) == 1 and unit is None and not labelled:
        return None  # a bare number: a lot number, a price, a year
    if len(items) == 1 and unit is None and items[0].label not in DIMENSIONS + ("ambiguous_d",):
        return None
    return _Group(items, unit, _unit_kind(unit), start, end)


def _part_rank(context: str) -> int:
    context = context.lower()
    for rank, pattern in PART_PATTERNS:
        if pattern.search(context):
            return rank
    return 0


# --- assembling --------------------------------------------------------------------------------


def _assign(group: _Group, factor: float) -> dict[str, float]:
    """Map the numbers of one length group to dimensions."""
    values: dict[str, float] = {}
    labels = [item.label for item in group.items]
    if group.header and len(group.header) == len(group.items) and not any(labels):
        labels = list(group.header)
    free = iter(("height", "width", "depth") if len(group.items) > 1 else ("length",))
    for item, label in zip(group.items, labels, strict=True):
        item_factor = LENGTH_UNITS[item.unit] if item.unit in LENGTH_UNITS else factor
        if label == "weight":
            continue
        name = label if label in DIMENSIONS or label == "ambiguous_d" else next(free, None)
        if name and name not in values:
            values[name] = item.value * item_factor
    return values


def _resolve_d(values: dict[str, float]) -> None:
    if "ambiguous_d" in values:
        value = values.pop("ambiguous_d")
        target = "depth" if "width" in values else "diameter"
        values.setdefault(target, value)


def _fallback_unit(groups: list[_Group]) -> str | None:
    units = [g.unit for g in groups if g.unit_kind == "unit"]
    return max(set(units), key=units.count) if units else None


@lru_cache(maxsize=8192)
def parse_measurements(text: str | None) -> Measurements:
    """Read dimensions, weight, area or volume from free text; never raises."""
    if not text or not text.strip():
        return Measurements()
    return _fast_catalogue_form(text) or _parse_any(text)


# Catalogue lines such as "support: 229 x 489 mm" make up most imports; they are read with one
# regex per line instead of the general scanner, with the same result.
_CATALOGUE_LINE = re.compile(
    r"\s*(?:([a-z][a-z ,&]*?)\s*:\s*)?(\d+(?:\.\d+)?) x (\d+(?:\.\d+)?)(?: x (\d+(?:\.\d+)?))?"
    r" ?(mm|cm)(?:, (\d+(?:\.\d+)?) ?kg)?\s*",
    re.IGNORECASE,
)


def _fast_catalogue_form(text: str) -> Measurements | None:
    best: tuple[int, re.Match[str]] | None = None
    weight = None
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _CATALOGUE_LINE.fullmatch(line)
        if match is None or (match[1] and any(w in LABEL_OF_WORD for w in match[1].lower().split())):
            return None  # "H x W: ..." names the order of the numbers: the general reader knows it
        rank = _part_rank(match[1] or "")
        if best is None or rank < best[0]:
            best = (rank, match)
        if match[6] and weight is None:
            weight = float(match[6]) * 1000
    if best is None:
        return None
    match = best[1]
    factor = LENGTH_UNITS[match[5].lower()]
    values = {
        name: float(v) * factor
        for name, v in zip(("height", "width", "depth"), match.group(2, 3, 4), strict=True)
        if v
    }
    if weight is not None:
        values["weight"] = weight
    return _finish(values, [])


def _parse_any(text: str) -> Measurements:
    normalised = _COMPOUND_UNITS.sub(_compound_unit, text.translate(_CHAR_MAP).lower())
    groups = _Reader(normalised, _tokenise(normalised)).read()
    problems: list[str] = []
    values: dict[str, float] = {}
    length_groups = [g for g in groups if g.unit_kind in ("unit", "")]
    if length_groups:
        values.update(_lengths(length_groups, _fallback_unit(groups), problems))
    for group in groups:
        _collect_other(group, values)
    return _finish(values, problems)


def _lengths(groups: list[_Group], fallback: str | None, problems: list[str]) -> dict[str, float]:
    best = min(g.part_rank for g in groups)
    values: dict[str, float] = {}
    for group in groups:
        if group.part_rank != best:
            continue
        unit = group.unit
        if unit is None:
            unit = fallback or "cm"
            if fallback is None:
                problems.append("no unit given; centimetres assumed")
        for name, value in _assign(group, LENGTH_UNITS[unit]).items():
            values.setdefault(name, value)
    _resolve_d(values)
    return values


def _collect_other(group: _Group, values: dict[str, float]) -> None:
    if group.unit_kind == "weight_unit" and len(group.items) == 1:
        values.setdefault("weight", group.items[0].value * WEIGHT_UNITS[str(group.unit)])
    elif group.unit_kind == "area_unit":
        product = 1.0
        for item in group.items:
            product *= item.value
        values.setdefault("area", product * AREA_UNITS[str(group.unit)])
    elif group.unit_kind == "volume_unit" and len(group.items) == 1:
        values.setdefault("volume", group.items[0].value * VOLUME_UNITS[str(group.unit)])


# name -> (usual bound, possible bound, unit)
_LIMITS = {
    "weight": (MAX_WEIGHT_G, MAX_WEIGHT_G, "g"),
    "area": (MAX_AREA_CM2, MAX_POSSIBLE_LENGTH_CM**2, "cm²"),
    "volume": (MAX_VOLUME_CM3, MAX_POSSIBLE_LENGTH_CM**3, "cm³"),
}


def _finish(values: dict[str, float], problems: list[str]) -> Measurements:
    kept: dict[str, float] = {}
    for name, value in values.items():
        usual, possible, unit = _LIMITS.get(name, (MAX_LENGTH_CM, MAX_POSSIBLE_LENGTH_CM, "cm"))
        if value <= 0 or value > possible:
            problems.append(f"absurd {name} {_plain(value)} {unit}")
            continue
        if value > usual:
            problems.append(f"unusual {name} {_plain(value)} {unit}")
        kept[name] = round(value, 4)
    fields = {f"{name}_cm": kept[name] for name in DIMENSIONS if name in kept}
    fields.update({key: kept[name] for name, key in _OTHER_FIELDS.items() if name in kept})
    return Measurements(**fields, parsed=bool(kept), problems=tuple(problems))  # type: ignore[arg-type]


_OTHER_FIELDS = {"weight": "weight_g", "area": "area_cm2", "volume": "volume_cm3"}


def _plain(value: float) -> str:
    return f"{value:.10g}"


def format_measurements(m: Measurements) -> str:
    """Short display form: "45.5 × 60 cm", "H 12 cm, Ø 8 cm", "1.2 kg"."""
    parts: list[str] = []
    sides = [v for v in (m.height_cm, m.width_cm, m.depth_cm) if v is not None]
    if len(sides) >= 2 and m.height_cm is not None and m.width_cm is not None:
        parts.append(" × ".join(_plain(round(v, 2)) for v in sides) + " cm")
    else:
        for label, value in (("H", m.height_cm), ("W", m.width_cm), ("D", m.depth_cm)):
            if value is not None:
                parts.append(f"{label} {_plain(round(value, 2))} cm")
    for label, value in (("Ø", m.diameter_cm), ("L", m.length_cm)):
        if value is not None:
            parts.append(f"{label} {_plain(round(value, 2))} cm")
    if m.weight_g is not None:
        weight = m.weight_g
        parts.append(f"{_plain(round(weight / 1000, 3))} kg" if weight >= 1000 else f"{_plain(weight)} g")
    if m.area_cm2 is not None:
        parts.append(f"{_plain(round(m.area_cm2, 1))} cm²")
    if m.volume_cm3 is not None:
        parts.append(f"{_plain(round(m.volume_cm3, 1))} cm³")
    return ", ".join(parts)

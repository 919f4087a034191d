"""Market listings generated from any register file, one named phenomenon ("kind") per listing.

The generator writes the way sellers write, in nine languages (en, de, fr, it, es, nl, uk, ru,
pl), from its own phrase banks (``text_phrasebook``), not from the engine's dictionaries. Every
listing carries one ``kind`` (the phenomenon it tests, for per-kind recall) plus ordinary noise
(openers, lot numbers, prices, dropped facts). A record is read with the project's own date and
size parsers only to know which kinds apply to it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

import text_phrasebook as pb

from heritrace.objects.parsing import parse_date, parse_measurements

KINDS = (
    "plain",
    "period_name",
    "roman_century",
    "bc_date",
    "condition_provenance",
    "attribution_school",
    "typo",
    "title_untranslated",
    "title_translated",
    "title_dropped",
    "maker_transliterated",
    "units_converted",
)
LATIN_TO_CYRILLIC = {
    "shch": "щ", "sch": "ш", "sh": "ш", "ch": "ч", "zh": "ж", "kh": "х", "ts": "ц", "ya": "я", "yu": "ю",
    "a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "г", "i": "і", "j": "й",
    "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р", "s": "с", "t": "т",
    "u": "у", "v": "в", "w": "в", "x": "кс", "y": "и", "z": "з",
}  # fmt: skip
# German-style romanisation of Cyrillic names (Schewtschenko), unlike the engine's national systems
CYRILLIC_TO_GERMAN = {
    "щ": "schtsch", "ш": "sch", "ч": "tsch", "ж": "sh", "х": "ch", "ц": "z", "я": "ja", "ю": "ju",
    "є": "je", "ї": "ji", "й": "j", "а": "a", "б": "b", "в": "w", "г": "h", "ґ": "g", "д": "d", "е": "e",
    "ё": "jo", "з": "s", "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "ь": "", "ъ": "", "ы": "y", "э": "e",
}  # fmt: skip
ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
         "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI"]  # fmt: skip
_LOOKALIKE = str.maketrans({"X": "Х", "I": "І", "C": "С"})  # Latin -> Cyrillic look-alike letters
_WORD = re.compile(r"[^\W\d_]+|\d+|[^\w\s]", re.UNICODE)


def _to_cyrillic(text: str) -> str:
    out, low, i = [], text.lower(), 0
    while i < len(low):
        for size in (4, 3, 2, 1):
            piece = LATIN_TO_CYRILLIC.get(low[i : i + size])
            if piece is not None:
                out.append(piece.upper() if text[i].isupper() else piece)
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _to_german_latin(text: str) -> str:
    return "".join(
        (
            CYRILLIC_TO_GERMAN.get(ch.lower(), ch).capitalize()
            if ch.isupper()
            else CYRILLIC_TO_GERMAN.get(ch, ch)
        )
        for ch in text
    )


def is_cyrillic(text: str) -> bool:
    """True when the text holds Cyrillic letters."""
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


_REVERSE: dict[str, str] = {}
for _key, _forms in {**pb.TITLE_WORDS, **pb.OBJECT_TYPES}.items():
    for _form in _forms.values():
        if _form:
            _REVERSE.setdefault(_form.lower(), _key)


def translate(text: str, lang: str, everything: bool = False) -> str:
    """Word-by-word translation with the phrase bank (two-word forms first); unknown words stay."""
    words, out, i = text.split(), [], 0
    while i < len(words):
        for size in (3, 2, 1):
            phrase = " ".join(words[i : i + size]).lower().strip(",.;:'\"()")
            key = _REVERSE.get(phrase)
            if key is not None:
                table = pb.TITLE_WORDS if key in pb.TITLE_WORDS else pb.OBJECT_TYPES
                form = table[key][lang]
                if form:
                    out.append(form)
                i += size
                break
        else:
            word = words[i]
            if everything and lang in ("uk", "ru") and not is_cyrillic(word):
                word = _to_cyrillic(word)
            out.append(word)
            i += 1
    return " ".join(out)


def translatable(text: str) -> bool:
    """True when at least one content word of the text is in the phrase bank."""
    return any(
        w.lower().strip(",.;:'\"()") in _REVERSE and w.lower() not in ("and", "with", "of", "the", "in")
        for w in text.split()
    )


def typo(text: str, rng: random.Random) -> str:
    """One keyboard slip in the longest word: a dropped, doubled or swapped letter."""
    words = text.split()
    if not words:
        return text
    i = max(range(len(words)), key=lambda k: len(words[k]))
    word = words[i]
    if len(word) < 5:
        return text
    j = rng.randrange(1, len(word) - 2)
    op = rng.random()
    if op < 0.35:
        word = word[:j] + word[j + 1 :]
    elif op < 0.7:
        word = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    else:
        word = word[:j] + word[j] + word[j:]
    words[i] = word
    return " ".join(words)


# ---------------------------------------------------------------- facts of a record


def record_period(record: dict) -> tuple[int, int] | None:
    """The record's date as a year interval (project parser), or None."""
    text = record.get("date_or_period")
    if not text:
        return None
    parsed = parse_date(text)
    if parsed.earliest is None or parsed.latest is None:
        return None
    return parsed.earliest, parsed.latest


def record_sides(record: dict) -> list[float]:
    """Height and width in cm (area records give a plausible pair), or []."""
    text = record.get("measurements") or ""
    area = re.search(r"(\d+(?:\.\d+)?)\s*sq\s*in", text)
    if area:
        cm2 = float(area[1]) * 6.4516
        return [round((cm2 / 0.75) ** 0.5, 1), round((cm2 * 0.75) ** 0.5, 1)]
    parsed = parse_measurements(text)
    sides = [s for s in (parsed.height_cm, parsed.width_cm) if s]
    return sides if len(sides) == 2 else []


def applicable_kinds(record: dict, maker_works: int) -> list[str]:
    """The kinds of listing that this record can be written as."""
    kinds = ["plain", "condition_provenance", "typo"]
    period = record_period(record)
    title = record.get("title") or ""
    if period and any(lo - 10 <= period[0] and period[1] <= hi + 10 for lo, hi, _ in pb.PERIOD_NAMES):
        kinds.append("period_name")
    if period and period[1] - period[0] <= 100 and period[0] > -3000:
        kinds.append("bc_date" if period[1] < 0 else "roman_century")
    if record.get("maker"):
        kinds += ["attribution_school", "maker_transliterated"]
        if maker_works == 1:
            kinds.append("title_dropped")
    if title and translatable(title):
        kinds += ["title_translated", "title_untranslated"]
    elif title:
        kinds.append("title_untranslated")
    if record_sides(record):
        kinds.append("units_converted")
    return kinds


# ---------------------------------------------------------------- rendering


def _century_phrase(period: tuple[int, int], lang: str, rng: random.Random, lookalike: bool) -> str:
    mid = (period[0] + period[1]) // 2
    bc = mid < 0
    number = (-mid - 1) // 100 + 1 if bc else mid // 100 + 1
    number = max(1, min(number, 21))
    roman = ROMAN[number]
    if lookalike and lang in ("uk", "ru"):
        roman = roman.translate(_LOOKALIKE)
    word = pb.CENTURY_WORD[lang]
    forms = {
        "en": f"{roman} century", "de": f"{roman}. {word}", "fr": f"{roman}e {word}",
        "it": f"{word} {roman}", "es": f"{word} {roman}", "nl": f"{roman}e {word}",
        "uk": f"{roman} {word}", "ru": f"{roman} {word}", "pl": f"{roman} {word}",
    }  # fmt: skip
    text = forms[lang]
    if bc:
        text += " " + pb.BC_WORD[lang]
    return text


def _date_phrase(record: dict, kind: str, lang: str, rng: random.Random) -> str:
    period = record_period(record)
    if period is None:
        return ""
    if kind == "period_name":
        for lo, hi, names in pb.PERIOD_NAMES:
            if lo - 10 <= period[0] and period[1] <= hi + 10:
                return names[lang]
    if kind in ("roman_century", "bc_date"):
        return _century_phrase(period, lang, rng, lookalike=rng.random() < 0.6)
    if rng.random() < 0.35:
        return ""
    if period[1] - period[0] <= 12 and period[0] > 0:
        year = (period[0] + period[1]) // 2
        return f"{pb.CIRCA_WORD[lang]} {year}" if rng.random() < 0.4 else str(year)
    return record.get("date_or_period") or ""


def _maker_phrase(record: dict, kind: str, lang: str, rng: random.Random) -> str:
    maker = (record.get("maker") or "").split("|")[0].strip()
    if not maker:
        return ""
    if kind == "title_dropped" or kind == "maker_transliterated":
        pass
    elif rng.random() < 0.15:
        return ""
    words = maker.replace(",", " ").split()
    if kind == "maker_transliterated":
        if is_cyrillic(maker):
            return (
                _to_german_latin(maker)
                if lang in ("de", "nl", "pl")
                else _to_german_latin(maker).replace("sch", "sh")
            )
        return _to_cyrillic(maker) if lang in ("uk", "ru") else maker.replace("y", "i").replace("w", "v")
    name = maker if rng.random() < 0.5 else words[-1]
    if kind == "typo":
        name = typo(name, rng) if rng.random() < 0.5 else name
    if kind == "attribution_school":
        if rng.random() < 0.3:
            school = rng.choice(pb.SCHOOL_NAMES[lang])
            return (
                pb.NATIONAL_SCHOOL[lang].format(n=school)
                + ", "
                + f"{rng.choice(pb.ATTRIBUTION[lang])} {name}"
            )
        return f"{rng.choice(pb.ATTRIBUTION[lang])} {name}"
    return name


def _title_phrase(record: dict, kind: str, lang: str, rng: random.Random) -> str:
    title = (record.get("title") or "").strip()
    if kind == "title_dropped" or not title:
        return ""
    if kind == "title_untranslated":
        return title
    if kind == "title_translated" or (lang != "en" and rng.random() < 0.5):
        title = translate(title, lang)
    if kind == "typo":
        title = typo(title, rng)
    if rng.random() < 0.15 and ":" in title:
        title = title.split(":")[0]
    return title


def _type_word(record: dict, lang: str) -> str:
    kind = (record.get("type_of_object") or "").lower()
    if kind in pb.OBJECT_TYPES:
        return pb.OBJECT_TYPES[kind][lang]
    key = _REVERSE.get(kind)
    return pb.OBJECT_TYPES[key][lang] if key in pb.OBJECT_TYPES else ""


def _size_phrase(record: dict, kind: str, lang: str, rng: random.Random) -> str:
    sides = record_sides(record)
    if not sides or (kind != "units_converted" and rng.random() < 0.4):
        return ""
    if kind == "units_converted":
        if lang in ("en", "nl") or rng.random() < 0.5:
            return " x ".join(f"{s / 2.54:.1f}".rstrip("0").rstrip(".") for s in sides) + " in"
        return " x ".join(f"{s * 10:.0f}" for s in sides) + " mm"
    decimal = "." if lang in ("en", "uk") else ","
    return " x ".join(f"{s:.1f}".replace(".", decimal).replace(f"{decimal}0", "") for s in sides) + " cm"


_QUOTES = {"de": ("„", "“"), "pl": ("„", "”"), "fr": ("« ", " »"), "uk": ("«", "»"), "ru": ("«", "»")}


def _quoted(title: str, lang: str, rng: random.Random) -> str:
    """Half of the sellers put the title in quotes (in their language's quote marks)."""
    if not title or rng.random() < 0.5:
        return title
    opening, closing = _QUOTES.get(lang, ('"', '"')) if rng.random() < 0.7 else ("'", "'")
    return f"{opening}{title}{closing}"


def render(record: dict, kind: str, lang: str, rng: random.Random) -> dict:
    """One listing (``title``, ``description``) for a record, written as ``kind`` in ``lang``."""
    title = _title_phrase(record, kind, lang, rng)
    maker = _maker_phrase(record, kind, lang, rng)
    type_word = _type_word(record, lang)
    date = _date_phrase(record, kind, lang, rng)
    size = _size_phrase(record, kind, lang, rng)
    head = [
        rng.choice(pb.SELLER_OPENERS[lang]) if rng.random() < 0.4 else "",
        type_word,
        _quoted(title, lang, rng),
    ]
    parts = [p for p in head if p]
    if maker:
        parts.append(maker)
    listing_title = " ".join(parts[:2]) + (", " + ", ".join(parts[2:]) if len(parts) > 2 else "")
    description = []
    if rng.random() < 0.5:
        description.append(pb.LOT[lang].format(n=rng.randrange(1, 900)))
    facts = [date, size and f"{pb.SIZE_WORD[lang]}: {size}"]
    if rng.random() < 0.3 and maker:
        facts.append(pb.SIGNED[lang])
    description.append(". ".join(f for f in facts if f))
    if kind == "condition_provenance" or rng.random() < 0.15:
        description.append(rng.choice(pb.CONDITION[lang]).capitalize() + ".")
    if kind == "condition_provenance" or rng.random() < 0.1:
        description.append(rng.choice(pb.PROVENANCE[lang]))
    if rng.random() < 0.6:
        low = rng.choice([80, 150, 300, 600, 1200, 2500])
        description.append(pb.PRICE[lang].format(p=low, q=low * 2))
    return {"title": listing_title.strip(" ,"), "description": " ".join(d for d in description if d)}


def pick_language(kind: str, record: dict, rng: random.Random) -> str:
    """A language for the listing; untranslated titles and transliterations go to another script."""
    if kind == "maker_transliterated":
        return (
            rng.choice(("uk", "ru"))
            if not is_cyrillic(record.get("maker") or "")
            else rng.choice(("de", "en", "nl", "pl", "fr"))
        )
    if kind == "title_untranslated":
        return rng.choice([lang for lang in pb.LANGS if lang != "en"])
    return rng.choice(pb.LANGS)


def generate(
    records: list[dict], positives: list[dict], negatives: Iterable[dict], seed: int, prefix: str
) -> tuple[list[dict], dict[str, dict]]:
    """Listings for ``positives`` (registered) and ``negatives`` (left out of the register).

    Kinds are dealt round-robin over the kinds each record allows, so every kind is represented.
    Returns the listings and, per listing id, its truth (``expected``, ``kind``, ``language``,
    ``source``).
    """
    rng = random.Random(seed)
    works: dict[str, int] = {}
    for record in records:
        works[_maker_key(record)] = works.get(_maker_key(record), 0) + 1
    listings, truth = [], {}
    for number, (record, registered) in enumerate(
        [(r, True) for r in positives] + [(r, False) for r in negatives], 1
    ):
        allowed = applicable_kinds(record, works.get(_maker_key(record), 0) + (not registered))
        kind = KINDS[(number + rng.randrange(len(KINDS))) % len(KINDS)]
        kind = kind if kind in allowed else rng.choice(allowed)
        lang = pick_language(kind, record, rng)
        listing = {"id": f"{prefix}-{number:05d}", **render(record, kind, lang, rng)}
        listings.append(listing)
        truth[listing["id"]] = {
            "expected": record["id"] if registered else "-",
            "kind": kind,
            "language": lang,
            "source": record["id"].split("-")[0],
        }
    return listings, truth


def _maker_key(record: dict) -> str:
    return (record.get("maker") or "").lower().strip() or f"<none {record['id']}>"

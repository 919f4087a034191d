"""Synthetic market listings rendered from register records, for fitting the m/u weights.

The transformations mimic what sellers do to a stolen object's description (translated type and
title words, softened attribution, shortened or misspelt maker, rounded or converted sizes,
fuzzier dates, typos, generic titles). Fitting on these as well as on real labelled listings keeps
the weights from memorising one development set.
"""

from __future__ import annotations

import random

from heritrace.matching import lexicon
from heritrace.matching.attribution import QUALIFIER_PHRASES
from heritrace.matching.facts import INCH_CM
from heritrace.matching.normalize import fold, name_words
from heritrace.matching.records import Query, RecordProfile, RegisterRecord

_GENERIC_TITLES = ["Landscape", "Portrait", "Untitled", "Still life", "Figures", "Town view", "Seascape"]
_BOILERPLATE = [
    "Old {t} from a house clearance.", "Lot {n}: {t}.", "Offered by our gallery.", "Vends ancienne {t}.",
    "Zum Verkauf steht: {t}.", "In vendita: {t}.", "Se vende {t}.", "Te koop: {t}.",
]  # fmt: skip


def _translate_words(text: str, rng: random.Random) -> str:
    words = fold(text).split()
    out = []
    for word in words:
        concept = lexicon.concept_index().get((word,))
        table = {"@": lexicon.TITLE_WORDS, "t:": lexicon.OBJECT_TYPES, "m:": lexicon.MATERIALS}
        prefix = next((p for p in table if concept and concept.startswith(p)), None)
        # only the lexicon's own concepts have forms to choose from (not the thesaurus's)
        if prefix and concept[len(prefix) :] in table[prefix] and rng.random() < 0.8:
            out.append(rng.choice(table[prefix][concept[len(prefix) :]].split()))
        else:
            out.append(word)
    return " ".join(out)


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 6:
        return text
    i = rng.randrange(1, len(text) - 2)
    op = rng.random()
    if op < 0.33:
        return text[:i] + text[i + 1 :]
    if op < 0.66:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + text[i] + text[i:]


def _maker(record: RegisterRecord, rng: random.Random) -> str:
    words = name_words(record.maker)
    if not words or rng.random() < 0.12:
        return rng.choice(["", "", "British School", "Continental School"])
    form = rng.random()
    name = " ".join(w.capitalize() for w in words)
    if form < 0.3:
        name = words[-1].capitalize()
    elif form < 0.5:
        name = " ".join(w[0].upper() + "." for w in words[:-1]) + " " + words[-1].capitalize()
    elif form < 0.6:
        name = _typo(name, rng)
    if rng.random() < 0.25:
        qualifier = rng.choice(list(QUALIFIER_PHRASES))
        name = rng.choice(QUALIFIER_PHRASES[qualifier][:6]) + " " + name
    return name


def _size(profile: RecordProfile, rng: random.Random) -> str:
    size = profile.size
    if size.area_cm2 and rng.random() < 0.8:
        ratio = rng.uniform(0.6, 1.0)
        h = (size.area_cm2 / ratio) ** 0.5
        sides = [h, h * ratio]
    elif size.sides and rng.random() < 0.8:
        sides = list(size.sides[:2])
    else:
        return ""
    if rng.random() < 0.3:
        sides = [s + rng.choice([-1, 1]) * rng.uniform(1, 5) for s in sides]
    if rng.random() < 0.3:
        return " x ".join(f"{s / INCH_CM:.0f}" for s in sides) + " in"
    return " x ".join(f"{s:.1f}".replace(".", rng.choice([".", ","])) for s in sides) + " cm"


def _date(record: RegisterRecord, profile: RecordProfile, rng: random.Random) -> str:
    period = profile.period
    if period is None or rng.random() < 0.3:
        return ""
    year = (period.earliest + period.latest) // 2
    mode = rng.random()
    if mode < 0.4:
        return record.date_or_period or ""
    if mode < 0.6:
        return f"c. {year // 5 * 5}"
    century = year // 100 + 1
    return rng.choice([f"{century}th century", f"{century}. Jh.", f"{_ROMAN.get(century, century)}e siècle"])


_ROMAN = {15: "XV", 16: "XVI", 17: "XVII", 18: "XVIII", 19: "XIX", 20: "XX", 21: "XXI"}


def _title(record: RegisterRecord, rng: random.Random) -> str:
    title = record.title or ""
    roll = rng.random()
    if roll < 0.1 or not title:
        return rng.choice(_GENERIC_TITLES)
    if roll < 0.25:
        title = title.split(":")[0].split(".")[0].split("(")[0]
    if rng.random() < 0.35:
        title = _translate_words(title, rng)
    if rng.random() < 0.2:
        title = _typo(title, rng)
    return title


def render_listing(record: RegisterRecord, rng: random.Random) -> Query:
    """A plausible market listing for a register record, with random seller transformations."""
    profile = RecordProfile.of(record)
    kind = _translate_words(record.type_of_object or "object", rng)
    material = _translate_words(record.materials_techniques or "", rng) if rng.random() < 0.7 else ""
    parts = [_title(record, rng), _maker(record, rng)]
    rng.shuffle(parts)
    title = " - ".join(p for p in [kind.capitalize(), *parts] if p)
    blurb = rng.choice(_BOILERPLATE).format(t=kind, n=rng.randrange(1, 500))
    facts = [material, _size(profile, rng), _date(record, profile, rng)]
    return Query(title=title, description=" ".join([blurb, *(f + "." for f in facts if f)]))

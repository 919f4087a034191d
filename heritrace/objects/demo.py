"""A plausible generated register for demonstrations: nothing is downloaded, nothing real is copied."""

from __future__ import annotations

import json
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from heritrace.objects.models import INCIDENT_TYPES

DEMO_INCIDENTS = tuple(t for t in INCIDENT_TYPES if t != "other")  # a demo knows what happened

MAKERS = [
    "Giovanni Battista Moroni",
    "Ivan Aivazovsky",
    "Salvator Rosa",
    "Maria Prymachenko",
    "Jan van Goyen",
    "Francesco Guardi",
    "Anonymous",
    "Workshop of Andrea della Robbia",
    "Ilya Repin",
    "Arkhip Kuindzhi",
    "Jacob van Ruisdael",
    "Giuseppe De Nittis",
    "Théodore Rousseau",
    "Carl Spitzweg",
    "Joaquín Sorolla",
    "Nicholas Roerich",
    "Canaletto",
    "Pieter Claesz",
    "Unknown Byzantine master",
    "Novgorod school",
    "Attic workshop",
    "Unknown Roman craftsman",
]
SUBJECTS = [
    "Seascape at night",
    "Madonna and Child",
    "Portrait of a gentleman",
    "River landscape",
    "Still life with fruit",
    "Saint Nicholas",
    "View of Venice",
    "Winter landscape",
    "Harbour scene",
    "Annunciation",
    "Peasant wedding",
    "Moonlit night",
    "Battle scene",
    "Head of a woman",
    "Sunflowers in a vase",
    "Crucifixion",
    "Shepherd with flock",
    "Church interior",
]
KINDS = [
    ("painting", "oil on canvas", "{h} x {w} cm", (1500, 1950)),
    ("icon", "tempera on panel", "{h} x {w} cm", (1350, 1850)),
    ("drawing", "ink on paper", "support: {hm} x {wm} mm", (1550, 1950)),
    ("watercolour", "watercolour on paper", "{h} x {w} cm", (1750, 1950)),
    ("sculpture", "bronze", "H. {h} cm", (1500, 1930)),
    ("amphora", "terracotta", "H. {h} cm", (-600, 200)),
    ("coin", "silver", "diam. {d} cm", (-400, 400)),
    ("oil lamp", "terracotta", "{h} x {w} x {d} cm", (-100, 500)),
    ("manuscript", "ink on parchment", "{h} x {w} cm", (1100, 1600)),
    ("chalice", "gilt silver", "H. {h} cm", (1400, 1800)),
    ("tapestry", "wool and silk", "{h} x {w} cm", (1500, 1800)),
    ("vase", "porcelain", "H. {h} cm", (1700, 1900)),
    ("print", "etching", "{hm} x {wm} mm", (1600, 1950)),
    ("clock", "gilt bronze", "H. {h} cm", (1700, 1900)),
    ("violin", "spruce and maple", "length {w} cm", (1650, 1900)),
]
COUNTRIES = [
    "IT",
    "UA",
    "FR",
    "DE",
    "ES",
    "GR",
    "IQ",
    "SY",
    "EG",
    "PE",
    "MX",
    "KH",
    "AF",
    "CY",
    "NL",
    "BE",
    "PL",
    "RU",
    "TR",
    "LB",
    "ML",
    "NG",
    "GB",
    "US",
    "CH",
]
DECORATIONS = ["floral", "figural", "geometric", "inscribed"]
STATUS_OF = {
    "theft": "stolen",
    "looting": "looted",
    "illegal_excavation": "looted",
    "armed_conflict_loss": "missing",
    "illicit_export": "illicitly_exported",
    "disappearance": "missing",
}
PLACES = [
    "parish church",
    "municipal museum",
    "private residence",
    "archaeological site",
    "monastery",
    "regional museum",
    "storage depot",
    "gallery",
]


def period_text(rng: random.Random, lo: int, hi: int) -> str:
    year = rng.randint(lo, hi)
    style = rng.random()
    if year < 0:
        return f"{(-year) // 100 + 1}{_ordinal((-year) // 100 + 1)} century BC"
    if style < 0.35:
        return str(year)
    if style < 0.6:
        return f"c. {year - year % 10}"
    if style < 0.8:
        return f"{year // 100 + 1}{_ordinal(year // 100 + 1)} century"
    return f"{year}-{year + rng.randint(2, 15)}"


def _ordinal(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def classification_of(n: int) -> str:
    """A mixed register: mostly public, some for partners, law enforcement or named organisations."""
    k = n % 20
    if k in (3, 11):
        return "law_enforcement"
    if k == 7:
        return "restricted"
    return "partners" if k in (5, 15, 17) else "public"


def make_record(rng: random.Random, n: int) -> dict:
    kind, material, dims, (lo, hi) = rng.choice(KINDS)
    h, w = rng.randint(8, 160), rng.randint(8, 160)
    country = rng.choice(COUNTRIES)
    incident = rng.choice(DEMO_INCIDENTS)
    rec = {
        "id": f"DEMO-{n:05d}",
        "type_of_object": kind,
        "classification": classification_of(n),
        "title": f"{rng.choice(SUBJECTS)}"
        if kind in ("painting", "icon", "drawing", "watercolour", "print")
        else f"{kind.capitalize()} with {rng.choice(DECORATIONS)} decoration",
        "maker": rng.choice(MAKERS),
        "date_or_period": period_text(rng, lo, hi),
        "materials_techniques": material,
        "measurements": dims.format(h=h, w=w, d=rng.randint(2, 30), hm=h * 10, wm=w * 10),
        "inscriptions_markings": rng.choice(
            [
                "",
                "signed lower right",
                "inventory label on the back",
                "wax seal on the stretcher",
                "dated lower left",
            ]
        ),
        "distinguishing_features": rng.choice(
            [
                "",
                "small tear upper left",
                "old restoration",
                "missing fragment",
                "re-lined canvas",
                "chipped rim",
            ]
        ),
        "country": country,
        "status": STATUS_OF[incident],
        "inventory_number": f"INV-{country}-{rng.randint(1000, 99999)}",
        "incident": {
            "type": incident,
            "date": str(rng.randint(1992, 2025)),
            "place": rng.choice(PLACES),
            "country": country,
            "circumstances": "reported to the national police; see file",
        },
    }
    return {k: v for k, v in rec.items() if v != ""}


def make_photo(rng: random.Random, path: Path) -> None:
    """A distinct painting-like picture: layered shapes and texture, different for every seed."""
    w, h = rng.choice([(640, 800), (800, 600), (700, 700)])
    img = Image.new("RGB", (w, h), tuple(rng.randint(20, 235) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(rng.randint(25, 60)):
        x0, y0 = rng.randint(-50, w), rng.randint(-50, h)
        box = [x0, y0, x0 + rng.randint(20, w // 2), y0 + rng.randint(20, h // 2)]
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        shape = rng.random()
        if shape < 0.4:
            draw.ellipse(box, fill=colour)
        elif shape < 0.8:
            draw.rectangle(box, fill=colour)
        else:
            draw.line(box, fill=colour, width=rng.randint(2, 12))
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    img.save(path, "JPEG", quality=88)


def write_demo_register(directory: Path, count: int = 2200, with_photos: int = 300, seed: int = 1970) -> Path:
    """Write a JSON Lines register (and its photos) ready for ``heritrace objects import``."""
    rng = random.Random(seed)
    photos = directory / "photos"
    photos.mkdir(parents=True, exist_ok=True)
    path = directory / "demo-register.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for n in range(1, count + 1):
            rec = make_record(rng, n)
            if n <= with_photos:
                make_photo(random.Random(seed * 100003 + n), photos / f"{rec['id']}.jpg")
                rec["images"] = [f"photos/{rec['id']}.jpg"]
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path

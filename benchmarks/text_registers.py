"""Registers cut from the Tate collection (CC0) and the FBI sample of text-dev, for evaluation.

* ``museum``: a museum's dense English records (every field Tate has: title, maker, date,
  medium, dimensions, inscription, subjects).
* ``police``: sparse police-style records (title, type and date; the maker on three in ten),
  a quarter written in Ukrainian and one in seven in German, plus antiquities dated by period
  names or centuries BC/AD (coins, icons, fibulae) as police registers of looted sites hold.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator

import text_listings as gen
import text_phrasebook as pb
from text_common import TATE, TEXT_DEV, read_jsonl, require

from heritrace.matching.lexicon import concepts_of


def tate_rows() -> Iterator[dict]:
    """Tate artwork rows from the gzipped JSON lines."""
    with gzip.open(require(TATE), "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def tate_record(row: dict, object_id: str) -> dict:
    """A Tate artwork as a register.jsonl line (type guessed from its medium)."""
    types = sorted(concepts_of(row.get("medium") or "", "t:"))
    record = {
        "id": object_id,
        "type_of_object": types[0][2:] if types else None,
        "title": row.get("title"),
        "maker": row.get("artists"),
        "date_or_period": row.get("date") if row.get("date") != "date not known" else None,
        "materials_techniques": row.get("medium"),
        "measurements": row.get("dimensions"),
        "inscriptions_markings": row.get("inscription"),
        "subject": "; ".join((row.get("subjects") or [])[-6:]) or None,
        "country": "GB",
    }
    return {k: v for k, v in record.items() if v}


def _sample_tate(n: int, seed: int, prefix: str, max_per_maker: int = 400) -> list[dict]:
    """n Tate records, at most ``max_per_maker`` by one maker (Turner alone is half of Tate)."""
    rows = list(tate_rows())
    random.Random(seed).shuffle(rows)
    per_maker: dict[str, int] = {}
    out = []
    for row in rows:
        maker = row.get("artists") or ""
        if per_maker.get(maker, 0) >= max_per_maker or not row.get("title"):
            continue
        per_maker[maker] = per_maker.get(maker, 0) + 1
        out.append(tate_record(row, f"{prefix}-{row['acno']}"))
        if len(out) == n:
            break
    return out


def museum_register(n: int = 20_000, seed: int = 11) -> list[dict]:
    """Dense English museum records."""
    return _sample_tate(n, seed, "TATE")


def _sparse(record: dict, rng: random.Random) -> dict:
    keep = {"id", "type_of_object", "title", "date_or_period", "country"}
    if rng.random() < 0.3:
        keep.add("maker")
    sparse = {k: v for k, v in record.items() if k in keep}
    roll = rng.random()
    if roll < 0.25 and sparse.get("title"):
        sparse["title"] = gen.translate(sparse["title"], "uk", everything=True)
        if sparse.get("type_of_object"):
            sparse["type_of_object"] = gen.translate(sparse["type_of_object"], "uk")
        if sparse.get("maker"):
            sparse["maker"] = gen._to_cyrillic(sparse["maker"])
        sparse["country"] = "UA"
    elif roll < 0.4 and sparse.get("title"):
        sparse["title"] = gen.translate(sparse["title"], "de")
        if sparse.get("type_of_object"):
            sparse["type_of_object"] = gen.translate(sparse["type_of_object"], "de")
        sparse["country"] = "DE"
    return sparse


_ANTIQUITY_TYPES = [
    "coin",
    "icon",
    "fibula",
    "amphora",
    "cross",
    "figurine",
    "vessel",
    "lamp",
    "sword",
    "bracelet",
]
_MOTIFS = [
    "with spiral ornament", "with a horseman", "with a griffin", "with a deer", "with palmettes",
    "with a lion", "with an eagle", "with a ship", "with a wreath", "with a rosette", "with a trident",
    "with a snake", "with a bull", "with a boar", "with a sphinx", "with a cross", "of Saint Nicholas",
    "of Saint George", "of the Virgin", "of Christ",
]  # fmt: skip
_MATERIALS = ["bronze", "silver", "gold", "clay", "glass", "iron", "wood", "bone"]


def antiquities(n: int, seed: int) -> list[dict]:
    """Looted-site objects dated by period names or centuries, with distinct titles."""
    rng = random.Random(seed)
    seen, out = set(), []
    while len(out) < n:
        kind, motif, material = rng.choice(_ANTIQUITY_TYPES), rng.choice(_MOTIFS), rng.choice(_MATERIALS)
        title = f"{material.capitalize()} {kind} {motif}"
        if title in seen:
            continue
        seen.add(title)
        lo, hi, names = rng.choice(pb.PERIOD_NAMES[:5])
        if rng.random() < 0.5:
            date = names["en"]
        else:
            year = rng.randrange(lo, hi)
            century = (-year - 1) // 100 + 1 if year < 0 else year // 100 + 1
            date = f"{century}th century {'BC' if year < 0 else 'AD'}".replace("1th", "1st")
        record = {"id": f"ANT-{len(out):05d}", "type_of_object": kind, "title": title, "date_or_period": date}
        if rng.random() < 0.4:
            record["title"] = gen.translate(title, "uk", everything=True)
            record["type_of_object"] = gen.translate(kind, "uk")
            record["country"] = "UA"
        out.append(record)
    return out


def police_register(n: int = 20_000, seed: int = 13) -> list[dict]:
    """Sparse police-style records: FBI sample + Tate + antiquities, some in Ukrainian/German."""
    rng = random.Random(seed)
    fbi = [r for r in read_jsonl(require(TEXT_DEV / "register.jsonl")) if r["id"].startswith("FBI-")]
    ants = antiquities(600, seed)
    tate = _sample_tate(n - len(fbi) - len(ants), seed + 1, "TATE")
    return [_sparse(r, rng) for r in fbi + tate] + ants

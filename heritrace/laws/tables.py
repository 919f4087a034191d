"""The law database as plain data: the shipped seed file and the States Parties tables built from it.

The deadline engine (``heritrace.legal``) reads its States Parties and EU membership tables in the
shape built here, whether the facts come from the shipped file (``shipped_states_raw``) or from an
installation's reviewed database (``LawService.states_table``): one conversion, so both agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

SEED_FILE = "law_database.json"
TREATY_TABLES = ("UNIDROIT-1995", "UNESCO-1970")
KINDS = ("instruments", "treaty_status", "laws", "export_regimes")


@lru_cache(maxsize=1)
def shipped_seed() -> dict[str, Any]:
    """The law database shipped with the package (``heritrace/laws/data/law_database.json``)."""
    text = resources.files("heritrace.laws").joinpath("data", SEED_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def shipped_states_raw() -> dict[str, Any]:
    """The States Parties tables of the shipped law database, in the deadline engine's shape."""
    seed = shipped_seed()
    return states_raw(seed["instruments"], seed["treaty_status"])


def states_raw(instruments: Iterable[Mapping[str, Any]], statuses: Iterable[Mapping[str, Any]]) -> dict:
    """Build the engine's tables from instrument and treaty-status facts (dicts of the seed's shape)."""
    by_code = {i["code"]: i for i in instruments}
    rows: dict[str, list[Mapping[str, Any]]] = {}
    for status in statuses:
        rows.setdefault(status["instrument"], []).append(status)
    raw: dict[str, Any] = {}
    for code in TREATY_TABLES:
        if code in by_code:
            raw[code] = _treaty_table(by_code[code], rows.get(code, []))
    if "EU-2014/60" in by_code:
        raw["EU-2014/60"] = _eu_table(by_code, rows)
    return raw


def _treaty_table(instrument: Mapping[str, Any], rows: list[Mapping[str, Any]]) -> dict[str, Any]:
    counts = instrument.get("parties_count") or []
    table: dict[str, Any] = {
        "complete": bool(instrument.get("complete")),
        "in_force": instrument.get("in_force"),
        "parties_count": counts[-1] if counts else None,
        "source": instrument.get("source", ""),
        **(instrument.get("settings") or {}),
    }
    table["states"] = {row["country"]: _state_entry(row) for row in rows}
    return table


def _state_entry(row: Mapping[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"source": row["source"], "status": row["status"]}
    if row.get("party") is False:
        entry["party"] = False
    if row.get("entry_into_force"):
        entry["entry_into_force"] = row["entry_into_force"]
    if row.get("date_precision", "day") != "day":
        entry["date_precision"] = row["date_precision"]
    declarations = row.get("declarations") or {}
    if "art_3_5" in declarations:
        entry["art_3_5_declaration"] = declarations["art_3_5"]
    if row.get("note"):
        entry["note"] = row["note"]
    return entry


def _eu_table(by_code: Mapping[str, Mapping[str, Any]], rows: Mapping[str, list]) -> dict[str, Any]:
    directive = by_code["EU-2014/60"]
    members = {}
    for row in rows.get("EU", []):
        member = {
            "from": row.get("entry_into_force"),
            "until": row.get("until"),
            "source": row["source"],
            "status": row["status"],
            "art_8_no_time_limit": (row.get("declarations") or {}).get("art_8_no_time_limit"),
        }
        if row.get("note"):
            member["note"] = row["note"]
        members[row["country"]] = member
    eea = {
        row["country"]: {
            "from": row.get("entry_into_force"),
            "source": row["source"],
            "status": row["status"],
        }
        for row in rows.get("EEA", [])
    }
    complete = bool(by_code.get("EU", {}).get("complete", directive.get("complete")))
    return {
        "complete": complete,
        "source": directive.get("source", ""),
        **(directive.get("settings") or {}),
        "members": members,
        "eea": eea,
    }

"""The proposal form of the law database: form strings to a fact of the file shape, and back.

Fields a form does not show (an export regime's thresholds, other declarations) are kept from the
fact being changed, so that a proposal never loses data by accident.
"""

from __future__ import annotations

from typing import Any

from heritrace.laws.facts import KINDS

PROPOSAL_KINDS = ("treaty_status", "law", "export_regime")
# fields the form shows as plain text; the others (topics, year, party, declarations, thresholds) are
# read on their own below, or kept from the fact being changed
_SPECIAL = {"topics", "year", "party", "declarations", "thresholds", "source", "status", "note"}
_TEXT = {kind: tuple(f for f in KINDS[kind].fields if f not in _SPECIAL) for kind in PROPOSAL_KINDS}
_COMMON = ("source", "status", "note")


def fact_from_form(kind: str, values: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """The fact as the form says it should read, over ``base`` (the current fact, or {} for a new one).

    Values stay as typed: the fact's strict model names what is wrong with each."""
    fact = {k: v for k, v in base.items()}
    for name in (*_TEXT[kind], *_COMMON):
        text = str(values.get(name, "")).strip()
        fact[name] = text or None
    if fact.get("country"):
        fact["country"] = fact["country"].upper()
    if kind == "law":
        fact["topics"] = list(values.get("topics") or [])
        year = str(values.get("year", "")).strip()
        fact["year"] = int(year) if year.isdigit() else (year or None)
    if kind == "treaty_status":
        fact["party"] = {"yes": True, "no": False}.get(str(values.get("party", "")))
        fact["date_precision"] = fact.get("date_precision") or "day"
        fact["declarations"] = _declarations(values, base.get("declarations") or {})
    return {k: v for k, v in fact.items() if v is not None or k in base or k == "party"}


def _declarations(values: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    declarations = dict(current)
    choice = str(values.get("art_3_5", ""))
    years = str(values.get("art_3_5_years", "")).strip()
    if choice == "none":
        declarations["art_3_5"] = False
    elif choice == "declared":
        declarations["art_3_5"] = {"years": int(years) if years.isdigit() else years}
    elif "art_3_5" in declarations or choice == "unknown":
        declarations["art_3_5"] = None
    other = str(values.get("other_declarations", "")).strip()
    if other:
        declarations["other"] = other
    else:
        declarations.pop("other", None)
    return declarations


def form_from_fact(kind: str, fact: dict[str, Any]) -> dict[str, Any]:
    """Form values showing ``fact`` (for proposing a change to it)."""
    values = {k: ("" if v is None else v) for k, v in fact.items()}
    if kind == "treaty_status":
        values["party"] = {True: "yes", False: "no"}.get(fact.get("party"), "")
        declared = (fact.get("declarations") or {}).get("art_3_5")
        values["art_3_5"] = "none" if declared is False else ("declared" if declared else "unknown")
        values["art_3_5_years"] = declared.get("years", "") if isinstance(declared, dict) else ""
        values["other_declarations"] = (fact.get("declarations") or {}).get("other", "")
    return values

"""Rules (``heritrace/legal/data/rules.json``) and the States Parties tables, loaded as typed objects.

The States Parties and EU membership tables come from the law database (``heritrace.laws``): the
shipped file by default (``load_states``), an installation's reviewed facts through
``LawService.states_table``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from heritrace.core.i18n import N_, _

_PACKAGE = "heritrace.legal"


@dataclass(frozen=True)
class Rule:
    """One time-limit rule: when it applies (condition, scope) and what it sets (effect)."""

    id: str
    instrument: str
    article: str
    limit: str
    scope: str
    condition: dict[str, Any]
    effect: dict[str, Any]
    text: str
    source: str
    status: str
    assumes: tuple[str, ...] = ()

    @property
    def unverified(self) -> bool:
        return self.status == "U"


@dataclass(frozen=True)
class RuleBook:
    """All rules plus the instrument descriptions, scope rules and category notes they refer to."""

    instruments: dict[str, dict[str, str]]
    rules: tuple[Rule, ...]
    scope_rules: dict[str, dict[str, Any]]
    category_notes: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> RuleBook:
        """Build a rule book from the decoded ``rules.json`` structure."""
        rules = tuple(Rule(**{**r, "assumes": tuple(r.get("assumes", ()))}) for r in raw["rules"])
        return cls(raw["instruments"], rules, raw["scope_rules"], raw.get("category_notes", {}))


@dataclass(frozen=True)
class TreatyStatus:
    """What the table says about one State and one convention; ``known`` is False when it lacks data."""

    known: bool
    party: bool = False
    entry_into_force: date | None = None
    declaration: Any = None
    source: str = ""
    status: str = "V"
    precision: str = "day"
    entry_into_force_latest: date | None = None

    @property
    def date_uncertain(self) -> bool:
        """True when the table knows the entry into force only to the year (or month)."""
        return self.precision != "day"

    def entry_into_force_label(self) -> str:
        """The date as recorded, e.g. ``2008-02-29`` or ``1974 (year only)``."""
        if not self.date_uncertain or self.entry_into_force is None:
            return str(self.entry_into_force)
        shown = self.entry_into_force.strftime("%Y" if self.precision == "year" else "%Y-%m")
        if self.precision == "year":
            message = N_("%(shown)s (year only: somewhere between %(first)s and %(last)s)")
        else:
            message = N_("%(shown)s (month only: somewhere between %(first)s and %(last)s)")
        return _(message, shown=shown, first=self.entry_into_force, last=self.entry_into_force_latest)


@dataclass(frozen=True)
class Membership:
    """EU (or EEA) membership of a State at a date; ``member`` is None when the table lacks the data."""

    member: bool | None
    source: str = ""
    status: str = "V"
    note: str = ""


class StatesTable:
    """States Parties, entry into force, declarations and EU membership, as built by
    ``heritrace.laws.tables.states_raw`` from the law database."""

    def __init__(self, raw: dict[str, Any]):
        self.raw = raw

    def treaty_status(self, instrument: str, state: str) -> TreatyStatus:
        """Status of ``state`` under ``instrument`` (``UNIDROIT-1995`` or ``UNESCO-1970``)."""
        table = self.raw.get(instrument, {})
        entry = table.get("states", {}).get(state)
        if entry is None:
            # Only a table marked complete lets absence mean "not a party".
            return TreatyStatus(known=bool(table.get("complete")), party=False)
        precision = entry.get("date_precision", "day")
        earliest, latest = _date_range(entry.get("entry_into_force"), precision)
        in_force = _as_date(table.get("in_force"))
        if earliest is not None and in_force is not None and precision != "day":
            # A convention is in force for no State before its own entry into force.
            earliest = max(earliest, in_force)
        return TreatyStatus(
            known=True,
            party=entry.get("party", True),
            entry_into_force=earliest,
            declaration=entry.get("art_3_5_declaration"),
            source=entry.get("source", ""),
            status=entry.get("status", "V"),
            precision=precision,
            entry_into_force_latest=latest,
        )

    def eu_membership(self, state: str, on: date) -> Membership:
        """Whether ``state`` was an EU Member State (or an EEA State the Directive applies to) on ``on``."""
        eu = self.raw.get("EU-2014/60", {})
        entry = eu.get("members", {}).get(state)
        if entry is not None:
            start, until = _as_date(entry["from"]), _as_date(entry.get("until"))
            member = start <= on and (until is None or on <= until)
            source, status = entry.get("source", ""), entry.get("status", "V")
            return Membership(member, source, status, entry.get("note", ""))
        eea = eu.get("eea", {}).get(state)
        if eea is not None:
            start = _as_date(eea.get("from"))
            if start is None:
                return Membership(None, eea.get("source", ""), eea.get("status", "V"), "EEA State")
            return Membership(start <= on, eea.get("source", ""), eea.get("status", "V"), "EEA State")
        return Membership(False if eu.get("complete") else None)

    def eu_member(self, state: str, on: date) -> Membership:
        """Whether ``state`` was an EU Member State on ``on`` (EEA States are not: they are outside the
        Union's customs territory); ``member`` is None when the table lacks the State."""
        eu = self.raw.get("EU-2014/60", {})
        if state not in eu.get("members", {}) and state in eu.get("eea", {}):
            return Membership(False, "", "V", "EEA State")
        return self.eu_membership(state, on)

    def eu_setting(self, key: str) -> Any:
        """A Directive-wide setting such as ``applies_from`` or ``removed_on_or_after``."""
        return self.raw.get("EU-2014/60", {}).get(key)

    def eu_member_entry(self, state: str) -> dict[str, Any]:
        """The raw member entry (for Art. 8(1) exceptions); empty when not a member."""
        return self.raw.get("EU-2014/60", {}).get("members", {}).get(state, {})


def _as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


_PRECISIONS = ("day", "month", "year")


def _date_range(value: str | None, precision: str) -> tuple[date | None, date | None]:
    """Earliest and latest possible date of a partial date: ``1974`` (year), ``1974-04`` (month) or a day."""
    if precision not in _PRECISIONS:
        raise ValueError(f"unknown date_precision {precision!r}; expected one of {_PRECISIONS}")
    if not value:
        return None, None
    if precision == "day":
        day = date.fromisoformat(value)
        return day, day
    if precision == "year":
        year = int(value[:4])
        return date(year, 1, 1), date(year, 12, 31)
    year, month = int(value[:4]), int(value[5:7])
    following = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, 1), date.fromordinal(following.toordinal() - 1)


def _load_json(name: str) -> dict[str, Any]:
    return json.loads(resources.files(_PACKAGE).joinpath("data", name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_rules() -> RuleBook:
    """The rule book shipped with the package (``data/rules.json``)."""
    return RuleBook.from_dict(_load_json("rules.json"))


@lru_cache(maxsize=1)
def load_states() -> StatesTable:
    """The States Parties tables of the law database as shipped (``heritrace/laws/data``)."""
    from heritrace.laws.tables import shipped_states_raw

    return StatesTable(shipped_states_raw())

"""What the EU import and export checks share: the provisions as data, the answer, and input checking.

A check never guesses: a fact it lacks is listed in ``needs``, and every provision it relied on travels
with the answer (article, source, verification status), so that a customs officer or a court can see
what the requirement rests on and which parts are not yet verified.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import pycountry
from babel.numbers import format_decimal

from heritrace.core.collation import country_name as named_country
from heritrace.core.errors import ValidationFailed
from heritrace.core.i18n import N_, _, current_locale

_RANK = {"V": 0, "P": 1, "U": 2}
# how far a provision's wording is verified, in words (the statements of ``unverified``)
STATUS_WORDS = {"V": N_("verified"), "P": N_("partly verified"), "U": N_("unverified")}


class CheckInputError(ValidationFailed):
    """Input of a check rejected; ``errors`` maps each faulty field to a message fit for the user."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors, message="invalid input")


@dataclass(frozen=True)
class Provision:
    """One provision a check can rely on, with where it was read and how sure that reading is."""

    key: str
    article: str
    text: str
    source: str
    status: str
    note: str = ""
    date: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = {"article": self.article, "text": self.text, "source": self.source, "status": self.status}
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Regulation:
    """An instrument's provisions and Annex as shipped in ``heritrace/legal/data``."""

    title: str
    short: str
    provisions: dict[str, Provision]
    annex: dict[str, Any]

    def provision(self, key: str) -> Provision:
        return self.provisions[key]


@lru_cache(maxsize=4)
def load_regulation(name: str) -> Regulation:
    """``reg_2019_880`` or ``reg_116_2009`` from the package data."""
    text = resources.files("heritrace.legal").joinpath("data", f"{name}.json").read_text(encoding="utf-8")
    raw = json.loads(text)
    provisions = {key: Provision(key=key, **value) for key, value in raw["provisions"].items()}
    return Regulation(raw["instrument"]["title"], raw["instrument"]["short"], provisions, raw["annex"])


@dataclass
class CheckResult:
    """The answer of a check: the requirement, the articles, the reasons, and what it rests on."""

    check: str
    instrument: str
    requirement: str
    summary: str = ""
    articles: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    relied_on: list[Provision] = field(default_factory=list)
    extra_status: list[tuple[str, str]] = field(default_factory=list)  # (what, status) of other data used
    as_of: date | None = None

    def cite(self, provision: Provision, reason: str | None = None) -> None:
        """Rely on ``provision``: its article joins ``articles`` and ``reason`` joins ``reasons``."""
        if provision.article not in self.articles:
            self.articles.append(provision.article)
        if provision not in self.relied_on:
            self.relied_on.append(provision)
        if reason:
            self.reasons.append(reason)

    def rest_on(self, what: str, status: str) -> None:
        """Data other than a provision that the answer depends on (an Annex threshold, a State's status)."""
        if (what, status) not in self.extra_status:
            self.extra_status.append((what, status))

    @property
    def verification(self) -> str:
        statuses = [p.status for p in self.relied_on] + [s for _, s in self.extra_status]
        return max(statuses, key=_RANK.__getitem__) if statuses else "V"

    def unverified(self) -> list[str]:
        """Plain statements of every part of the answer not read in its source."""
        items = [
            f"{p.article} ({_(STATUS_WORDS[p.status])}): {p.note or p.text}"
            for p in self.relied_on
            if p.status != "V"
        ]
        return items + [
            f"{what} ({_(STATUS_WORDS[status])})" for what, status in self.extra_status if status != "V"
        ]

    def to_json(self) -> dict[str, Any]:
        """``requirement``, ``articles`` and ``reasons`` first (the interface partners rely on)."""
        return {
            "requirement": self.requirement,
            "articles": list(self.articles),
            "reasons": list(self.reasons),
            "summary": self.summary,
            "check": self.check,
            "instrument": self.instrument,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "needs": list(self.needs),
            "warnings": list(self.warnings),
            "documents": list(self.documents),
            "verification": self.verification,
            "unverified": self.unverified(),
            "provisions": [p.to_json() for p in self.relied_on],
        }


class Reader:
    """Reads one check's input field by field, collecting every fault before failing."""

    def __init__(self, raw: Any, known: set[str]):
        if not isinstance(raw, Mapping):
            raise CheckInputError({"FACTS": _("must be a JSON object")})
        self.raw = raw
        self.errors: dict[str, str] = {}
        self.ignored = tuple(sorted(set(raw) - known))

    def fail_if_errors(self) -> None:
        if self.errors:
            raise CheckInputError(self.errors)

    def choice(self, name: str, allowed: tuple[str, ...], required: bool = True) -> str | None:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.errors[name] = _("required: one of %(allowed)s", allowed=", ".join(allowed))
            return None
        folded = value.strip().lower() if isinstance(value, str) else value
        if folded not in allowed:
            self.errors[name] = _(
                "unknown value %(value)r: expected one of %(allowed)s",
                value=value,
                allowed=", ".join(allowed),
            )
            return None
        return folded

    def number(self, name: str, required: bool = True) -> float | None:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.errors[name] = _("required: a number")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or value != value:
            self.errors[name] = _("must be a number of 0 or more, not %(value)r", value=value)
            return None
        return float(value)

    def country(self, name: str, allow_unknown: bool = False) -> str | None:
        value = self.raw.get(name)
        unknown_ok = " " + _("or 'unknown'") if allow_unknown else ""
        if value is None:
            self.errors[name] = _("required: ISO 3166-1 alpha-2 code, e.g. 'EG'") + unknown_ok
            return None
        code = value.strip() if isinstance(value, str) else ""
        if allow_unknown and code.lower() == "unknown":
            return "unknown"
        if len(code) != 2 or pycountry.countries.get(alpha_2=code.upper()) is None:
            self.errors[name] = (
                _(
                    "unknown country %(value)r: expected an ISO 3166-1 alpha-2 code such as 'EG' or 'US'",
                    value=value,
                )
                + unknown_ok
            )
            return None
        return code.upper()

    def flag(self, name: str) -> bool | None:
        """true, false, or absent/null for unknown."""
        value = self.raw.get(name)
        if value is None or isinstance(value, bool):
            return value
        self.errors[name] = _("must be true or false (leave it out when unknown), not %(value)r", value=value)
        return None

    def day(self, name: str) -> date | None:
        value = self.raw.get(name)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.errors[name] = _("malformed date %(value)r: expected YYYY-MM-DD", value=value)
            return None


def country_name(code: str | None) -> str:
    """'Egypt (EG)' ('Égypte (EG)' in French: the country's name in the reader's language, from CLDR);
    'unknown' stays as is."""
    if not code or code == "unknown":
        return _("an unknown country")
    name = named_country(code)
    return f"{name} ({code})" if name != code else code


def euros(value: float) -> str:
    """An amount in euros as the reader's language writes it: 'EUR 150,000', '150 000 EUR'."""
    return _("EUR %(amount)s", amount=format_decimal(round(value), locale=current_locale()))

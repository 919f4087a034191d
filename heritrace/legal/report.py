"""What the deadline engine answers: limits computed, facts still needed, instruments not applicable."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

STATUSES = ("running", "expired", "met", "no_limit")


@dataclass(frozen=True)
class Deadline:
    """One time limit: start, due (None when there is no limit), status and the reasoning behind it."""

    instrument: str
    article: str
    start: date | None
    due: date | None
    status: str
    reason: str
    limit: str
    length: str | None
    start_event: str
    rule: str
    source: str
    unverified: bool
    verification: str
    needs: tuple[str, ...] = ()
    counted_back_from: date | None = None

    def to_json(self) -> dict[str, Any]:
        """The CLI object: the six keys of the issue first, then the extra keys."""
        out: dict[str, Any] = {
            "instrument": self.instrument,
            "article": self.article,
            "start": _iso(self.start),
            "due": _iso(self.due),
            "status": self.status,
            "reason": self.reason,
            "limit": self.limit,
            "length": self.length,
            "start_event": self.start_event,
            "rule": self.rule,
            "source": self.source,
            "unverified": self.unverified,
            "verification": self.verification,
            "needs": list(self.needs),
        }
        if self.counted_back_from:
            out["counted_back_from"] = _iso(self.counted_back_from)
        return out


@dataclass(frozen=True)
class Need:
    """A fact or datum without which a limit (or an instrument's scope) cannot be computed."""

    instrument: str
    articles: tuple[str, ...]
    missing: str

    def to_json(self) -> dict[str, Any]:
        return {"instrument": self.instrument, "articles": list(self.articles), "missing": self.missing}


@dataclass(frozen=True)
class Exclusion:
    """An instrument (or article) that does not apply to the case, and why."""

    instrument: str
    articles: tuple[str, ...]
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"instrument": self.instrument, "articles": list(self.articles), "reason": self.reason}


@dataclass
class DeadlineReport:
    """Everything the engine found for one set of facts, evaluated at ``as_of``."""

    as_of: date
    deadlines: list[Deadline] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    not_applicable: list[Exclusion] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def find(self, instrument: str, article: str | None = None, limit: str | None = None) -> list[Deadline]:
        """Deadlines of ``instrument`` (optionally one article and one limb: relative/absolute/procedural)."""
        return [
            d
            for d in self.deadlines
            if d.instrument == instrument
            and (article is None or d.article == article)
            and (limit is None or d.limit == limit)
        ]

    def to_json(self) -> dict[str, Any]:
        """The full report, as printed by ``deadlines --report``."""
        return {
            "as_of": self.as_of.isoformat(),
            "deadlines": [d.to_json() for d in self.deadlines],
            "needs": [n.to_json() for n in self.needs],
            "not_applicable": [e.to_json() for e in self.not_applicable],
            "notes": list(self.notes),
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None

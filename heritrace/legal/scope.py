"""Whether an instrument applies between the two States at the dates of the case (its scope rules).

Each check answers ``applies`` (with the facts used), ``excluded`` (with the reason) or ``unknown``
(with what is needed): the States table is incomplete, and a State missing from it is never taken
for a party or a non-party.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from heritrace.legal.data import StatesTable, TreatyStatus
from heritrace.legal.facts import CaseFacts

UNIDROIT = "UNIDROIT-1995"
UNESCO = "UNESCO-1970"


@dataclass
class ScopeResult:
    """Outcome of a scope check; ``unverified`` lists the unverified data it relied on."""

    kind: str  # applies | excluded | unknown
    notes: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)

    @classmethod
    def excluded(cls, reason: str, unverified: list[str] | None = None) -> ScopeResult:
        return cls("excluded", [reason], unverified=unverified or [])

    @classmethod
    def unknown(cls, *needs: str) -> ScopeResult:
        return cls("unknown", needs=list(needs))


def _lacks(instrument: str, state: str, why: str) -> str:
    return f"{instrument} status of {state}: the States Parties table lacks this State ({why})"


def _party_since(status: TreatyStatus, state: str) -> str:
    return f"in force for {state} since {status.entry_into_force_label()} ({status.source})"


def _undecided(status: TreatyStatus, event: date) -> bool:
    """True when the event falls inside the period in which an imprecise entry into force lies.

    An entry into force known only to the year (``date_precision``) decides the case only when the
    event is before the first or on or after the last possible day; otherwise the exact date is needed.
    """
    latest = status.entry_into_force_latest or status.entry_into_force
    return status.date_uncertain and latest is not None and event < latest


def _exact_date_need(instrument: str, state: str, status: TreatyStatus, event: str, part: str) -> str:
    return (
        f"{instrument} exact entry-into-force date for {state}: the States Parties table knows only "
        f"{status.entry_into_force_label()}, and the {event} date falls within it (needed to know whether "
        f"{part} applies, non-retroactivity)"
    )


def unidroit_chapter_2(facts: CaseFacts, states: StatesTable) -> ScopeResult:
    """Art. 10(1): theft after entry into force for the State of the claim (taken to be the holding State)."""
    holding = facts.holding_state
    status = states.treaty_status(UNIDROIT, holding)
    if not status.known:
        return ScopeResult.unknown(_lacks(UNIDROIT, holding, "needed to know whether Chapter II applies"))
    if not status.party:
        return ScopeResult.excluded(
            f"{holding} (where the claim is brought) is not a Contracting State"
            f"{_unverified_suffix([(holding, status)])}",
            _unverified_states(status, holding),
        )
    if facts.event_date is None:
        return ScopeResult.unknown("event_date (date of the theft): needed for non-retroactivity, Art. 10(1)")
    if facts.event_date < status.entry_into_force:
        return ScopeResult.excluded(
            f"theft on {facts.event_date} precedes entry into force for {holding} on "
            f"{status.entry_into_force_label()}: Chapter II does not apply (non-retroactivity, Art. 10(1))"
            f"{_unverified_suffix([(holding, status)])}",
            _unverified_states(status, holding),
        )
    if _undecided(status, facts.event_date):
        return ScopeResult.unknown(_exact_date_need(UNIDROIT, holding, status, "theft", "Chapter II"))
    notes = [
        f"UNIDROIT {_party_since(status, holding)}; theft on {facts.event_date} is later; "
        f"the object is located in {holding}, a Contracting State (Art. 10(1)(b))"
    ]
    return ScopeResult("applies", notes, unverified=_unverified_states(status, holding))


def unidroit_chapter_3(facts: CaseFacts, states: StatesTable) -> ScopeResult:
    """Art. 10(2): export after entry into force for both the requesting State and the State addressed."""
    return _both_parties(facts, states, UNIDROIT, "export", "Chapter III (Art. 10(2))")


def unesco_1970(facts: CaseFacts, states: StatesTable) -> ScopeResult:
    """Art. 7: only property stolen (and imported) after entry into force for both States concerned."""
    return _both_parties(facts, states, UNESCO, "theft", "Art. 7(b)")


def _both_parties(
    facts: CaseFacts, states: StatesTable, instrument: str, event: str, part: str
) -> ScopeResult:
    pair = (facts.requesting_state, facts.holding_state)
    statuses = {s: states.treaty_status(instrument, s) for s in pair}
    missing = [s for s in pair if not statuses[s].known]
    if missing:
        why = f"needed to know whether {part} applies"
        return ScopeResult.unknown(*(_lacks(instrument, s, why) for s in missing))
    outside = [s for s in pair if not statuses[s].party]
    if outside:
        return ScopeResult.excluded(
            f"{', '.join(outside)} not a State Party: {part} needs both States"
            f"{_unverified_suffix([(s, statuses[s]) for s in outside])}",
            [u for s in outside for u in _unverified_states(statuses[s], s)],
        )
    if facts.event_date is None:
        return ScopeResult.unknown(f"event_date (date of the {event}): needed for non-retroactivity")
    late = [s for s in pair if facts.event_date < statuses[s].entry_into_force]
    if late:
        dates = ", ".join(f"{s} on {statuses[s].entry_into_force_label()}" for s in late)
        return ScopeResult.excluded(
            f"{event} on {facts.event_date} precedes entry into force for {dates}: {part} applies only after "
            "entry into force for both States (non-retroactivity)"
            f"{_unverified_suffix([(s, statuses[s]) for s in late])}",
            [u for s in late for u in _unverified_states(statuses[s], s)],
        )
    undecided = [s for s in pair if _undecided(statuses[s], facts.event_date)]
    if undecided:
        return ScopeResult.unknown(
            *(_exact_date_need(instrument, s, statuses[s], event, part) for s in undecided)
        )
    notes = [f"{instrument} {_party_since(statuses[s], s)}" for s in pair]
    notes.append(f"{event} on {facts.event_date} is after entry into force for both")
    unverified = [u for s in pair for u in _unverified_states(statuses[s], s)]
    return ScopeResult("applies", notes, unverified=unverified)


def _unverified_suffix(entries: list[tuple[str, TreatyStatus]]) -> str:
    """`` (UNVERIFIED: ...)`` for exclusions that rest on unverified table entries; empty otherwise."""
    items = [u for state, status in entries for u in _unverified_states(status, state)]
    return f" (UNVERIFIED: {'; '.join(items)})" if items else ""


def _unverified_states(status: TreatyStatus, state: str) -> list[str]:
    items = []
    if status.status == "U":
        items.append(f"States Parties data for {state} (status U: not in the research notes; see its source)")
    if status.date_uncertain:
        items.append(f"entry into force for {state} known only to the {status.precision}")
    return items


def eu_directive(facts: CaseFacts, states: StatesTable) -> ScopeResult:
    """Directive 2014/60/EU: two Member States, removal from 1993-01-01, proceedings from 2015-12-19."""
    brought = facts.proceedings_date or facts.as_of
    applies_from = date.fromisoformat(states.eu_setting("applies_from"))
    if brought < applies_from:
        return ScopeResult.excluded(
            f"{_brought_label(facts)} {brought} precedes 19 December 2015, when the Directive began to apply "
            "(Directive 93/7/EEC governed earlier proceedings; not modelled)"
        )
    if facts.event_date is None:
        return ScopeResult.unknown(
            "event_date (date of the unlawful removal): needed for the Directive scope"
        )
    return _eu_membership_scope(facts, states, brought)


def _brought_label(facts: CaseFacts) -> str:
    return "proceedings_date" if facts.proceedings_date else "as_of"


def _eu_membership_scope(facts: CaseFacts, states: StatesTable, brought: date) -> ScopeResult:
    earliest = date.fromisoformat(states.eu_setting("removed_on_or_after"))
    removal = facts.event_date
    assert removal is not None
    if removal < earliest:
        return ScopeResult.excluded(f"removal on {removal} precedes 1 January 1993: outside the Directive")
    checks = [
        (facts.requesting_state, brought, f"at {_brought_label(facts)}"),
        (facts.holding_state, brought, f"at {_brought_label(facts)}"),
        (facts.requesting_state, removal, "when the object was removed"),
    ]
    notes, unverified = [], []
    for state, on, when in checks:
        membership = states.eu_membership(state, on)
        if membership.member is None:
            return ScopeResult.unknown(
                f"EU-2014/60: date from which the Directive applies in {state} "
                f"({membership.note or 'not in the table'}): the table lacks it"
            )
        if membership.status == "U":
            unverified.append(f"EU membership dates of {state} (general knowledge, not in the notes)")
        if not membership.member:
            return ScopeResult.excluded(
                f"{state} is not an EU Member State {when} ({on}): the Directive applies only between "
                "Member States",
                unverified,
            )
        notes.append(f"{state} an EU Member State {when} ({on})")
    return ScopeResult("applies", notes, unverified=sorted(set(unverified)))


def icprcp(facts: CaseFacts, states: StatesTable) -> ScopeResult:
    """The ICPRCP is open whatever the conventions; UNESCO membership is not checked."""
    return ScopeResult("applies", ["UNESCO membership of both States is assumed, not checked"])


SCOPE_CHECKS: dict[str, Callable[[CaseFacts, StatesTable], ScopeResult]] = {
    "unidroit_chapter_2": unidroit_chapter_2,
    "unidroit_chapter_3": unidroit_chapter_3,
    "eu_directive": eu_directive,
    "unesco_1970": unesco_1970,
    "icprcp": icprcp,
}

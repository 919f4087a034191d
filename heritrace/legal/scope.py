"""Whether an instrument applies between the two States at the dates of the case (its scope rules).

Each check answers ``applies`` (with the facts used), ``excluded`` (with the reason) or ``unknown``
(with what is needed): the States table is incomplete, and a State missing from it is never taken
for a party or a non-party.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from heritrace.core.i18n import N_, _
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


# the events a scope turns on, in a sentence ("the date of the theft") and as its subject
EVENTS = {"theft": N_("the theft"), "export": N_("the export")}
EVENTS_ON = {"theft": N_("theft"), "export": N_("export")}
PRECISIONS = {"year": N_("year"), "month": N_("month")}


def _lacks(instrument: str, state: str, why: str) -> str:
    return _(
        "%(instrument)s status of %(state)s: the States Parties table lacks this State (%(why)s)",
        instrument=instrument,
        state=state,
        why=why,
    )


def _party_since(status: TreatyStatus, state: str) -> str:
    return _(
        "in force for %(state)s since %(since)s (%(source)s)",
        state=state,
        since=status.entry_into_force_label(),
        source=status.source,
    )


def _undecided(status: TreatyStatus, event: date) -> bool:
    """True when the event falls inside the period in which an imprecise entry into force lies.

    An entry into force known only to the year (``date_precision``) decides the case only when the
    event is before the first or on or after the last possible day; otherwise the exact date is needed.
    """
    latest = status.entry_into_force_latest or status.entry_into_force
    return status.date_uncertain and latest is not None and event < latest


def _exact_date_need(instrument: str, state: str, status: TreatyStatus, event: str, part: str) -> str:
    return _(
        "%(instrument)s exact entry-into-force date for %(state)s: the States Parties table knows only "
        "%(known)s, and the date of %(event)s falls within it (needed to know whether %(part)s applies, "
        "non-retroactivity)",
        instrument=instrument,
        state=state,
        known=status.entry_into_force_label(),
        event=_(EVENTS[event]),
        part=part,
    )


def unidroit_chapter_2(facts: CaseFacts, states: StatesTable) -> ScopeResult:
    """Art. 10(1): theft after entry into force for the State of the claim (taken to be the holding State)."""
    holding = facts.holding_state
    status = states.treaty_status(UNIDROIT, holding)
    if not status.known:
        why = _("needed to know whether %(part)s applies", part="Chapter II")
        return ScopeResult.unknown(_lacks(UNIDROIT, holding, why))
    if not status.party:
        return ScopeResult.excluded(
            _("%(state)s (where the claim is brought) is not a Contracting State", state=holding)
            + _unverified_suffix([(holding, status)]),
            _unverified_states(status, holding),
        )
    if facts.event_date is None:
        return ScopeResult.unknown(
            _("event_date (date of the theft): needed for non-retroactivity, Art. 10(1)")
        )
    if facts.event_date < status.entry_into_force:
        return ScopeResult.excluded(
            _(
                "theft on %(day)s precedes entry into force for %(state)s on %(since)s: Chapter II does not "
                "apply (non-retroactivity, Art. 10(1))",
                day=facts.event_date,
                state=holding,
                since=status.entry_into_force_label(),
            )
            + _unverified_suffix([(holding, status)]),
            _unverified_states(status, holding),
        )
    if _undecided(status, facts.event_date):
        return ScopeResult.unknown(_exact_date_need(UNIDROIT, holding, status, "theft", "Chapter II"))
    notes = [
        _(
            "UNIDROIT %(in_force)s; theft on %(day)s is later; the object is located in %(state)s, a "
            "Contracting State (Art. 10(1)(b))",
            in_force=_party_since(status, holding),
            day=facts.event_date,
            state=holding,
        )
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
        why = _("needed to know whether %(part)s applies", part=part)
        return ScopeResult.unknown(*(_lacks(instrument, s, why) for s in missing))
    outside = [s for s in pair if not statuses[s].party]
    if outside:
        return ScopeResult.excluded(
            _(
                "%(states)s not a State Party: %(part)s needs both States",
                states=", ".join(outside),
                part=part,
            )
            + _unverified_suffix([(s, statuses[s]) for s in outside]),
            [u for s in outside for u in _unverified_states(statuses[s], s)],
        )
    if facts.event_date is None:
        return ScopeResult.unknown(
            _("event_date (date of %(event)s): needed for non-retroactivity", event=_(EVENTS[event]))
        )
    late = [s for s in pair if facts.event_date < statuses[s].entry_into_force]
    if late:
        dates = ", ".join(
            _("%(state)s on %(since)s", state=s, since=statuses[s].entry_into_force_label()) for s in late
        )
        return ScopeResult.excluded(
            _(
                "%(event)s on %(day)s precedes entry into force for %(dates)s: %(part)s applies only after "
                "entry into force for both States (non-retroactivity)",
                event=_(EVENTS_ON[event]),
                day=facts.event_date,
                dates=dates,
                part=part,
            )
            + _unverified_suffix([(s, statuses[s]) for s in late]),
            [u for s in late for u in _unverified_states(statuses[s], s)],
        )
    undecided = [s for s in pair if _undecided(statuses[s], facts.event_date)]
    if undecided:
        return ScopeResult.unknown(
            *(_exact_date_need(instrument, s, statuses[s], event, part) for s in undecided)
        )
    notes = [f"{instrument} {_party_since(statuses[s], s)}" for s in pair]
    notes.append(
        _(
            "%(event)s on %(day)s is after entry into force for both",
            event=_(EVENTS_ON[event]),
            day=facts.event_date,
        )
    )
    unverified = [u for s in pair for u in _unverified_states(statuses[s], s)]
    return ScopeResult("applies", notes, unverified=unverified)


def _unverified_suffix(entries: list[tuple[str, TreatyStatus]]) -> str:
    """`` (UNVERIFIED: ...)`` for exclusions that rest on unverified table entries; empty otherwise."""
    items = [u for state, status in entries for u in _unverified_states(status, state)]
    return " " + _("(UNVERIFIED: %(items)s)", items="; ".join(items)) if items else ""


def _unverified_states(status: TreatyStatus, state: str) -> list[str]:
    items = []
    if status.status == "U":
        items.append(
            _(
                "States Parties data for %(state)s (status U: not in the research notes; see its source)",
                state=state,
            )
        )
    if status.date_uncertain:
        items.append(
            _(
                "entry into force for %(state)s known only to the %(precision)s",
                state=state,
                precision=_(PRECISIONS.get(status.precision, status.precision)),
            )
        )
    return items


def eu_directive(facts: CaseFacts, states: StatesTable) -> ScopeResult:
    """Directive 2014/60/EU: two Member States, removal from 1993-01-01, proceedings from 2015-12-19."""
    brought = facts.proceedings_date or facts.as_of
    applies_from = date.fromisoformat(states.eu_setting("applies_from"))
    if brought < applies_from:
        return ScopeResult.excluded(
            _(
                "%(fact)s %(day)s precedes 19 December 2015, when the Directive began to apply (Directive "
                "93/7/EEC governed earlier proceedings; not modelled)",
                fact=_brought_label(facts),
                day=brought,
            )
        )
    if facts.event_date is None:
        return ScopeResult.unknown(
            _("event_date (date of the unlawful removal): needed for the Directive scope")
        )
    return _eu_membership_scope(facts, states, brought)


def _brought_label(facts: CaseFacts) -> str:
    return "proceedings_date" if facts.proceedings_date else "as_of"


def _eu_membership_scope(facts: CaseFacts, states: StatesTable, brought: date) -> ScopeResult:
    earliest = date.fromisoformat(states.eu_setting("removed_on_or_after"))
    removal = facts.event_date
    assert removal is not None
    if removal < earliest:
        return ScopeResult.excluded(
            _("removal on %(day)s precedes 1 January 1993: outside the Directive", day=removal)
        )
    at = _("at %(fact)s", fact=_brought_label(facts))
    checks = [
        (facts.requesting_state, brought, at),
        (facts.holding_state, brought, at),
        (facts.requesting_state, removal, _("when the object was removed")),
    ]
    notes, unverified = [], []
    for state, on, when in checks:
        membership = states.eu_membership(state, on)
        if membership.member is None:
            return ScopeResult.unknown(
                _(
                    "EU-2014/60: date from which the Directive applies in %(state)s (%(note)s): the table "
                    "lacks it",
                    state=state,
                    note=membership.note or _("not in the table"),
                )
            )
        if membership.status == "U":
            unverified.append(
                _("EU membership dates of %(state)s (general knowledge, not in the notes)", state=state)
            )
        if not membership.member:
            return ScopeResult.excluded(
                _(
                    "%(state)s is not an EU Member State %(when)s (%(day)s): the Directive applies only "
                    "between Member States",
                    state=state,
                    when=when,
                    day=on,
                ),
                unverified,
            )
        notes.append(_("%(state)s an EU Member State %(when)s (%(day)s)", state=state, when=when, day=on))
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

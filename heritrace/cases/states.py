"""The return procedure as an explicit state machine, kept as data.

``TRANSITIONS`` maps each state to the states it may move to, with the roles allowed to make the move,
the case information it requires and whether a note (the reason, the reference of a decision) is
required. ``docs/cases.md`` shows the same table.
"""

from __future__ import annotations

from dataclasses import dataclass

from heritrace.core.i18n import N_

STATES = (
    "opened",
    "object_located",
    "claim_notified",
    "bilateral_negotiation",
    "icprcp_mediation",
    "proceedings",
    "agreement_or_decision",
    "return_executed",
    "closed",
    "rejected",
    "withdrawn",
    "time_barred",
)
LABELS = {
    "opened": N_("Opened"),
    "object_located": N_("Object located"),
    "claim_notified": N_("Claim notified"),
    "bilateral_negotiation": N_("Bilateral negotiation"),
    "icprcp_mediation": N_("ICPRCP mediation or conciliation"),
    "proceedings": N_("Judicial or administrative proceedings"),
    "agreement_or_decision": N_("Agreement or decision"),
    "return_executed": N_("Return executed"),
    "closed": N_("Closed"),
    "rejected": N_("Rejected"),
    "withdrawn": N_("Withdrawn"),
    "time_barred": N_("Time-barred"),
}
TERMINAL = frozenset({"closed", "rejected", "withdrawn", "time_barred"})
ROUTES = ("bilateral_negotiation", "icprcp_mediation", "proceedings")

CASE_WORKERS = frozenset({"platform_admin", "org_admin", "registrar", "investigator"})
MANAGERS = frozenset({"platform_admin", "org_admin", "registrar"})
DECIDERS = frozenset({"platform_admin", "org_admin"})


@dataclass(frozen=True)
class Transition:
    """One allowed move: who may make it, what the case must hold, whether a note is required."""

    source: str
    target: str
    roles: frozenset[str]
    requires: tuple[str, ...] = ()
    note_required: bool = False


def _t(source: str, target: str, roles: frozenset[str], requires: tuple[str, ...] = (), note: bool = False):  # noqa: ANN202
    return Transition(source, target, roles, requires, note)


_FORWARD = [
    _t("opened", "object_located", CASE_WORKERS, ("objects", "holding_state")),
    _t("object_located", "claim_notified", MANAGERS, ("requesting_state", "notification_date"), note=True),
    *[_t("claim_notified", r, MANAGERS, note=True) for r in ROUTES],
    # a procedure may go through more than one route: negotiation, then mediation, then court
    *[_t(a, b, MANAGERS, note=True) for a in ROUTES for b in ROUTES if a != b],
    *[_t(r, "agreement_or_decision", DECIDERS, note=True) for r in ROUTES],
    _t("agreement_or_decision", "return_executed", CASE_WORKERS, ("returned_on",), note=True),
    _t("return_executed", "closed", DECIDERS),
]
_ENDINGS = [
    *[_t(s, "rejected", DECIDERS, note=True) for s in ("claim_notified", *ROUTES)],
    *[
        _t(s, "withdrawn", DECIDERS, note=True)
        for s in STATES
        if s not in TERMINAL and s != "return_executed"
    ],
    *[
        _t(s, "time_barred", DECIDERS, note=True)
        for s in ("opened", "object_located", "claim_notified", *ROUTES)
    ],
]
TRANSITIONS: dict[str, dict[str, Transition]] = {s: {} for s in STATES}
for _tr in _FORWARD + _ENDINGS:
    TRANSITIONS[_tr.source][_tr.target] = _tr


def transition(source: str, target: str) -> Transition | None:
    """The move from ``source`` to ``target``, or None when the procedure does not allow it."""
    return TRANSITIONS.get(source, {}).get(target)


def next_steps(source: str) -> list[Transition]:
    """The moves open from ``source``, in procedure order."""
    return sorted(TRANSITIONS.get(source, {}).values(), key=lambda t: STATES.index(t.target))

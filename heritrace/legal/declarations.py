"""What the States chose: UNIDROIT Art. 3(5) declarations and the Directive's Art. 8(1) exceptions."""

from __future__ import annotations

from dataclasses import dataclass, field

from heritrace.legal.data import StatesTable
from heritrace.legal.facts import CaseFacts
from heritrace.legal.scope import UNIDROIT


@dataclass
class DeclaredLimit:
    """The Art. 3(5) outcome: ``none`` (Art. 3(4) applies), ``declared`` (``years``) or ``unknown``."""

    kind: str
    years: int | None = None
    notes: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)


def unidroit_declared_limit(facts: CaseFacts, states: StatesTable) -> DeclaredLimit:
    """Art. 3(5): a declaration by the State the object was displaced from, or by the State of the forum.

    When both declared, the shorter period is shown: it is the earliest date at which the claim may be
    barred, so a party that acts by it is safe under either reading.
    """
    roles = ((facts.requesting_state, "the requesting State"), (facts.holding_state, "the holding State"))
    result = DeclaredLimit("none")
    declared: list[int] = []
    for state, role in roles:
        status = states.treaty_status(UNIDROIT, state)
        if not status.known:
            result.needs.append(
                f"whether {state} ({role}) is a UNIDROIT Contracting State with an Art. 3(5) "
                "declaration: the States Parties table lacks this State"
            )
        elif not status.party:
            result.notes.append(f"{state} is not a Contracting State, so it made no Art. 3(5) declaration")
        elif status.declaration is None:
            result.needs.append(f"whether {state} ({role}) made an Art. 3(5) declaration: the table lacks it")
        elif status.declaration is False:
            result.notes.append(f"{state} made no Art. 3(5) declaration")
        else:
            declared.append(int(status.declaration["years"]))
            result.notes.append(f"{state} declared {status.declaration['years']} years under Art. 3(5)")
    if result.needs:
        result.kind = "unknown"
    elif declared:
        result.kind, result.years = "declared", min(declared)
    return result


@dataclass
class EuException:
    """Art. 8(1) third-subparagraph exceptions: ``no_limit``, a bilateral ``years`` override, or neither."""

    no_limit: bool = False
    years: int | None = None
    notes: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)


def eu_art_8_exceptions(facts: CaseFacts, states: StatesTable) -> EuException:
    """Look up the two exceptions to the 75-year period; missing data is listed, the 75 years stay shown."""
    result = EuException()
    for state in (facts.requesting_state, facts.holding_state):
        flag = states.eu_member_entry(state).get("art_8_no_time_limit")
        if flag is None:
            result.needs.append(
                f"whether return proceedings in {state} are subject to no time limit "
                "(Art. 8(1) exception): the table lacks it"
            )
        elif flag:
            result.no_limit = True
            result.notes.append(f"return proceedings in {state} are not subject to a time limit (Art. 8(1))")
    agreement = _bilateral_agreement(facts, states)
    if agreement is not None:
        result.years = int(agreement["years"])
        name = agreement.get("name", "")
        result.notes.append(f"bilateral agreement {name} sets {agreement['years']} years")
    elif not states.eu_setting("bilateral_agreements_over_75_years").get("complete"):
        result.needs.append(
            f"whether a bilateral agreement between {facts.requesting_state} and "
            f"{facts.holding_state} sets a period over 75 years: the table lacks it"
        )
    return result


def _bilateral_agreement(facts: CaseFacts, states: StatesTable) -> dict | None:
    pair = {facts.requesting_state, facts.holding_state}
    table = states.eu_setting("bilateral_agreements_over_75_years") or {}
    for agreement in table.get("agreements", []):
        if set(agreement["states"]) == pair:
            return agreement
    return None

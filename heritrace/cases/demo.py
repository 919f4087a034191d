"""Demo return cases: claims of the demo ministry on demo register records, at different stages.

They go through the case service like any user's case, so that the case list, the deadline panels
and the statistics of results have something to show in ``heritrace demo``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from heritrace.cases.schemas import CaseIn, PartyIn, TransitionIn
from heritrace.core.actor import Actor
from heritrace.legal.periods import add_years
from heritrace.objects.service import ObjectFilters

# the moves along the procedure, in order, with the note each move is given
_STEPS = {
    "object_located": "object located at the holder's premises",
    "claim_notified": "claim notified to the holding State",
    "bilateral_negotiation": "talks opened with the holding State",
    "agreement_or_decision": "return agreed",
    "return_executed": "object handed over",
    "closed": "",
}
_PATH = tuple(_STEPS)
# the record classifications a case of each classification may name
_OPEN_ENOUGH = {
    "public": {"public"},
    "partners": {"public", "partners"},
    "restricted": {"public", "partners", "restricted"},
}


@dataclass(frozen=True)
class DemoCase:
    title: str  # "{object}" stands for the first claimed record
    legal_basis: str
    holding_state: str
    possessor: str
    claim: str
    stage: str  # the last state reached, a key of _STEPS, or "opened"
    years_ago: int  # of the theft
    classification: str = "restricted"


DEMO_CASES = (
    DemoCase("Return of {object} found at a Warsaw dealer", "unidroit_1995_ch2", "PL", "A dealer in Warsaw",
             "stolen", "closed", 6, "public"),
    DemoCase("Claim for {object} offered at auction in London", "unesco_1970_art7bii", "GB",
             "An auction house in London", "stolen", "bilateral_negotiation", 9, "partners"),
    DemoCase("{object} seized by customs in Hamburg", "unidroit_1995_ch3", "DE", "An importer in Hamburg",
             "illegally_exported", "claim_notified", 3),
    DemoCase("{object} located in a private collection", "bilateral", "FR", "A private collector in Lyon",
             "stolen", "object_located", 12),
    DemoCase("{object} and another object looted from a museum", "hague_1954_protocol1", "NL",
             "Not yet identified", "stolen", "opened", 2),
)  # fmt: skip


def create_demo_cases(platform, actor: Actor, requesting_state: str) -> int:  # noqa: ANN001
    """Open the demo cases for ``actor`` (an administrator and registrar of the requesting ministry;
    the returned object's case is public, so that the statistics of results show it to everyone)
    on records it may read, stolen ones first; returns how many were opened (fewer in a register too
    small to hold them)."""
    pool: dict[str, tuple[str, str]] = {}  # register id -> (how a title names it, classification)
    for filters in (ObjectFilters(status="stolen"), ObjectFilters()):  # stolen records first
        records, _, _ = platform.objects.list(actor, filters, per_page=100)
        for r in records:
            pool.setdefault(r.external_id, (_name(r.type_text, r.title) or r.external_id, r.classification))
    today = date.today()
    opened = 0
    for demo in DEMO_CASES:
        # a case names only records at least as open as itself: its title names one of them
        fits = [i for i, (_, c) in pool.items() if c in _OPEN_ENOUGH[demo.classification]]
        objects = fits[: 2 if demo.stage == "opened" else 1]
        if not objects or (demo.stage == "opened" and len(objects) < 2):
            continue
        name = pool[objects[0]][0]
        for i in objects:
            del pool[i]
        event = add_years(today, -demo.years_ago)  # 29 February falls on the 28th
        title = demo.title.format(object=name)
        title = title[0].upper() + title[1:]
        case = platform.cases.create(
            actor,
            CaseIn(
                title=title[:500],
                summary=f"{title}. Generated for the demonstration.",
                classification=demo.classification,
                legal_basis=demo.legal_basis,
                object_ids=objects,
                parties=[
                    PartyIn(
                        role="requesting_state", name="Ministry of Culture (demo)", country=requesting_state
                    ),
                    PartyIn(role="current_possessor", name=demo.possessor, country=demo.holding_state),
                ],
                requesting_state=requesting_state,
                holding_state=demo.holding_state,
                claim=demo.claim,
                object_categories=["public_collection"],
                event_date=event,
                knowledge_date=today - timedelta(days=120),
                notification_date=today - timedelta(days=90),
            ),
        )
        if demo.stage != "opened":
            for state in _PATH[: _PATH.index(demo.stage) + 1]:
                returned = today if state == "return_executed" else None
                platform.cases.transition(
                    actor, case.id, TransitionIn(to_state=state, note=_STEPS[state], returned_on=returned)
                )
        opened += 1
    return opened


def _name(kind: str | None, title: str | None) -> str | None:
    """'print "Seascape at night"', or the title alone when it says what the object is."""
    if not title:
        return None
    if not kind or kind.lower() in title.lower():
        return f'"{title}"'
    return f'{kind} "{title}"'

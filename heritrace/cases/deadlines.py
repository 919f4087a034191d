"""The deadline panel of a case (computed with ``heritrace.legal``) and reminders of limits falling due."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.audit.service import AuditLog
from heritrace.cases.facts import facts_json, split
from heritrace.cases.models import CaseEvent, ReturnCase
from heritrace.cases.states import TERMINAL
from heritrace.core.actor import SYSTEM
from heritrace.core.i18n import N_, Message
from heritrace.inbox.service import Inbox, Notice
from heritrace.legal import FactsError, compute_deadlines, parse_facts
from heritrace.legal.data import StatesTable


def deadline_panel(case: ReturnCase, as_of: date, states: StatesTable | None = None) -> dict:
    """Every limit the engine computes from the case's facts, the facts still needed, and which
    facts are entered but unverified. Never guesses: a missing fact is listed, not assumed.

    ``states``: the installation's law database (the shipped one when None)."""
    unverified = split(case.unverified_facts)
    try:
        facts = parse_facts(facts_json(case, as_of))
    except FactsError as exc:
        needed = [f"{field}: {message}" for field, message in exc.errors.items()]
        return {
            "as_of": as_of,
            "deadlines": [],
            "needed": needed,
            "not_applicable": [],
            "unverified_facts": unverified,
        }
    report = compute_deadlines(facts, states=states)
    deadlines = []
    for d in report.deadlines:
        item = d.to_json()
        item["unverified_facts"] = _unverified_behind(case, d.start, unverified)
        deadlines.append(item)
    needed = [f"{n.instrument} {', '.join(n.articles)}: {n.missing}".strip() for n in report.needs]
    return {
        "as_of": as_of,
        "deadlines": deadlines,
        "needed": needed,
        "not_applicable": [e.to_json() for e in report.not_applicable],
        "unverified_facts": unverified,
    }


def _unverified_behind(case: ReturnCase, start: date | None, unverified: list[str]) -> list[str]:
    """Unverified facts a limit rests on: the States and claim (they decide every limit) and the date
    it is counted from."""
    general = [f for f in unverified if f in ("requesting_state", "holding_state", "claim")]
    dated = [f for f in unverified if f.endswith("_date") and start is not None and getattr(case, f) == start]
    return general + dated


def due_soon(
    case: ReturnCase, as_of: date, within_days: int, states: StatesTable | None = None
) -> list[dict]:
    """Running limits of ``case`` that fall due between ``as_of`` and ``as_of + within_days``."""
    horizon = as_of + timedelta(days=within_days)
    panel = deadline_panel(case, as_of, states)
    return [
        d
        for d in panel["deadlines"]
        if d["status"] == "running" and d["due"] and as_of <= date.fromisoformat(d["due"]) <= horizon
    ]


def remind_due(
    sessions: sessionmaker[Session],
    inbox: Inbox,
    as_of: date,
    within_days: int = 30,
    states: StatesTable | None = None,
) -> int:
    """Post an inbox notice to each open case's organisation for every limit falling due soon.

    Each (limit, due date) is reminded once per case: the reminder is noted on the case timeline,
    which is also what keeps a second run from repeating it. Returns the number of notices posted."""
    notices: list[Notice] = []
    with sessions.begin() as s:
        for case in s.scalars(select(ReturnCase).where(ReturnCase.state.not_in(TERMINAL))):
            if case.organisation_id is None:
                continue
            sent = {e.note for e in case.events if e.kind == "reminder"}
            for d in due_soon(case, as_of, within_days, states):
                key = f"{d['instrument']} Art. {d['article']} ({d['limit']}) due {d['due']}"
                if key in sent:
                    continue
                s.add(CaseEvent(case_id=case.id, actor="system", kind="reminder", note=key))
                AuditLog(s).record(
                    SYSTEM, "case.reminder", "return_case", str(case.id), None, {"reminder": key}
                )
                notices.append(_notice(case, d))
    inbox.post(notices)
    return len(notices)


def _notice(case: ReturnCase, d: dict) -> Notice:
    first = case.objects[0].external_id if case.objects else None
    said = {
        "case": case.id,
        "title": case.title,
        "instrument": d["instrument"],
        "article": d["article"],
        "limit": d["limit"],
        "due": d["due"],
        "reason": d["reason"],
        "page": f"/cases/{case.id}",
    }
    body = Message(
        N_(
            "Case %(case)s '%(title)s': %(instrument)s Art. %(article)s (%(limit)s) due %(due)s.\n"
            "%(reason)s\nSee %(page)s"
        ),
        said,
    )
    if d.get("unverified"):
        body = Message(
            N_(
                "Case %(case)s '%(title)s': %(instrument)s Art. %(article)s (%(limit)s) due %(due)s.\n"
                "%(reason)s\nSee %(page)s\nThis limit rests on data not yet verified."
            ),
            said,
        )
    return Notice(
        organisation_id=case.organisation_id,
        kind="case_deadline",
        subject=Message(
            N_("Deadline %(due)s in case %(case)s: %(instrument)s Art. %(article)s"),
            {"due": d["due"], "case": case.id, "instrument": d["instrument"], "article": d["article"]},
        ),
        body=body,
        object_id=first,
    )

"""The reason text of each deadline: the rule, the facts used, the scope, the source, what is unverified."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from heritrace.legal.data import Rule, RuleBook
from heritrace.legal.facts import CaseFacts
from heritrace.legal.periods import describe_length
from heritrace.legal.scope import ScopeResult

_RANK = {"V": 0, "P": 1, "U": 2}


@dataclass(frozen=True)
class LimitFacts:
    """A computed limit before it is explained."""

    rule: Rule
    start: date
    due: date | None
    length: dict[str, int] | None
    met_on: date | None
    status: str


def explain(
    limit: LimitFacts,
    facts: CaseFacts,
    book: RuleBook,
    scope: ScopeResult,
    extra_notes: list[str],
    needs: list[str],
) -> tuple[str, bool, str]:
    """Return (reason text, unverified flag, weakest verification status V/P/U) for ``limit``."""
    rule = limit.rule
    scope_rule = book.scope_rules.get(rule.scope, {})
    category_notes = _category_notes(rule, facts, book)
    unverified = _unverified_items(rule, scope, scope_rule, category_notes)
    parts = [
        f"{book.instruments[rule.instrument]['short']} {article_label(rule)} ({rule.limit} limit): "
        f"{rule.text}.",
        _period_sentence(limit),
        _status_sentence(limit, facts),
        f"Scope: {'; '.join(scope.notes)} ({_scope_words(scope_rule)}).",
    ]
    parts += [f"{note}." for note in extra_notes + [n["text"] for n in category_notes]]
    if not facts.category_given and _uses_categories(rule):
        parts.append("object_category not given: evaluated as for no protected category (assumption).")
    parts += [f"Not checked: {a}." for a in rule.assumes]
    if needs:
        parts.append("Lacking data: " + "; ".join(needs) + ".")
    if unverified:
        parts.append("UNVERIFIED: " + "; ".join(unverified) + ".")
    parts.append(f"Source: {rule.source}.")
    statuses = [rule.status, scope_rule.get("status", "V")] + [n["status"] for n in category_notes]
    weakest = max(statuses, key=_RANK.get)
    return " ".join(p for p in parts if p), bool(unverified), "U" if unverified else weakest


def article_label(rule: Rule) -> str:
    """``Art. 3(3)`` for numbered articles, the bare label (``filing``) for ICPRCP procedure steps."""
    return f"Art. {rule.article}" if rule.article[:1].isdigit() else f"the {rule.article} step"


def _period_sentence(limit: LimitFacts) -> str:
    effect = limit.rule.effect
    started = f"{effect['start']} {limit.start}"
    if limit.due is None:
        return f"No time limit; reference start: {effect['start_event']} ({started})."
    length = describe_length(limit.length or {})
    if effect["kind"] == "before":
        return (
            f"Due {limit.due}: {length} before {effect['start_event']} ({started}); "
            f"the due day is the last day still in time{_clamp_note(limit.start, limit.due)}."
        )
    return (
        f"Start: {effect['start_event']} ({started}); length {length}; due {limit.due}, the last day "
        f"still in time{_clamp_note(limit.start, limit.due)}."
    )


def _clamp_note(start: date, due: date) -> str:
    if start.day == due.day:
        return ""
    if start.month == 2 and start.day == 29:
        return " (the period starts on 29 February and ends on 28 February: the end year has no 29 February)"
    return f" (day {start.day} does not exist in the end month, so the period ends on its last day)"


def _status_sentence(limit: LimitFacts, facts: CaseFacts) -> str:
    met_by = limit.rule.effect["met_by"]
    if limit.status == "no_limit":
        return "No time limit: the claim is not time-barred by this instrument."
    if limit.met_on is not None:
        verdict = "on or before" if limit.status == "met" else "after"
        return f"Status {limit.status}: {met_by} {limit.met_on} is {verdict} the due date {limit.due}."
    if limit.status == "running":
        days = (limit.due - facts.as_of).days if limit.due else 0
        return f"Status running at as_of {facts.as_of}: {days} days left; no {met_by} given."
    return f"Status expired at as_of {facts.as_of}: the due date {limit.due} has passed; no {met_by} given."


def _scope_words(scope_rule: dict) -> str:
    status = scope_rule.get("status", "V")
    label = {"V": "verified", "P": "partly verified", "U": "unverified"}[status]
    return f"scope rule {label}: {scope_rule.get('source', '')}"


def _category_notes(rule: Rule, facts: CaseFacts, book: RuleBook) -> list[dict[str, str]]:
    if "category_any" not in rule.condition:
        return []
    notes = book.category_notes.get(rule.instrument, {})
    matched = [c for c in facts.object_category if c in rule.condition["category_any"]]
    return [notes[c] for c in matched if c in notes]


def _uses_categories(rule: Rule) -> bool:
    return "category_any" in rule.condition or "category_none" in rule.condition


def _unverified_items(
    rule: Rule, scope: ScopeResult, scope_rule: dict, category_notes: list[dict]
) -> list[str]:
    items = [f"rule {rule.id} is marked unverified in the research notes"] if rule.unverified else []
    items += scope.unverified
    items += list(scope_rule.get("unverified_parts", []))
    items += [n["text"] for n in category_notes if n["status"] == "U"]
    return items

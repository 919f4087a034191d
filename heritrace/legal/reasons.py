"""The reason text of each deadline: the rule, the facts used, the scope, the source, what is unverified."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from heritrace.core.i18n import N_, _, ngettext
from heritrace.legal.data import Rule, RuleBook
from heritrace.legal.facts import CaseFacts
from heritrace.legal.periods import describe_length
from heritrace.legal.scope import ScopeResult

_RANK = {"V": 0, "P": 1, "U": 2}
LIMITS = {
    "absolute": N_("absolute limit"),
    "relative": N_("relative limit"),
    "procedural": N_("procedural limit"),
}


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
    # the sentences are translated; what they quote from the rule book (the rule's text, events,
    # sources, notes) is kept as the rule book words it
    parts = [
        _(
            "%(instrument)s %(article)s (%(limit)s): %(text)s.",
            instrument=book.instruments[rule.instrument]["short"],
            article=article_label(rule),
            limit=_(LIMITS[rule.limit]) if rule.limit in LIMITS else _("%(kind)s limit", kind=rule.limit),
            text=rule.text,
        ),
        _period_sentence(limit),
        _status_sentence(limit, facts),
        _("Scope: %(notes)s (%(rule)s).", notes="; ".join(scope.notes), rule=_scope_words(scope_rule)),
    ]
    parts += [f"{note}." for note in extra_notes + [n["text"] for n in category_notes]]
    if not facts.category_given and _uses_categories(rule):
        parts.append(_("object_category not given: evaluated as for no protected category (assumption)."))
    parts += [_("Not checked: %(assumption)s.", assumption=a) for a in rule.assumes]
    if needs:
        parts.append(_("Lacking data: %(needs)s.", needs="; ".join(needs)))
    if unverified:
        parts.append(_("UNVERIFIED: %(items)s.", items="; ".join(unverified)))
    parts.append(_("Source: %(source)s.", source=rule.source))
    statuses = [rule.status, scope_rule.get("status", "V")] + [n["status"] for n in category_notes]
    weakest = max(statuses, key=_RANK.get)
    return " ".join(p for p in parts if p), bool(unverified), "U" if unverified else weakest


def article_label(rule: Rule) -> str:
    """``Art. 3(3)`` for numbered articles, the bare label (``filing``) for ICPRCP procedure steps."""
    if rule.article[:1].isdigit():
        return _("Art. %(article)s", article=rule.article)
    return _("the %(step)s step", step=rule.article)


def _period_sentence(limit: LimitFacts) -> str:
    effect = limit.rule.effect
    started = f"{effect['start']} {limit.start}"
    if limit.due is None:
        return _(
            "No time limit; reference start: %(event)s (%(start)s).",
            event=effect["start_event"],
            start=started,
        )
    words = {
        "due": limit.due,
        "length": describe_length(limit.length or {}),
        "event": effect["start_event"],
        "start": started,
        "clamp": _clamp_note(limit.start, limit.due),
    }
    if effect["kind"] == "before":
        return _(
            "Due %(due)s: %(length)s before %(event)s (%(start)s); the due day is the last day still in "
            "time%(clamp)s.",
            **words,
        )
    return _(
        "Start: %(event)s (%(start)s); length %(length)s; due %(due)s, the last day still in time%(clamp)s.",
        **words,
    )


def _clamp_note(start: date, due: date) -> str:
    if start.day == due.day:
        return ""
    if start.month == 2 and start.day == 29:
        return " " + _(
            "(the period starts on 29 February and ends on 28 February: the end year has no 29 February)"
        )
    return " " + _(
        "(day %(day)s does not exist in the end month, so the period ends on its last day)", day=start.day
    )


def _status_sentence(limit: LimitFacts, facts: CaseFacts) -> str:
    met_by = limit.rule.effect["met_by"]
    if limit.status == "no_limit":
        return _("No time limit: the claim is not time-barred by this instrument.")
    if limit.met_on is not None:
        words = {"fact": met_by, "day": limit.met_on, "due": limit.due}
        if limit.status == "met":
            return _("Status met: %(fact)s %(day)s is on or before the due date %(due)s.", **words)
        return _(
            "Status %(status)s: %(fact)s %(day)s is after the due date %(due)s.", status=limit.status, **words
        )
    if limit.status == "running":
        days = (limit.due - facts.as_of).days if limit.due else 0
        return ngettext(
            "Status running at as_of %(as_of)s: %(num)s day left; no %(fact)s given.",
            "Status running at as_of %(as_of)s: %(num)s days left; no %(fact)s given.",
            days,
            as_of=facts.as_of,
            fact=met_by,
        )
    return _(
        "Status expired at as_of %(as_of)s: the due date %(due)s has passed; no %(fact)s given.",
        as_of=facts.as_of,
        due=limit.due,
        fact=met_by,
    )


def _scope_words(scope_rule: dict) -> str:
    status = scope_rule.get("status", "V")
    source = scope_rule.get("source", "")
    if status == "V":
        return _("scope rule verified: %(source)s", source=source)
    if status == "P":
        return _("scope rule partly verified: %(source)s", source=source)
    return _("scope rule unverified: %(source)s", source=source)


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
    items = (
        [_("rule %(id)s is marked unverified in the research notes", id=rule.id)] if rule.unverified else []
    )
    items += scope.unverified
    items += list(scope_rule.get("unverified_parts", []))
    items += [n["text"] for n in category_notes if n["status"] == "U"]
    return items

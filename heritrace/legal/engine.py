"""The legal deadline engine: from the facts of a claim to every applicable time limit, explained.

Rules come from ``data/rules.json`` and States from the law database (``heritrace.laws``); this module only
matches conditions, runs the scope checks and does the date arithmetic. It never fills a gap: a fact
or datum it lacks is reported in ``DeadlineReport.needs``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from heritrace.core.i18n import _
from heritrace.legal.data import Rule, RuleBook, StatesTable, load_rules, load_states
from heritrace.legal.declarations import (
    DeclaredLimit,
    EuException,
    eu_art_8_exceptions,
    unidroit_declared_limit,
)
from heritrace.legal.facts import CaseFacts
from heritrace.legal.periods import describe_length, shift
from heritrace.legal.reasons import LimitFacts, article_label, explain
from heritrace.legal.report import Deadline, DeadlineReport, Exclusion, Need
from heritrace.legal.scope import SCOPE_CHECKS, ScopeResult


def compute_deadlines(
    facts: CaseFacts, rules: RuleBook | None = None, states: StatesTable | None = None
) -> DeadlineReport:
    """Compute every applicable time limit for ``facts`` (evaluated at ``facts.as_of``).

    ``rules`` and ``states`` default to the data shipped with the package; pass others to evaluate
    against confirmed or hypothetical data.
    """
    run = _Run(facts, rules or load_rules(), states or load_states())
    for rule in run.book.rules:
        if condition_matches(rule, facts):
            run.apply(rule)
    run.finish()
    return run.report


def condition_matches(rule: Rule, facts: CaseFacts) -> bool:
    """True when the claim type and object categories meet the rule's condition."""
    condition = rule.condition
    if "claim" in condition and facts.claim not in condition["claim"]:
        return False
    if "category_any" in condition and not facts.has_category(*condition["category_any"]):
        return False
    return not ("category_none" in condition and facts.has_category(*condition["category_none"]))


def fact_value(facts: CaseFacts, name: str) -> date | None:
    """A date fact by its FACTS name; ``icprcp.session_date`` reads the nested ICPRCP block."""
    if name.startswith("icprcp."):
        return getattr(facts.icprcp, name.split(".", 1)[1])
    return getattr(facts, name)


def limit_status(due: date | None, met_on: date | None, as_of: date) -> str:
    """running / expired / met / no_limit; the due day itself is still in time."""
    if due is None:
        return "no_limit"
    if met_on is not None:
        return "met" if met_on <= due else "expired"
    return "running" if as_of <= due else "expired"


class _Run:
    """One evaluation: caches the scope checks and collects the report."""

    def __init__(self, facts: CaseFacts, book: RuleBook, states: StatesTable):
        self.facts, self.book, self.states = facts, book, states
        self.report = DeadlineReport(as_of=facts.as_of)
        self._scopes: dict[str, ScopeResult] = {}
        self._declared: DeclaredLimit | None = None
        self._touched: set[str] = set()
        self._own_needs: set[str] = set()  # data lacking for one computed limit only, not for its siblings

    def scope(self, name: str) -> ScopeResult:
        if name not in self._scopes:
            self._scopes[name] = SCOPE_CHECKS[name](self.facts, self.states)
        return self._scopes[name]

    def declared(self) -> DeclaredLimit:
        if self._declared is None:
            self._declared = unidroit_declared_limit(self.facts, self.states)
        return self._declared

    def apply(self, rule: Rule) -> None:
        self._touched.add(rule.instrument)
        scope = self.scope(rule.scope)
        if scope.kind == "excluded":
            self._exclude(rule, scope.notes[0])
        elif scope.kind == "unknown":
            for need in scope.needs:
                self._need(rule, need)
        elif self._declaration_fits(rule):
            self._compute(rule, scope)

    def _declaration_fits(self, rule: Rule) -> bool:
        wanted = rule.condition.get("declaration")
        if wanted is None:
            return True
        declared = self.declared()
        if declared.kind == "unknown":
            for need in declared.needs:
                self._need(rule, need)
            return False
        return declared.kind == wanted

    def _compute(self, rule: Rule, scope: ScopeResult) -> None:
        effect = rule.effect
        start = fact_value(self.facts, effect["start"])
        if start is None:
            self._need(
                rule,
                f"{effect['start']} ({effect['start_event']}): needed for the "
                f"{rule.limit} limit of {article_label(rule)}{_optional_words(rule)}",
            )
            return
        exceptions = eu_art_8_exceptions(self.facts, self.states) if effect.get("exceptions") else None
        length = self._length(rule, exceptions)
        due = _due(effect["kind"], start, length)
        met_on = fact_value(self.facts, effect["met_by"])
        limit = LimitFacts(rule, start, due, length, met_on, limit_status(due, met_on, self.facts.as_of))
        self._add_deadline(limit, scope, exceptions)

    def _length(self, rule: Rule, exceptions: EuException | None) -> dict[str, int] | None:
        kind = rule.effect["kind"]
        if kind == "no_limit" or (exceptions and exceptions.no_limit):
            return None
        if kind == "declared_period":
            return {"years": max(self.declared().years or 0, rule.effect["minimum"]["years"])}
        if exceptions and exceptions.years:
            return {"years": exceptions.years}
        return rule.effect["length"]

    def _add_deadline(self, limit: LimitFacts, scope: ScopeResult, exceptions: EuException | None) -> None:
        rule = limit.rule
        extra_notes = list(self.declared().notes) if "declaration" in rule.condition else []
        own_needs = list(exceptions.needs) if exceptions else []
        if exceptions:
            extra_notes += exceptions.notes
        explained = explain(limit, self.facts, self.book, scope, extra_notes, own_needs)
        reason, unverified, verification = explained
        self.report.deadlines.append(
            Deadline(
                instrument=rule.instrument,
                article=rule.article,
                start=None if rule.effect["kind"] == "before" else limit.start,
                due=limit.due,
                status=limit.status,
                reason=reason,
                limit=rule.limit,
                length=describe_length(limit.length) if limit.length else None,
                start_event=rule.effect["start_event"],
                rule=rule.id,
                source=rule.source,
                unverified=unverified,
                verification=verification,
                needs=tuple(own_needs),
                counted_back_from=limit.start if rule.effect["kind"] == "before" else None,
            )
        )
        for need in own_needs:
            self._own_needs.add(need)
            self._need(rule, need)

    def _need(self, rule: Rule, missing: str) -> None:
        for i, need in enumerate(self.report.needs):
            if need.instrument == rule.instrument and need.missing == missing:
                if rule.article not in need.articles:
                    self.report.needs[i] = Need(need.instrument, need.articles + (rule.article,), missing)
                return
        self.report.needs.append(Need(rule.instrument, (rule.article,), missing))

    def _exclude(self, rule: Rule, reason: str) -> None:
        for i, ex in enumerate(self.report.not_applicable):
            if ex.instrument == rule.instrument and ex.reason == reason:
                if rule.article not in ex.articles:
                    articles = ex.articles + (rule.article,)
                    self.report.not_applicable[i] = Exclusion(ex.instrument, articles, reason)
                return
        self.report.not_applicable.append(Exclusion(rule.instrument, (rule.article,), reason))

    def finish(self) -> None:
        if not self.facts.category_given:
            self.report.needs.append(Need("ALL", (), _CATEGORY_NEED))
        self._attach_sibling_needs()
        for instrument, info in self.book.instruments.items():
            if instrument not in self._touched:
                claim = f"a '{self.facts.claim}' claim{_category_words(self.facts)}"
                why = f"no rule covers {claim}: {info['coverage']}"
                self.report.not_applicable.append(Exclusion(instrument, (), why))
        self.report.notes.extend(_fact_notes(self.facts))

    def _attach_sibling_needs(self) -> None:
        # A limb computed while its sibling limb lacks a fact must say so: the claim may be barred earlier.
        rules = {r.id: r for r in self.book.rules}
        for i, deadline in enumerate(self.report.deadlines):
            extra = [
                n.missing
                for n in self.report.needs
                if n.instrument == deadline.instrument
                and deadline.article in n.articles
                and n.missing not in self._own_needs
            ]
            if _uses_categories(rules[deadline.rule]):
                extra += [n.missing for n in self.report.needs if n.instrument == "ALL"]
            extra = [e for e in extra if e not in deadline.needs]
            if extra:
                self.report.deadlines[i] = _with_needs(deadline, extra)


_CATEGORY_NEED = (
    "object_category: whether the object belongs to a public collection, an identified monument or "
    "archaeological site, an ecclesiastical inventory or an indigenous community (limits were computed as "
    "for none of them; give [] to confirm)"
)


def _uses_categories(rule: Rule) -> bool:
    return "category_any" in rule.condition or "category_none" in rule.condition


def _optional_words(rule: Rule) -> str:
    if rule.instrument == "ICPRCP":
        return " (only if the case is brought before the ICPRCP)"
    if rule.effect["start"] == "notification_date":
        return " (only once the requested Member State has notified the find)"
    return ""


def _due(kind: str, start: date, length: dict[str, int] | None) -> date | None:
    if length is None:
        return None
    return shift(start, length, -1 if kind == "before" else 1)


def _with_needs(deadline: Deadline, extra: list[str]) -> Deadline:
    from dataclasses import replace

    reason = deadline.reason + " " + _("Still needed for this instrument: %(needs)s.", needs="; ".join(extra))
    return replace(deadline, needs=deadline.needs + tuple(extra), reason=reason)


def _category_words(facts: CaseFacts) -> str:
    if not facts.object_category:
        return " for an object in none of the protected categories"
    return " for an object in " + ", ".join(facts.object_category)


def _fact_notes(facts: CaseFacts) -> list[Any]:
    notes = []
    if not facts.as_of_given:
        notes.append(f"as_of not given: evaluated at today's date {facts.as_of}")
    if not facts.category_given:
        notes.append(
            "object_category not given: evaluated as an object in none of the protected categories "
            "(public collection, monument, archaeological site, ecclesiastical inventory, "
            "indigenous community); give object_category (or []) to confirm"
        )
    if facts.ignored_fields:
        notes.append("ignored unknown FACTS fields: " + ", ".join(facts.ignored_fields))
    return notes

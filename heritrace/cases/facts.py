"""A case's facts in the deadline engine's FACTS format, checked with the engine's own rules."""

from __future__ import annotations

from datetime import date

from heritrace.cases.schemas import FACT_FIELDS, CaseFactsIn
from heritrace.core.errors import ValidationFailed
from heritrace.core.i18n import _
from heritrace.legal import FactsError, parse_facts
from heritrace.legal.facts import OBJECT_CATEGORIES

DATES = ("event_date", "knowledge_date", "notification_date", "proceedings_date")


def check_facts(data: CaseFactsIn) -> dict:
    """Column values for the facts in ``data``; wrong values (unknown State, dates out of order) refused.

    Facts still unknown are allowed: the deadline panel lists them as needed."""
    errors: dict[str, str] = {}
    unknown = [c for c in data.object_categories if c not in OBJECT_CATEGORIES]
    if unknown:
        errors["object_categories"] = _(
            "unknown categories %(unknown)s: expected any of %(allowed)s",
            unknown=", ".join(unknown),
            allowed=", ".join(OBJECT_CATEGORIES),
        )
    bad = [f for f in data.unverified_facts if f not in FACT_FIELDS]
    if bad:
        errors["unverified_facts"] = _(
            "not fact names: %(bad)s; expected any of %(allowed)s",
            bad=", ".join(bad),
            allowed=", ".join(FACT_FIELDS),
        )
    values = {
        "requesting_state": (data.requesting_state or "").strip().upper() or None,
        "holding_state": (data.holding_state or "").strip().upper() or None,
        "claim": data.claim,
        "object_categories": ",".join(dict.fromkeys(data.object_categories)),
        "unverified_facts": ",".join(dict.fromkeys(data.unverified_facts)),
        **{d: getattr(data, d) for d in DATES},
    }
    try:
        parse_facts(_raw(values), today=date.today())
    except FactsError as exc:
        given = {k for k, v in _raw(values).items() if v not in (None, [], "")}
        errors.update({k: v for k, v in exc.errors.items() if k in given})
    if errors:
        raise ValidationFailed(errors, _("invalid case facts"))
    return values


def fact_values(case) -> dict:  # noqa: ANN001 - a ReturnCase
    return {
        "requesting_state": case.requesting_state,
        "holding_state": case.holding_state,
        "claim": case.claim,
        "object_categories": case.object_categories,
        "unverified_facts": case.unverified_facts,
        **{d: getattr(case, d) for d in DATES},
    }


def split(text: str | None) -> list[str]:
    return [t for t in (text or "").split(",") if t]


def facts_json(case, as_of: date | None = None) -> dict:  # noqa: ANN001 - a ReturnCase
    """The case's facts as FACTS.json (``heritrace legal deadlines`` reads the same)."""
    raw = _raw(fact_values(case))
    if as_of:
        raw["as_of"] = as_of.isoformat()
    return raw


def _raw(values: dict) -> dict:
    raw: dict = {
        "requesting_state": values["requesting_state"],
        "holding_state": values["holding_state"],
        "claim": values["claim"],
    }
    if values["object_categories"]:
        # absent, not empty, while unknown: the engine then says which categories would matter
        raw["object_category"] = split(values["object_categories"])
    for name in DATES:
        if values[name]:
            raw[name] = values[name].isoformat()
    return raw

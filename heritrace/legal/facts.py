"""The facts of a return or restitution claim (the FACTS.json format), parsed and checked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pycountry

from heritrace.core.errors import ValidationFailed
from heritrace.core.i18n import N_, _

CLAIM_TYPES = ("stolen", "illegally_exported", "unlawfully_removed")
OBJECT_CATEGORIES = (
    "public_collection",
    "monument",
    "archaeological_site",
    "ecclesiastical_inventory",
    "indigenous_community",
)
CASE_DATES = ("event_date", "knowledge_date", "notification_date", "proceedings_date", "check_date")
ICPRCP_DATES = ("session_date", "request_date", "form_received_date", "reply_date")
KNOWN_FIELDS = {"requesting_state", "holding_state", "claim", "object_category", "as_of", "icprcp"}
KNOWN_FIELDS |= set(CASE_DATES)


class FactsError(ValidationFailed):
    """FACTS rejected; ``errors`` maps each faulty field to a message fit for the user."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors, message="invalid FACTS")


@dataclass(frozen=True)
class IcprcpFacts:
    """Dates of a request before the UNESCO Intergovernmental Committee (all optional)."""

    session_date: date | None = None
    request_date: date | None = None
    form_received_date: date | None = None
    reply_date: date | None = None


@dataclass(frozen=True)
class CaseFacts:
    """Checked facts of one claim; dates absent from FACTS are ``None``."""

    requesting_state: str
    holding_state: str
    claim: str
    object_category: tuple[str, ...]
    as_of: date
    event_date: date | None = None
    knowledge_date: date | None = None
    notification_date: date | None = None
    proceedings_date: date | None = None
    check_date: date | None = None
    icprcp: IcprcpFacts = field(default_factory=IcprcpFacts)
    category_given: bool = True
    as_of_given: bool = True
    ignored_fields: tuple[str, ...] = ()

    def has_category(self, *categories: str) -> bool:
        """True when the object belongs to any of ``categories``."""
        return any(c in self.object_category for c in categories)


def parse_facts(raw: Any, today: date | None = None) -> CaseFacts:
    """Build :class:`CaseFacts` from decoded FACTS.json, or raise :class:`FactsError` listing every fault.

    ``today`` stands in for ``as_of`` when FACTS has none (defaults to the system date).
    """
    if not isinstance(raw, Mapping):
        raise FactsError({"FACTS": _("must be a JSON object")})
    errors: dict[str, str] = {}
    states = {name: _state(raw, name, errors) for name in ("requesting_state", "holding_state")}
    claim = _claim(raw, errors)
    categories = _categories(raw, errors)
    dates = {name: _date(raw.get(name), name, errors) for name in CASE_DATES}
    as_of = _date(raw.get("as_of"), "as_of", errors) or today or date.today()
    icprcp = _icprcp(raw.get("icprcp"), errors)
    _check_order(states, dates, as_of, errors)
    _check_icprcp_order(icprcp, dates["event_date"], as_of, errors)
    if errors:
        raise FactsError(errors)
    return CaseFacts(
        requesting_state=states["requesting_state"],
        holding_state=states["holding_state"],
        claim=claim,
        object_category=categories if categories is not None else (),
        as_of=as_of,
        icprcp=icprcp,
        category_given=categories is not None,
        as_of_given=raw.get("as_of") is not None,
        ignored_fields=tuple(sorted(set(raw) - KNOWN_FIELDS)),
        **dates,
    )


def _state(raw: Mapping, name: str, errors: dict[str, str]) -> str:
    value = raw.get(name)
    if value is None:
        errors[name] = _("required: ISO 3166-1 alpha-2 code of the State, e.g. 'IT'")
        return ""
    code = value.strip().upper() if isinstance(value, str) else ""
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        errors[name] = _(
            "unknown State %(value)r: expected an ISO 3166-1 alpha-2 code such as 'IT' or 'CH'", value=value
        )
    return code


def _claim(raw: Mapping, errors: dict[str, str]) -> str:
    value = raw.get("claim")
    if value not in CLAIM_TYPES:
        allowed = ", ".join(repr(c) for c in CLAIM_TYPES)
        errors["claim"] = _(
            "unknown claim type %(value)r: expected one of %(allowed)s", value=value, allowed=allowed
        )
    return value if isinstance(value, str) else ""


def _categories(raw: Mapping, errors: dict[str, str]) -> tuple[str, ...] | None:
    if "object_category" not in raw or raw["object_category"] is None:
        return None
    value = raw["object_category"]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        errors["object_category"] = _("must be a list of categories (or empty)")
        return ()
    unknown = [v for v in value if v not in OBJECT_CATEGORIES]
    if unknown:
        allowed = ", ".join(OBJECT_CATEGORIES)
        errors["object_category"] = _(
            "unknown categories %(unknown)s: expected any of %(allowed)s",
            unknown=", ".join(unknown),
            allowed=allowed,
        )
    return tuple(dict.fromkeys(v for v in value if v in OBJECT_CATEGORIES))


def _date(value: Any, name: str, errors: dict[str, str]) -> date | None:
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = _("malformed date %(value)r: expected an ISO date YYYY-MM-DD", value=value)
        return None


def _icprcp(value: Any, errors: dict[str, str]) -> IcprcpFacts:
    if value is None:
        return IcprcpFacts()
    if not isinstance(value, Mapping):
        errors["icprcp"] = "must be an object with optional " + ", ".join(ICPRCP_DATES)
        return IcprcpFacts()
    unknown = sorted(set(value) - set(ICPRCP_DATES))
    if unknown:
        errors["icprcp"] = f"unknown keys {unknown!r}: expected any of " + ", ".join(ICPRCP_DATES)
    return IcprcpFacts(**{k: _date(value.get(k), f"icprcp.{k}", errors) for k in ICPRCP_DATES})


# (earlier, later, why): a later fact may not precede an earlier one.
_ORDER = (
    ("event_date", "knowledge_date", N_("the claimant cannot learn where the object is before it was taken")),
    ("event_date", "notification_date", N_("the object cannot be found abroad before it left")),
    ("event_date", "proceedings_date", N_("a claim cannot be brought before the theft, removal or export")),
    ("knowledge_date", "proceedings_date", N_("proceedings need the possessor's identity (knowledge_date)")),
    ("notification_date", "check_date", N_("the Art. 5(3) check follows the notification")),
)


def _check_order(states: dict[str, str], dates: dict[str, date | None], as_of: date, errors: dict) -> None:
    requesting, holding = states["requesting_state"], states["holding_state"]
    if requesting and requesting == holding and "holding_state" not in errors:
        errors["holding_state"] = _(
            "same State as requesting_state (%(state)s): the instruments govern cross-border claims",
            state=holding,
        )
    for earlier, later, why in _ORDER:
        first, second = dates[earlier], dates[later]
        if first and second and second < first and later not in errors:
            errors[later] = _(
                "%(later)s %(second)s is before %(earlier)s %(first)s: %(why)s",
                later=later,
                second=second,
                earlier=earlier,
                first=first,
                why=_(why),
            )
    for name in CASE_DATES:
        value = dates[name]
        if value and value > as_of and name not in errors:
            errors[name] = _(
                "%(name)s %(value)s is after as_of %(as_of)s: facts must have happened by as_of",
                name=name,
                value=value,
                as_of=as_of,
            )


def _check_icprcp_order(i: IcprcpFacts, event: date | None, as_of: date, errors: dict) -> None:
    pairs = (("request_date", "form_received_date"), ("form_received_date", "reply_date"))
    for earlier, later in pairs:
        first, second = getattr(i, earlier), getattr(i, later)
        if first and second and second < first:
            errors.setdefault(f"icprcp.{later}", f"{second} is before icprcp.{earlier} {first}")
    for name in ("request_date", "form_received_date", "reply_date"):
        value = getattr(i, name)
        if value and value > as_of:
            errors.setdefault(f"icprcp.{name}", f"{value} is after as_of {as_of}")
        if value and event and value < event:
            errors.setdefault(f"icprcp.{name}", f"{value} is before event_date {event}")

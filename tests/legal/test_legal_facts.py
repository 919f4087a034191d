"""FACTS parsing and validation, and the period arithmetic (leap days, month ends)."""

from __future__ import annotations

from datetime import date

import pytest

from heritrace.legal import FactsError, parse_facts
from heritrace.legal.periods import add_months, add_years

GOOD = {
    "requesting_state": "it",
    "holding_state": "FR",
    "claim": "stolen",
    "object_category": ["public_collection"],
    "event_date": "2001-05-01",
    "knowledge_date": "2020-01-01",
    "as_of": "2022-01-01",
}


@pytest.mark.parametrize(
    "start,years,expected",
    [
        ("2020-02-29", 3, "2023-02-28"),
        ("2020-02-29", 4, "2024-02-29"),
        ("2000-02-29", 75, "2075-02-28"),
        ("2004-02-29", 100, "2104-02-29"),
        ("2021-03-01", 3, "2024-03-01"),
        ("2019-12-31", 1, "2020-12-31"),
    ],
)
def test_add_years(start, years, expected):
    assert add_years(date.fromisoformat(start), years) == date.fromisoformat(expected)


@pytest.mark.parametrize(
    "start,months,expected",
    [
        ("2021-08-31", 6, "2022-02-28"),
        ("2023-08-31", 6, "2024-02-29"),
        ("2024-08-31", -6, "2024-02-29"),
        ("2021-10-15", 6, "2022-04-15"),
        ("2021-12-31", -6, "2021-06-30"),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(date.fromisoformat(start), months) == date.fromisoformat(expected)


def test_good_facts_are_normalised():
    facts = parse_facts(GOOD)
    assert facts.requesting_state == "IT"
    assert facts.object_category == ("public_collection",)
    assert facts.event_date == date(2001, 5, 1) and facts.proceedings_date is None


def _errors(**over):
    raw = {**GOOD, **over}
    raw = {k: v for k, v in raw.items() if v is not None}
    with pytest.raises(FactsError) as info:
        parse_facts(raw)
    return info.value.errors


@pytest.mark.parametrize(
    "over,field,words",
    [
        ({"knowledge_date": "2000-01-01"}, "knowledge_date", "before event_date"),
        ({"proceedings_date": "2000-01-01"}, "proceedings_date", "before event_date"),
        ({"proceedings_date": "2019-06-01"}, "proceedings_date", "before knowledge_date"),
        ({"notification_date": "2001-04-30"}, "notification_date", "before event_date"),
        ({"requesting_state": "XX"}, "requesting_state", "unknown State"),
        ({"holding_state": "France"}, "holding_state", "unknown State"),
        ({"holding_state": None}, "holding_state", "required"),
        ({"holding_state": "IT"}, "holding_state", "same State"),
        ({"claim": "looted"}, "claim", "unknown claim type"),
        ({"claim": None}, "claim", "unknown claim type"),
        ({"event_date": "2020-02-30"}, "event_date", "malformed date"),
        ({"event_date": "01/05/2001"}, "event_date", "malformed date"),
        ({"event_date": 2001}, "event_date", "malformed date"),
        ({"as_of": "2022-1-1"}, "as_of", "malformed date"),
        ({"knowledge_date": "2023-01-01"}, "knowledge_date", "after as_of"),
        ({"object_category": ["museum"]}, "object_category", "unknown categories"),
        ({"object_category": {"a": 1}}, "object_category", "must be a list"),
        ({"icprcp": {"sesion_date": "2024-01-01"}}, "icprcp", "unknown keys"),
        (
            {"icprcp": {"form_received_date": "2021-01-01", "reply_date": "2020-12-01"}},
            "icprcp.reply_date",
            "before",
        ),
    ],
)
def test_bad_input_names_the_field(over, field, words):
    errors = _errors(**over)
    assert field in errors and words in errors[field], errors


def test_all_field_errors_reported_at_once():
    errors = _errors(claim="x", requesting_state="ZZ", event_date="nope")
    assert {"claim", "requesting_state", "event_date"} <= set(errors)


def test_not_an_object():
    with pytest.raises(FactsError) as info:
        parse_facts(["IT", "FR"])
    assert "FACTS" in info.value.errors


def test_unknown_fields_are_kept_visible():
    facts = parse_facts({**GOOD, "knowlege_date": "2020-01-01"})
    assert facts.ignored_fields == ("knowlege_date",)

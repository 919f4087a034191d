"""Real pairs of States against the shipped States Parties table.

The UNESCO 1970 and UNIDROIT 1995 entries added to the table are unverified (status U: general
knowledge of the depositary records or a secondary party table read in part). These tests check that
real cases compute with that data and that every such limit is flagged unverified; they do not
vouch for the dates themselves. Expected dates are worked out by hand.
"""

from __future__ import annotations

from datetime import date

import pytest

from heritrace.legal import compute_deadlines, parse_facts
from heritrace.legal.data import StatesTable, load_states

SHIPPED = load_states()
U, EU, C70 = "UNIDROIT-1995", "EU-2014/60", "UNESCO-1970"


def facts(**over):
    base = {"claim": "stolen", "object_category": [], "as_of": "2024-06-01"}
    base.update(over)
    return {k: v for k, v in base.items() if v is not None}


def run(**over):
    return compute_deadlines(parse_facts(facts(**over)), states=SHIPPED)


def _key(d):
    return (d.instrument, d.article, d.limit, _iso(d.start), _iso(d.due), d.status)


def _iso(value):
    return value.isoformat() if value else None


# (id, facts, expected limits, instruments reported not applicable)
CASES = [
    (
        "IT-CH church inventory 2015: UNESCO no_limit, UNIDROIT and Directive not applicable",
        facts(
            requesting_state="IT",
            holding_state="CH",
            event_date="2015-03-01",
            knowledge_date="2023-01-10",
            object_category=["ecclesiastical_inventory"],
        ),
        [(C70, "7(b)(ii)", "absolute", "2015-03-01", None, "no_limit")],
        {U, EU},
    ),
    (
        "IT-ES stolen 2010: UNIDROIT 3(3) both limbs and Directive 8(1)",
        facts(
            requesting_state="IT", holding_state="ES", event_date="2010-05-05", knowledge_date="2023-01-10"
        ),
        [
            (U, "3(3)", "relative", "2023-01-10", "2026-01-10", "running"),
            (U, "3(3)", "absolute", "2010-05-05", "2060-05-05", "running"),
            (EU, "8(1)", "relative", "2023-01-10", "2026-01-10", "running"),
            (EU, "8(1)", "absolute", "2010-05-05", "2040-05-05", "running"),
        ],
        {C70},
    ),
    (
        "GR-DE museum theft 2012: Directive 75 years and UNESCO no_limit; DE not a UNIDROIT State",
        facts(
            requesting_state="GR",
            holding_state="DE",
            event_date="2012-09-30",
            knowledge_date="2022-02-01",
            object_category=["public_collection"],
        ),
        [
            (EU, "8(1)", "relative", "2022-02-01", "2025-02-01", "running"),
            (EU, "8(1)", "absolute", "2012-09-30", "2087-09-30", "running"),
            (C70, "7(b)(ii)", "absolute", "2012-09-30", None, "no_limit"),
        ],
        {U},
    ),
    (
        "UA-DE museum theft 2014: UNESCO only (no EU, DE not a UNIDROIT State)",
        facts(
            requesting_state="UA",
            holding_state="DE",
            event_date="2014-03-01",
            object_category=["public_collection"],
        ),
        [(C70, "7(b)(ii)", "absolute", "2014-03-01", None, "no_limit")],
        {U, EU},
    ),
    (
        "DE-IT museum theft 2008-02-28, the day before 1970 entry into force for DE: non-retroactivity",
        facts(
            requesting_state="DE",
            holding_state="IT",
            event_date="2008-02-28",
            object_category=["public_collection"],
        ),
        [],
        {C70},
    ),
    (
        "DE-IT museum theft 2008-02-29, the day of entry into force for DE: UNESCO applies",
        facts(
            requesting_state="DE",
            holding_state="IT",
            event_date="2008-02-29",
            object_category=["public_collection"],
        ),
        [(C70, "7(b)(ii)", "absolute", "2008-02-29", None, "no_limit")],
        set(),
    ),
    (
        "GR-GB monument theft 1999 (before GB joined 1970 in 2002): non-retroactivity, no Directive at as_of",
        facts(
            requesting_state="GR", holding_state="GB", event_date="1999-06-01", object_category=["monument"]
        ),
        [],
        {C70, EU, U},
    ),
    (
        "PE-CN illegal export 2001: UNIDROIT 5(5) (both parties since 1998)",
        facts(
            requesting_state="PE",
            holding_state="CN",
            claim="illegally_exported",
            event_date="2001-01-31",
            knowledge_date="2023-08-31",
        ),
        [
            (U, "5(5)", "relative", "2023-08-31", "2026-08-31", "running"),
            (U, "5(5)", "absolute", "2001-01-31", "2051-01-31", "running"),
        ],
        set(),
    ),
    (
        "IT-PT illegal export 2002, before UNIDROIT entered into force for PT (2003-01-01)",
        facts(
            requesting_state="IT",
            holding_state="PT",
            claim="illegally_exported",
            event_date="2002-12-31",
            knowledge_date="2020-01-01",
        ),
        [(EU, "8(1)", "absolute", "2002-12-31", "2032-12-31", "running")],
        {U},
    ),
]


@pytest.mark.parametrize("raw,expected,excluded", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_real_case(raw, expected, excluded):
    report = compute_deadlines(parse_facts(raw), states=SHIPPED)
    got = [_key(d) for d in report.deadlines]
    for limit in expected:
        assert limit in got, f"missing {limit}; got {got}"
    if not expected:
        assert not [d for d in report.deadlines if d.instrument in (U, C70)]
    not_applicable = {e.instrument for e in report.not_applicable}
    assert excluded <= not_applicable, report.not_applicable
    for d in report.deadlines:
        if d.instrument in (U, C70):
            assert d.unverified and "UNVERIFIED" in d.reason and d.verification == "U"


def test_real_pairs_no_longer_empty():
    for requesting, holding in (("IT", "CH"), ("UA", "DE"), ("GR", "GB")):
        report = run(
            requesting_state=requesting,
            holding_state=holding,
            event_date="2015-01-01",
            object_category=["public_collection"],
        )
        assert report.find(C70), (requesting, holding)
        assert not [n for n in report.needs if n.instrument == C70]


def test_unidroit_non_party_is_reported_not_applicable_and_unverified():
    report = run(requesting_state="IT", holding_state="CH", event_date="2015-01-01")
    reasons = [e.reason for e in report.not_applicable if e.instrument == U]
    assert reasons and "CH (where the claim is brought) is not a Contracting State" in reasons[0]
    assert "UNVERIFIED" in reasons[0]
    assert not [n for n in report.needs if n.instrument == U]


def test_unidroit_declaration_stays_unknown_for_protected_objects():
    report = run(
        requesting_state="IT",
        holding_state="ES",
        event_date="2010-05-05",
        knowledge_date="2023-01-10",
        object_category=["public_collection"],
    )
    assert report.find(U, "3(4)", "relative")[0].due == date(2026, 1, 10)
    assert not report.find(U, "3(4)", "absolute") and not report.find(U, "3(5)")
    assert any("Art. 3(5) declaration" in n.missing for n in report.needs if n.instrument == U)


def test_state_absent_from_table_is_unknown_not_non_party():
    report = run(
        requesting_state="IT",
        holding_state="IE",
        event_date="2015-01-01",
        object_category=["public_collection"],
    )
    assert not report.find(C70) and not report.find(U)
    missing = " ".join(n.missing for n in report.needs)
    assert "UNESCO-1970 status of IE" in missing and "UNIDROIT-1995 status of IE" in missing


@pytest.mark.parametrize(
    "event,outcome",
    [
        ("1973-12-31", "excluded"),
        ("1974-06-01", "unknown"),
        ("1974-12-30", "unknown"),
        ("1974-12-31", "applies"),  # on or after the latest possible entry into force
        ("1975-01-01", "applies"),
    ],
)
def test_year_precision_is_treated_conservatively(event, outcome):
    # Poland's 1970 entry into force is recorded only as the year 1974 (Egypt: 1973-07-05).
    report = run(requesting_state="PL", holding_state="EG", event_date=event, object_category=["monument"])
    if outcome == "applies":
        d = report.find(C70)[0]
        assert "known only to the year" in d.reason and "1974 (year only" in d.reason
    elif outcome == "excluded":
        assert not report.find(C70)
        assert any("1974 (year only" in e.reason for e in report.not_applicable if e.instrument == C70)
    else:
        assert not report.find(C70)
        assert any("exact entry-into-force date for PL" in n.missing for n in report.needs)


def test_month_precision_range():
    raw = {
        "UNESCO-1970": {
            "states": {
                "IT": {"entry_into_force": "1979-01-02", "status": "V"},
                "XX": {"entry_into_force": "2008-02", "date_precision": "month", "status": "U"},
            }
        }
    }
    status = StatesTable(raw).treaty_status(C70, "XX")
    assert (status.entry_into_force, status.entry_into_force_latest) == (date(2008, 2, 1), date(2008, 2, 29))


def test_shipped_table_is_well_formed():
    raw = SHIPPED.raw
    non_parties = {
        "FR",
        "DE",
        "GB",
        "US",
        "CH",
        "NL",
        "BE",
        "JP",
        "RU",
        "UA",
        "TR",
        "EG",
        "IQ",
        "SY",
        "AT",
        "PL",
        "CZ",
    }
    unidroit = raw[U]["states"]
    for code in non_parties:
        assert unidroit[code]["party"] is False, code
    for instrument, floor in ((U, date(1998, 7, 1)), (C70, date(1972, 4, 24))):
        for code, entry in raw[instrument]["states"].items():
            assert len(code) == 2 and code.isupper(), code
            assert entry["source"] and entry["status"] in ("V", "P", "U"), code
            if entry["status"] != "V":
                assert entry["status"] == "U" and "confirm against" in entry["source"], code
            status = SHIPPED.treaty_status(instrument, code)
            if not status.party:
                continue
            assert status.entry_into_force >= floor, code
            assert entry.get("date_precision", "day") in ("day", "year"), code
            if instrument == U:
                assert entry.get("art_3_5_declaration", "missing") is None, code  # none known for sure
                if not status.date_uncertain:
                    assert status.entry_into_force.day == 1, code  # Art. 12: first day of a month
    parties = lambda inst: [c for c in raw[inst]["states"] if SHIPPED.treaty_status(inst, c).party]  # noqa: E731
    assert len(parties(C70)) >= 100 and len(parties(U)) >= 45

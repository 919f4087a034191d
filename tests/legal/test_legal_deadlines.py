"""Table-driven deadline scenarios.

Most scenarios run against FIXTURE_STATES: hypothetical entry-into-force dates and declarations made
up for the tests (not legal data), so that every branch of the scope rules can be exercised. A few run
against the States table shipped with the package. Expected dates are worked out by hand.
"""

from __future__ import annotations

import copy
from datetime import date

import pytest

from heritrace.legal import compute_deadlines, parse_facts
from heritrace.legal.data import StatesTable, load_states

SHIPPED = load_states()


def _fixture_states() -> StatesTable:
    raw = copy.deepcopy(SHIPPED.raw)

    def party(eif: str, declaration=False) -> dict:
        return {"entry_into_force": eif, "art_3_5_declaration": declaration, "source": "test", "status": "V"}

    raw["UNIDROIT-1995"]["states"] = {
        "IT": party("2000-04-01"),
        "CN": party("1998-07-01"),
        "GR": party("2008-01-01", {"years": 75}),
        "ES": party("2002-11-01", {"years": 100}),
        "PE": party("1998-07-01", None),  # declaration unknown
        "CH": {"party": False, "source": "test", "status": "V"},
        "HU": {**party("1998-07-01"), "status": "U"},
    }
    raw["UNESCO-1970"]["states"] = {
        "IT": party("1979-01-02"),
        "FR": party("1997-04-07"),
        "DE": party("2008-02-29"),
        "CN": party("1990-02-28"),
        "CH": {"party": False, "source": "test", "status": "V"},
    }
    eu = raw["EU-2014/60"]
    for member in eu["members"].values():
        member["art_8_no_time_limit"] = False
    eu["members"]["ES"]["art_8_no_time_limit"] = True
    eu["bilateral_agreements_over_75_years"] = {
        "complete": True,
        "agreements": [{"states": ["GR", "CY"], "years": 100, "name": "test agreement"}],
    }
    return StatesTable(raw)


FIXTURE = _fixture_states()


def facts(**over):
    base = {
        "requesting_state": "IT",
        "holding_state": "CN",
        "claim": "stolen",
        "object_category": [],
        "event_date": "2005-06-01",
        "knowledge_date": "2020-03-15",
        "as_of": "2022-01-01",
    }
    base.update(over)
    return {k: v for k, v in base.items() if v is not None}


# (id, facts, states, expected limits: (instrument, article, limit, start, due, status))
U, EU, C70, ICP = "UNIDROIT-1995", "EU-2014/60", "UNESCO-1970", "ICPRCP"
SCENARIOS = [
    (
        "u33-running",
        facts(),
        FIXTURE,
        [
            (U, "3(3)", "relative", "2020-03-15", "2023-03-15", "running"),
            (U, "3(3)", "absolute", "2005-06-01", "2055-06-01", "running"),
        ],
    ),
    (
        "u33-due-day-still-in-time",
        facts(as_of="2023-03-15"),
        FIXTURE,
        [(U, "3(3)", "relative", "2020-03-15", "2023-03-15", "running")],
    ),
    (
        "u33-day-after-due-expired",
        facts(as_of="2023-03-16"),
        FIXTURE,
        [
            (U, "3(3)", "relative", "2020-03-15", "2023-03-15", "expired"),
            (U, "3(3)", "absolute", "2005-06-01", "2055-06-01", "running"),
        ],
    ),
    (
        "u33-met-on-due-day",
        facts(proceedings_date="2023-03-15", as_of="2024-01-01"),
        FIXTURE,
        [
            (U, "3(3)", "relative", "2020-03-15", "2023-03-15", "met"),
            (U, "3(3)", "absolute", "2005-06-01", "2055-06-01", "met"),
        ],
    ),
    (
        "u33-brought-late",
        facts(proceedings_date="2023-03-16", as_of="2024-01-01"),
        FIXTURE,
        [
            (U, "3(3)", "relative", "2020-03-15", "2023-03-15", "expired"),
            (U, "3(3)", "absolute", "2005-06-01", "2055-06-01", "met"),
        ],
    ),
    (
        "u33-leap-knowledge",
        facts(knowledge_date="2020-02-29", as_of="2023-03-01"),
        FIXTURE,
        [(U, "3(3)", "relative", "2020-02-29", "2023-02-28", "expired")],
    ),
    (
        "u33-leap-theft",
        facts(event_date="2004-02-29"),
        FIXTURE,
        [(U, "3(3)", "absolute", "2004-02-29", "2054-02-28", "running")],
    ),
    (
        "u33-absolute-expired-relative-running",
        facts(event_date="1998-07-01", knowledge_date="2047-01-01", as_of="2048-07-02"),
        FIXTURE,
        [
            (U, "3(3)", "absolute", "1998-07-01", "2048-07-01", "expired"),
            (U, "3(3)", "relative", "2047-01-01", "2050-01-01", "running"),
        ],
    ),
    (
        "u-theft-on-entry-into-force-day",
        facts(holding_state="IT", requesting_state="CN", event_date="2000-04-01"),
        FIXTURE,
        [(U, "3(3)", "absolute", "2000-04-01", "2050-04-01", "running")],
    ),
    (
        "u34-public-collection-no-declarations",
        facts(object_category=["public_collection"]),
        FIXTURE,
        [
            (U, "3(4)", "relative", "2020-03-15", "2023-03-15", "running"),
            (U, "3(4)", "absolute", "2005-06-01", None, "no_limit"),
        ],
    ),
    (
        "u34-monument",
        facts(object_category=["monument"], as_of="2024-01-01"),
        FIXTURE,
        [
            (U, "3(4)", "relative", "2020-03-15", "2023-03-15", "expired"),
            (U, "3(4)", "absolute", "2005-06-01", None, "no_limit"),
        ],
    ),
    (
        "u35-requesting-declared-75",
        facts(
            requesting_state="GR",
            holding_state="IT",
            object_category=["archaeological_site"],
            event_date="2009-02-28",
        ),
        FIXTURE,
        [
            (U, "3(4)", "relative", "2020-03-15", "2023-03-15", "running"),
            (U, "3(5)", "absolute", "2009-02-28", "2084-02-28", "running"),
        ],
    ),
    (
        "u35-both-declared-shorter-shown",
        facts(
            requesting_state="ES",
            holding_state="GR",
            object_category=["public_collection"],
            event_date="2008-02-29",
        ),
        FIXTURE,
        [(U, "3(5)", "absolute", "2008-02-29", "2083-02-28", "running")],
    ),
    (
        "u35-declared-100-leap-to-leap",
        facts(
            requesting_state="ES", holding_state="IT", object_category=["monument"], event_date="2004-02-29"
        ),
        FIXTURE,
        [(U, "3(5)", "absolute", "2004-02-29", "2104-02-29", "running")],
    ),
    (
        "u38-indigenous",
        facts(object_category=["indigenous_community"]),
        FIXTURE,
        [
            (U, "3(8)", "relative", "2020-03-15", "2023-03-15", "running"),
            (U, "3(8)", "absolute", "2005-06-01", None, "no_limit"),
        ],
    ),
    (
        "u38-indigenous-declared",
        facts(
            requesting_state="GR",
            holding_state="IT",
            event_date="2010-01-10",
            object_category=["indigenous_community"],
        ),
        FIXTURE,
        [
            (U, "3(8)", "relative", "2020-03-15", "2023-03-15", "running"),
            (U, "3(5)", "absolute", "2010-01-10", "2085-01-10", "running"),
        ],
    ),
    (
        "u55-illegal-export",
        facts(claim="illegally_exported", event_date="2003-05-20", knowledge_date="2019-11-30"),
        FIXTURE,
        [
            (U, "5(5)", "relative", "2019-11-30", "2022-11-30", "running"),
            (U, "5(5)", "absolute", "2003-05-20", "2053-05-20", "running"),
        ],
    ),
    (
        "u55-unlawfully-removed-met",
        facts(
            claim="unlawfully_removed",
            event_date="2001-01-31",
            knowledge_date="2018-08-31",
            proceedings_date="2021-08-30",
        ),
        FIXTURE,
        [(U, "5(5)", "relative", "2018-08-31", "2021-08-31", "met")],
    ),
    (
        "eu-public-collection-75",
        facts(holding_state="FR", object_category=["public_collection"], event_date="2000-02-29"),
        FIXTURE,
        [
            (EU, "8(1)", "relative", "2020-03-15", "2023-03-15", "running"),
            (EU, "8(1)", "absolute", "2000-02-29", "2075-02-28", "running"),
        ],
    ),
    (
        "eu-ecclesiastical-75",
        facts(holding_state="FR", object_category=["ecclesiastical_inventory"], event_date="1995-10-01"),
        FIXTURE,
        [(EU, "8(1)", "absolute", "1995-10-01", "2070-10-01", "running")],
    ),
    (
        "eu-monument-30",
        facts(holding_state="FR", object_category=["monument"], event_date="1995-10-01"),
        FIXTURE,
        [(EU, "8(1)", "absolute", "1995-10-01", "2025-10-01", "running")],
    ),
    (
        "eu-30-expired",
        facts(
            holding_state="FR",
            claim="illegally_exported",
            event_date="1995-06-01",
            knowledge_date="2024-01-01",
            as_of="2025-06-02",
        ),
        FIXTURE,
        [
            (EU, "8(1)", "absolute", "1995-06-01", "2025-06-01", "expired"),
            (EU, "8(1)", "relative", "2024-01-01", "2027-01-01", "running"),
        ],
    ),
    (
        "eu-removal-1-jan-1993",
        facts(
            holding_state="DE",
            claim="unlawfully_removed",
            event_date="1993-01-01",
            knowledge_date="2021-01-01",
        ),
        FIXTURE,
        [(EU, "8(1)", "absolute", "1993-01-01", "2023-01-01", "running")],
    ),
    (
        "eu-no-time-limit-exception",
        facts(requesting_state="ES", holding_state="FR", object_category=["public_collection"]),
        FIXTURE,
        [(EU, "8(1)", "absolute", "2005-06-01", None, "no_limit")],
    ),
    (
        "eu-bilateral-agreement-100",
        facts(
            requesting_state="GR",
            holding_state="CY",
            object_category=["public_collection"],
            event_date="2006-03-31",
        ),
        FIXTURE,
        [(EU, "8(1)", "absolute", "2006-03-31", "2106-03-31", "running")],
    ),
    (
        "eu-check-6-months-end-of-month",
        facts(
            holding_state="FR", notification_date="2021-08-31", check_date="2022-02-28", as_of="2022-06-01"
        ),
        FIXTURE,
        [(EU, "5(3)", "procedural", "2021-08-31", "2022-02-28", "met")],
    ),
    (
        "eu-check-running",
        facts(holding_state="AT", notification_date="2021-10-15"),
        FIXTURE,
        [(EU, "5(3)", "procedural", "2021-10-15", "2022-04-15", "running")],
    ),
    (
        "eu-uk-before-exit",
        facts(
            holding_state="GB",
            event_date="2010-05-05",
            knowledge_date="2018-01-10",
            proceedings_date="2019-05-01",
            as_of="2023-01-01",
        ),
        FIXTURE,
        [(EU, "8(1)", "relative", "2018-01-10", "2021-01-10", "met")],
    ),
    (
        "c70-no-limit",
        facts(holding_state="FR", object_category=["public_collection"], event_date="1998-01-01"),
        FIXTURE,
        [(C70, "7(b)(ii)", "absolute", "1998-01-01", None, "no_limit")],
    ),
    (
        "c70-leap-entry-into-force-day",
        facts(
            requesting_state="DE",
            holding_state="IT",
            object_category=["ecclesiastical_inventory"],
            event_date="2008-02-29",
        ),
        FIXTURE,
        [(C70, "7(b)(ii)", "absolute", "2008-02-29", None, "no_limit")],
    ),
    (
        "icprcp-filing-met",
        facts(icprcp={"session_date": "2024-10-31", "request_date": "2024-04-30"}, as_of="2024-06-01"),
        FIXTURE,
        [(ICP, "filing", "procedural", None, "2024-04-30", "met")],
    ),
    (
        "icprcp-filing-late",
        facts(icprcp={"session_date": "2024-10-31", "request_date": "2024-05-01"}, as_of="2024-06-01"),
        FIXTURE,
        [(ICP, "filing", "procedural", None, "2024-04-30", "expired")],
    ),
    (
        "icprcp-filing-leap",
        facts(icprcp={"session_date": "2024-08-31"}, as_of="2024-01-01"),
        FIXTURE,
        [(ICP, "filing", "procedural", None, "2024-02-29", "running")],
    ),
    (
        "icprcp-reply-leap",
        facts(icprcp={"form_received_date": "2020-02-29"}, as_of="2021-03-01"),
        FIXTURE,
        [(ICP, "reply", "procedural", "2020-02-29", "2021-02-28", "expired")],
    ),
    (
        "icprcp-reply-met",
        facts(icprcp={"form_received_date": "2021-01-15", "reply_date": "2021-12-01"}, as_of="2022-01-01"),
        FIXTURE,
        [(ICP, "reply", "procedural", "2021-01-15", "2022-01-15", "met")],
    ),
    (
        "shipped-unidroit-initial-parties",
        facts(requesting_state="RO", holding_state="CN"),
        SHIPPED,
        [
            (U, "3(3)", "relative", "2020-03-15", "2023-03-15", "running"),
            (U, "3(3)", "absolute", "2005-06-01", "2055-06-01", "running"),
        ],
    ),
    (
        "shipped-eu-italy-france",
        facts(holding_state="FR", object_category=["public_collection"]),
        SHIPPED,
        [(EU, "8(1)", "absolute", "2005-06-01", "2080-06-01", "running")],
    ),
]


def _key(d):
    return (d.instrument, d.article, d.limit, _iso(d.start), _iso(d.due), d.status)


def _iso(value):
    return value.isoformat() if value else None


@pytest.mark.parametrize("raw,states,expected", [s[1:] for s in SCENARIOS], ids=[s[0] for s in SCENARIOS])
def test_scenario(raw, states, expected):
    report = compute_deadlines(parse_facts(raw), states=states)
    got = [_key(d) for d in report.deadlines]
    for limit in expected:
        assert limit in got, f"missing {limit}; got {got}"
    for d in report.deadlines:
        assert d.status in ("running", "expired", "met", "no_limit")
        assert (d.due is None) == (d.status == "no_limit")


def run(states=FIXTURE, **over):
    return compute_deadlines(parse_facts(facts(**over)), states=states)


def test_absolute_limit_long_expired_is_reported_expired():
    report = run(
        event_date="1970-05-05",
        knowledge_date="2021-01-01",
        holding_state="CN",
        requesting_state="PE",
        as_of="2021-06-01",
    )
    # CN in force 1998: a 1970 theft is outside Chapter II altogether (non-retroactivity)
    assert not report.find(U)
    assert any("non-retroactivity" in e.reason for e in report.not_applicable if e.instrument == U)


def test_non_retroactivity_unidroit_chapter_2():
    report = run(requesting_state="CN", holding_state="IT", event_date="2000-03-31")
    assert not report.find(U)
    reasons = [e.reason for e in report.not_applicable if e.instrument == U]
    assert reasons and "2000-04-01" in reasons[0]


def test_unidroit_chapter_3_needs_both_states_in_force():
    report = run(
        requesting_state="GR", holding_state="IT", claim="illegally_exported", event_date="2005-01-01"
    )
    assert not report.find(U)
    assert any("GR on 2008-01-01" in e.reason for e in report.not_applicable)


def test_unidroit_holding_state_not_a_party():
    report = run(holding_state="CH")
    assert not report.find(U)
    assert any("not a Contracting State" in e.reason for e in report.not_applicable if e.instrument == U)


def test_unidroit_state_missing_from_table_is_listed_not_guessed():
    report = run(holding_state="FR")
    assert not report.find(U)
    assert any(n.instrument == U and "FR" in n.missing and "lacks" in n.missing for n in report.needs)


def test_unknown_declaration_gives_relative_limit_and_lists_need():
    report = run(requesting_state="PE", holding_state="IT", object_category=["public_collection"])
    assert [d.article for d in report.find(U)] == ["3(4)"]
    assert report.find(U)[0].limit == "relative"
    need = [n for n in report.needs if "Art. 3(5)" in n.missing]
    assert need and "PE" in need[0].missing
    assert any("PE" in n for n in report.find(U)[0].needs)


def test_declaration_replaces_no_limit_entry():
    report = run(
        requesting_state="GR",
        holding_state="IT",
        object_category=["public_collection"],
        event_date="2009-01-01",
    )
    assert not [d for d in report.find(U) if d.status == "no_limit"]
    assert "GR declared 75 years" in report.find(U, "3(5)")[0].reason


def test_directive_member_state_only_italy_switzerland():
    report = run(states=SHIPPED, holding_state="CH", object_category=["public_collection"])
    assert not report.find(EU)
    reason = [e.reason for e in report.not_applicable if e.instrument == EU][0]
    assert "CH is not an EU Member State" in reason


def test_directive_removal_before_1993_excluded():
    report = run(holding_state="FR", event_date="1992-12-31", claim="unlawfully_removed")
    assert not report.find(EU)
    assert any("1 January 1993" in e.reason for e in report.not_applicable if e.instrument == EU)


def test_directive_requesting_state_not_member_at_removal():
    report = run(
        requesting_state="HR", holding_state="AT", event_date="2010-01-01", claim="unlawfully_removed"
    )
    assert not report.find(EU)
    assert any("HR" in e.reason and "removed" in e.reason for e in report.not_applicable)


def test_directive_uk_after_transition_excluded():
    report = run(holding_state="GB", event_date="2010-05-05", as_of="2021-01-01")
    assert not report.find(EU)


def test_directive_before_it_applied():
    report = run(holding_state="FR", event_date="2001-01-01", knowledge_date="2014-01-01", as_of="2015-12-18")
    assert not report.find(EU)
    assert any("93/7" in e.reason for e in report.not_applicable if e.instrument == EU)


def test_directive_eea_state_lacks_date():
    report = run(requesting_state="NO", holding_state="SE")
    assert not report.find(EU)
    assert any(n.instrument == EU and "NO" in n.missing for n in report.needs)


def test_directive_exceptions_unknown_in_shipped_data_are_listed():
    report = run(states=SHIPPED, holding_state="FR", object_category=["public_collection"])
    d = report.find(EU, "8(1)", "absolute")[0]
    assert d.due == date(2080, 6, 1)
    assert any("no time limit" in n for n in d.needs) and any("bilateral" in n for n in d.needs)
    assert d.unverified and "UNVERIFIED" in d.reason  # EU membership dates are general knowledge


def test_directive_missing_notification_listed():
    report = run(holding_state="FR")
    assert not report.find(EU, "5(3)")
    assert any(n.instrument == EU and n.missing.startswith("notification_date") for n in report.needs)


def test_unesco_non_retroactivity():
    report = run(holding_state="FR", object_category=["public_collection"], event_date="1996-01-01")
    assert not report.find(C70)
    reason = [e.reason for e in report.not_applicable if e.instrument == C70][0]
    assert "FR on 1997-04-07" in reason and "non-retroactivity" in reason


def test_unesco_day_before_leap_entry_into_force():
    report = run(
        requesting_state="DE", holding_state="IT", object_category=["monument"], event_date="2008-02-28"
    )
    assert not report.find(C70)


def test_unesco_only_stolen_inventoried_property():
    for over in (
        {"claim": "illegally_exported"},
        {"object_category": []},
        {"object_category": ["archaeological_site"]},
    ):
        report = run(holding_state="FR", event_date="1999-01-01", **over)
        assert not report.find(C70), over
        assert any(e.instrument == C70 for e in report.not_applicable)


def test_unesco_reason_names_just_compensation():
    d = run(holding_state="FR", object_category=["public_collection"], event_date="1998-01-01").find(C70)[0]
    assert "just compensation to an innocent purchaser" in d.reason
    assert "inventory" in d.reason


def test_unesco_shipped_table_lacks_a_state():
    # Malta is not in the shipped UNESCO 1970 list: the engine says so instead of guessing.
    report = run(states=SHIPPED, holding_state="MT", object_category=["public_collection"])
    assert not report.find(C70)
    missing = [n.missing for n in report.needs if n.instrument == C70]
    assert any("MT" in m for m in missing) and not any("IT" in m for m in missing)


def test_missing_knowledge_date_listed_and_attached_to_absolute_limb():
    report = run(knowledge_date=None)
    assert not report.find(U, "3(3)", "relative")
    absolute = report.find(U, "3(3)", "absolute")[0]
    assert any(n.startswith("knowledge_date") for n in absolute.needs)
    assert any(n.instrument == U and n.missing.startswith("knowledge_date") for n in report.needs)


def test_missing_event_date_listed():
    report = run(event_date=None)
    assert not report.find(U)
    assert any(n.missing.startswith("event_date") for n in report.needs)


def test_missing_object_category_is_a_need_not_a_silent_default():
    raw = facts()
    del raw["object_category"]
    report = compute_deadlines(parse_facts(raw), states=FIXTURE)
    assert any(n.missing.startswith("object_category") for n in report.needs)
    assert any("object_category" in note for note in report.notes)
    assert all(any("object_category" in n for n in d.needs) for d in report.find(U))


def test_icprcp_without_dates_lists_what_is_needed():
    report = run()
    assert not report.find(ICP)
    missing = [n.missing for n in report.needs if n.instrument == ICP]
    assert any("session_date" in m for m in missing) and any("form_received_date" in m for m in missing)


def test_unverified_states_data_flags_the_deadline():
    report = run(holding_state="HU", requesting_state="CN")
    assert all(d.unverified and "UNVERIFIED" in d.reason for d in report.find(U))


def test_ecclesiastical_inventory_under_unidroit_is_flagged_unverified():
    d = run(object_category=["ecclesiastical_inventory"]).find(U, "3(4)", "relative")[0]
    assert d.unverified and "3(7)(c)" in d.reason


def test_verified_rule_with_verified_data_is_not_flagged():
    d = run(object_category=[]).find(U, "3(3)", "relative")[0]
    assert not d.unverified and "UNVERIFIED" not in d.reason


def test_reason_cites_rule_facts_and_source():
    d = run().find(U, "3(3)", "relative")[0]
    assert "knowledge_date 2020-03-15" in d.reason
    assert "three years" in d.reason
    assert "Source: UNIDROIT 1995 Art. 3(3)" in d.reason


def test_leap_day_is_explained_in_reason():
    d = run(knowledge_date="2020-02-29").find(U, "3(3)", "relative")[0]
    assert "29 February" in d.reason and "28 February" in d.reason


def test_as_of_defaults_to_today():
    raw = facts(as_of=None)
    report = compute_deadlines(parse_facts(raw, today=date(2021, 1, 1)), states=FIXTURE)
    assert report.as_of == date(2021, 1, 1)
    assert any("today" in n for n in report.notes)

"""EU export check (Regulation (EC) No 116/2009): worked examples from Annex I (categories, age and value)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from heritrace.cli.legal import app
from heritrace.legal.compliance import load_regulation
from heritrace.legal.eu_export import check_export, parse_export

# a 120-year-old oil painting leaving Belgium for the United States
BASE = {
    "category": 3,
    "age_years": 120,
    "value_eur": 200000,
    "destination": "US",
    "belongs_to_originator": False,
    "date": "2025-09-01",
}


def check(regimes=None, **changes):
    return check_export(parse_export({**BASE, **changes}), regimes=regimes).to_json()


def test_painting_above_its_threshold_needs_a_licence():
    """Annex I A.3 (pictures and paintings, more than 50 years, not belonging to the originator) with the
    Annex I B threshold of EUR 150,000."""
    out = check()
    assert out["requirement"] == "export_licence"
    assert out["articles"][0] == "Art. 2(1)"
    assert {"Annex I, A.3", "Annex I, B", "Art. 2(2)"} <= set(out["articles"])
    assert out["verification"] != "V"  # the thresholds are only partly verified
    assert any("financial thresholds" in u for u in out["unverified"])


def test_painting_below_its_threshold_needs_none():
    out = check(value_eur=149999)
    assert out["requirement"] == "none"
    assert any("below the threshold" in r for r in out["reasons"])


def test_archaeological_object_needs_a_licence_whatever_its_value():
    """A.1: archaeological objects more than 100 years old; threshold zero."""
    out = check(category="1", age_years=1500, value_eur=5)
    assert out["requirement"] == "export_licence"
    assert "Annex I, B" not in out["articles"]


@pytest.mark.parametrize(("category", "age"), [("10", 100), ("11", 200), ("A.3", 50), ("14", 75)])
def test_more_than_means_more_than(category, age):
    assert check(category=category, age_years=age, value_eur=10**7)["requirement"] == "none"


def test_work_still_belonging_to_its_author_needs_none():
    """Annex I note (1): categories A.3 to A.9 cover works 'which do not belong to their originators'."""
    assert check(belongs_to_originator=True)["requirement"] == "none"
    unknown = check(belongs_to_originator=None)
    assert unknown["requirement"] == "export_licence"
    assert any(n.startswith("belongs_to_originator") for n in unknown["needs"])


def test_destination_inside_the_union_is_not_an_export():
    out = check(destination="FR")
    assert out["requirement"] == "none" and out["articles"] == ["Art. 2(1)"]


def test_object_outside_the_union_is_not_governed():
    out = check(exporting_member_state="CH")
    assert out["requirement"] == "none"
    assert "not an EU Member State" in out["reasons"][0]


def test_category_15_is_resolved_by_age():
    recent = check(category="15", age_years=80, value_eur=60000)
    assert recent["requirement"] == "export_licence" and "Annex I, A.15(a)" in recent["articles"]
    assert any("15(a)" in n for n in recent["needs"])
    old = check(category=15, age_years=120, value_eur=60000)
    assert "Annex I, A.15(b)" in old["articles"]
    assert check(category="15", age_years=40, value_eur=60000)["requirement"] == "none"


def test_value_missing_is_a_need():
    out = check(value_eur=None)
    assert out["requirement"] == "export_licence"
    assert any(n.startswith("value_eur") for n in out["needs"])


def test_national_regime_is_named_when_no_eu_licence_is_needed():
    regimes = {
        "BE": {
            "summary": "national treasures list",
            "competent_authority": "Ministry",
            "status_words": "unverified",
        }
    }
    out = check(regimes=regimes.get, value_eur=10, exporting_member_state="BE")
    assert out["requirement"] == "none"
    assert any("Ministry" in w for w in out["warnings"])


def test_every_category_has_a_label_threshold_and_status():
    reg = load_regulation("reg_116_2009")
    for code, category in reg.annex["categories"].items():
        assert category["label"] and category["status"] in {"V", "P", "U"}, code
        assert isinstance(category["threshold_eur"], int)
    assert all(p.source for p in reg.provisions.values())


def test_cli_export(tmp_path):
    result = CliRunner().invoke(app, ["eu-export", "-"], input=json.dumps(BASE))
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert list(body)[:3] == ["requirement", "articles", "reasons"]
    bad = CliRunner().invoke(app, ["eu-export", "-"], input=json.dumps({"category": 99, "destination": "XX"}))
    assert bad.exit_code == 2
    for field in ("category", "age_years", "destination"):
        assert field in bad.stderr

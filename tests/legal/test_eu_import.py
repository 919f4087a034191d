"""EU import check (Regulation (EU) 2019/880): worked examples, one per Annex part and exemption.

Each example is taken from the Regulation's text (official German text at gesetze.legal, English text of
Art. 5) or from the Commission's own guidance (TRACES ICG help, 'Basic workflows'), as the docstrings say.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from heritrace.cli.legal import app
from heritrace.legal.compliance import CheckInputError, load_regulation
from heritrace.legal.eu_import import TEMPORARY_ADMISSION_PURPOSES, check_import, parse_import

# an Egyptian archaeological find of 2,000 years, sold in the United States, entering the EU after the
# ICG system went live
BASE = {
    "annex_category": "c",
    "age_years": 2000,
    "value_eur": 4000,
    "country_of_creation_or_discovery": "EG",
    "exported_from": "EG",
    "procedure": "release_for_free_circulation",
    "removed_in_breach": False,
    "date": "2025-09-01",
}


def check(**changes):
    return check_import(parse_import({**BASE, **changes})).to_json()


# -- Part A: the general prohibition (Art. 3(1)) -----------------------------------------------------


def test_part_a_good_removed_in_breach_is_prohibited():
    """Art. 3(1): introduction of Part A goods removed in breach of the laws of the country where they
    were created or discovered is prohibited: here a 150-year-old Syrian coin (category (e))."""
    out = check(
        annex_category="e",
        age_years=150,
        value_eur=300,
        country_of_creation_or_discovery="SY",
        exported_from="LB",
        removed_in_breach=True,
    )
    assert out["requirement"] == "prohibited"
    assert out["articles"][:2] == ["Annex, Part A", "Art. 3(1)"]
    assert "Syria" in out["reasons"][0] or "SY" in out["reasons"][0]
    assert out["documents"] == []


def test_prohibition_covers_transit_and_exempt_procedures():
    """The prohibition bites on 'introduction' (Art. 2(2)), not only on 'import': transit and temporary
    admission for an exhibition do not lift it."""
    for changes in ({"procedure": "transit"}, {"procedure": "temporary_admission", "purpose": "exhibition"}):
        assert check(removed_in_breach=True, **changes)["requirement"] == "prohibited"


def test_prohibition_applies_only_from_december_2020():
    out = check(removed_in_breach=True, date="2020-06-01")
    assert out["requirement"] == "none"
    assert "Art. 16" in out["articles"]


def test_unknown_removal_is_a_need_and_a_warning_not_an_answer():
    out = check(removed_in_breach=None, annex_category="e", age_years=150, value_eur=100)
    assert out["requirement"] == "none"
    assert "Art. 3(1)" in out["articles"]
    assert any(n.startswith("removed_in_breach") for n in out["needs"])
    assert any("prohibited" in w for w in out["warnings"])
    assert "prohibited if" in out["summary"]


def test_antiquity_of_under_a_hundred_years_is_not_in_category_e():
    out = check(annex_category="e", age_years=80, removed_in_breach=True)
    assert out["requirement"] == "none"
    assert any(n.startswith("annex_category") for n in out["needs"])


# -- Part B: import licence (Art. 4) ------------------------------------------------------------------


def test_part_b_archaeological_object_needs_licence_whatever_its_value():
    """Commission ICG help: an import licence is needed for Part B goods (archaeological products or
    dismembered monument elements) more than 250 years old, regardless of their financial value."""
    out = check(value_eur=1)
    assert out["requirement"] == "import_licence"
    assert {"Art. 3(2)", "Art. 4(1)", "Art. 4(4)", "Annex, Part B"} <= set(out["articles"])
    [application] = out["documents"]
    assert application["document"] == "import_licence_application"
    assert application["evidence"] == {
        **application["evidence"],
        "basis": "country_of_creation_or_discovery",
        "country": "EG",
    }


def test_part_b_dismembered_monument_needs_licence():
    assert check(annex_category="d", age_years=400)["requirement"] == "import_licence"


def test_part_b_category_of_250_years_or_less_needs_neither():
    out = check(age_years=240)
    assert out["requirement"] == "none"
    assert any("not in Part B" in r for r in out["reasons"])


def test_licence_evidence_concerns_country_of_discovery_not_country_of_sale():
    """Art. 4(4): evidence of lawful export from the country where the goods were created or discovered;
    selling from the United States does not replace it."""
    out = check(exported_from="US")
    assert out["requirement"] == "import_licence"
    assert any("does not replace" in r for r in out["reasons"])
    assert any(n.startswith("left_origin_before_1972") for n in out["needs"])


def test_origin_unknown_lets_evidence_concern_the_last_country_of_more_than_five_years():
    """Art. 4(4), second subparagraph (a): origin cannot be reliably determined."""
    out = check(country_of_creation_or_discovery="unknown", exported_from="CH", years_in_exported_from=12)
    assert out["requirement"] == "import_licence"
    assert "Art. 4(4), second subparagraph" in out["articles"]
    assert out["documents"][0]["evidence"]["country"] == "CH"


def test_last_country_of_five_years_or_less_does_not_qualify():
    out = check(country_of_creation_or_discovery="unknown", exported_from="CH", years_in_exported_from=3)
    assert any("does not qualify" in w for w in out["warnings"])
    assert out["documents"][0]["evidence"]["country"] is None
    missing = check(country_of_creation_or_discovery="unknown", exported_from="CH")
    assert any(n.startswith("years_in_exported_from") for n in missing["needs"])


# -- Part C: importer statement (Art. 5) ----------------------------------------------------------------


def test_part_c_painting_needs_importer_statement():
    """Commission ICG help: Part C goods (works of art, ethnological objects, old books ...) more than 200
    years old and of a value of at least EUR 18,000 per item need an importer statement."""
    out = check(
        annex_category="g",
        age_years=250,
        value_eur=18000,
        country_of_creation_or_discovery="CN",
        exported_from="CN",
    )
    assert out["requirement"] == "importer_statement"
    assert {"Art. 5(1)", "Art. 5(2)", "Annex, Part C"} <= set(out["articles"])
    [statement] = out["documents"]
    assert statement["document"] == "importer_statement"
    assert "exported from China" in statement["declaration"]
    assert any("threshold" in w for w in out["warnings"])  # exactly EUR 18,000: the wordings differ


@pytest.mark.parametrize(("age", "value"), [(250, 17999), (200, 50000), (150, 1000000)])
def test_part_c_below_a_threshold_needs_neither(age, value):
    out = check(annex_category="g", age_years=age, value_eur=value)
    assert out["requirement"] == "none"
    assert "Art. 5(1)" not in out["articles"]


def test_part_c_value_missing_is_a_need():
    out = check(annex_category="f", age_years=300, value_eur=None)
    assert out["requirement"] == "importer_statement"
    assert any(n.startswith("value_eur") for n in out["needs"])


def test_left_before_1972_statement_names_last_country():
    """Art. 5(2), second subparagraph (b): goods taken out of their country before 24 April 1972."""
    out = check(
        annex_category="f",
        age_years=300,
        value_eur=40000,
        country_of_creation_or_discovery="NG",
        exported_from="GB",
        left_origin_before_1972=True,
        years_in_exported_from=60,
    )
    assert out["requirement"] == "importer_statement"
    assert "Art. 5(2), second subparagraph" in out["articles"]
    assert "United Kingdom" in out["documents"][0]["declaration"]
    assert "24 April 1972" in out["documents"][0]["declaration"]


# -- exemptions (Art. 3(4), Art. 3(5)), transit, scope -------------------------------------------------


@pytest.mark.parametrize("purpose", sorted(TEMPORARY_ADMISSION_PURPOSES))
def test_temporary_admission_for_listed_purposes_needs_neither(purpose):
    """Art. 3(4)(c): temporary admission for education, science, conservation, restoration, exhibition,
    digitisation, performing arts, academic research or museum cooperation."""
    out = check(procedure="temporary_admission", purpose=purpose)
    assert out["requirement"] == "none"
    assert "Art. 3(4)(c)" in out["articles"]
    assert any("2021/1079" in w for w in out["warnings"])


def test_exhibition_purpose_without_temporary_admission_gives_no_exemption():
    out = check(purpose="exhibition")
    assert out["requirement"] == "import_licence"
    assert any("only under temporary admission" in w for w in out["warnings"])


def test_art_fair_statement_replaces_licence_for_part_b():
    """Art. 3(5) and Commission ICG help: for commercial art fairs, an import licence is not necessary
    where the goods are under temporary admission; an importer statement is provided instead."""
    out = check(procedure="temporary_admission", purpose="commercial_art_fair")
    assert out["requirement"] == "importer_statement"
    assert "Art. 3(5)" in out["articles"] and "Art. 4(1)" not in out["articles"]
    assert out["verification"] == "P"  # Art. 3(5) wording not read: shown as partly verified
    assert any(u.startswith("Art. 3(5)") for u in out["unverified"])


def test_art_fair_goods_released_for_free_circulation_need_the_licence():
    assert check(purpose="commercial_art_fair")["requirement"] == "import_licence"


def test_returned_goods_and_safekeeping_need_neither():
    returned = check(purpose="returned_goods")
    assert returned["requirement"] == "none" and "Art. 3(4)(a)" in returned["articles"]
    refuge = check(procedure="customs_warehousing", purpose="safekeeping")
    assert refuge["requirement"] == "none" and "Art. 3(4)(b)" in refuge["articles"]


def test_transit_is_not_import():
    """Art. 2(3): import is release for free circulation or a special procedure other than transit."""
    out = check(procedure="transit")
    assert out["requirement"] == "none"
    assert "Art. 2(3)" in out["articles"]


def test_goods_created_in_the_union_are_out_of_scope():
    """Art. 1(2): not applicable to goods created or discovered in the customs territory of the Union."""
    out = check(country_of_creation_or_discovery="IT", exported_from="US")
    assert out["requirement"] == "none"
    assert out["articles"] == ["Art. 1(2)"]
    assert out["verification"] == "U"  # the membership table and the paragraph number are unverified


def test_moving_from_a_member_state_is_not_an_introduction():
    out = check(exported_from="DE")
    assert out["requirement"] == "none" and out["articles"] == ["Art. 2(2)"]


def test_before_the_icg_system_no_licence_was_required():
    out = check(date="2025-06-27")
    assert out["requirement"] == "none" and "Art. 16" in out["articles"]
    assert check(date="2025-06-28")["requirement"] == "import_licence"


# -- input and output contract -------------------------------------------------------------------------


def test_bad_input_names_every_field():
    with pytest.raises(CheckInputError) as caught:
        parse_import(
            {
                "annex_category": "z",
                "age_years": "old",
                "country_of_creation_or_discovery": "QQ",
                "exported_from": None,
                "procedure": "temporary_admission",
                "removed_in_breach": "yes",
            }
        )
    assert set(caught.value.errors) == {
        "annex_category",
        "age_years",
        "country_of_creation_or_discovery",
        "exported_from",
        "purpose",
        "removed_in_breach",
    }


def test_returned_goods_need_release_for_free_circulation():
    with pytest.raises(CheckInputError) as caught:
        parse_import({**BASE, "procedure": "customs_warehousing", "purpose": "returned_goods"})
    assert set(caught.value.errors) == {"purpose"}


def test_every_provision_has_a_source_and_a_status():
    reg = load_regulation("reg_2019_880")
    for provision in reg.provisions.values():
        assert provision.source.strip() and provision.status in {"V", "P", "U"}
        assert provision.status == "V" or provision.note, provision.key
    out = check(procedure="temporary_admission", purpose="commercial_art_fair")
    assert all(p["source"] for p in out["provisions"])


def test_cli_prints_requirement_articles_reasons(tmp_path):
    path = tmp_path / "FACTS.json"
    path.write_text(json.dumps(BASE))
    result = CliRunner().invoke(app, ["eu-import", str(path)])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert list(body)[:3] == ["requirement", "articles", "reasons"]
    assert body["requirement"] == "import_licence"


def test_cli_bad_input_exits_2_naming_fields():
    result = CliRunner().invoke(
        app, ["eu-import", "-"], input=json.dumps({**BASE, "procedure": "smuggling", "age_years": -5})
    )
    assert result.exit_code == 2
    assert "procedure" in result.stderr and "age_years" in result.stderr
    assert result.stdout == ""

"""Registers in their own shape: imports through a column mapping (profile), CSV, JSON Lines and XLSX,
on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from typer.testing import CliRunner

from heritrace.cli.main import app
from heritrace.core.actor import SYSTEM
from heritrace.objects.headers import suggest_mapping
from heritrace.objects.models import CulturalObject
from heritrace.objects.profiles import ProfileError, load_profile, parse_profile
from heritrace.objects.service import ObjectFilters, flag_entries
from tests.conftest import add_organisation
from tests.objects.test_import_export import cli_env  # noqa: F401 - fixture

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NATIONAL = EXAMPLES / "registers" / "national-stolen-register.csv"
NATIONAL_PROFILE = EXAMPLES / "profiles" / "national-stolen-register.toml"
MUSEUM = EXAMPLES / "registers" / "museum-collection-export.csv"
MUSEUM_PROFILE = EXAMPLES / "profiles" / "museum-collection-export.yaml"


def stored(platform) -> int:  # noqa: ANN001
    with platform.sessions() as s:
        return s.scalar(select(func.count()).select_from(CulturalObject))


def test_a_national_register_imports_through_its_profile_with_nothing_rejected(cli_env, platform):  # noqa: ANN001, F811
    result = runner.invoke(app, ["objects", "import", str(NATIONAL), "--profile", str(NATIONAL_PROFILE)])
    assert result.exit_code == 0, result.output
    assert "inserted 8" in result.output and "rejected 0" in result.output

    panel = platform.objects.get(SYSTEM, "NSR-2019-0412")  # id prefixed, columns joined, code mapped
    assert (panel.type_concept, panel.status, panel.classification) == ("painting", "stolen", "public")
    assert (panel.height_cm, panel.width_cm) == (48.0, 36.0)
    assert panel.incidents[0].type == "theft" and panel.incidents[0].reference == "PV 2019/118"
    assert panel.incidents[0].country == "FR"  # a default of the profile
    assert panel.date_earliest == 1500 and panel.date_latest == 1599

    statue = platform.objects.get(SYSTEM, "NSR-2019-0413")  # a description typed into the date
    assert len(statue.date_text) > 500 and statue.date_earliest == 1732
    assert any(f["field"] == "date_or_period" and "1732" in f["message"] for f in flag_entries(statue))

    icon = platform.objects.get(SYSTEM, "NSR-2021-0105")  # a label written in a sentence's case
    assert icon.incidents[0].type == "illegal_excavation" and icon.country == "UA"
    assert [(i.scheme, i.value) for i in icon.identifiers] == [("INTERPOL", "2021/55781-1")]
    coin = platform.objects.get(SYSTEM, "NSR-2020-0077")
    assert [m.concept_id for m in coin.materials] == ["gold"]  # French "Or"
    assert platform.objects.get(SYSTEM, "NSR-2022-0044").incidents[0].type == "illegal_excavation"

    again = runner.invoke(app, ["objects", "import", str(NATIONAL), "--profile", str(NATIONAL_PROFILE)])
    assert "unchanged 8" in again.output, again.output


def _xlsx_from_csv(source: Path, target: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Collection"
    sheet.append(["Collection export", "made for the test"])  # a title row above the header
    with open(source, newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.reader(fh)):
            if n and row[6]:
                row[6] = float(row[6].removesuffix(" cm"))  # numbers as spreadsheet numbers
            sheet.append(row)
    book.save(target)
    return target


def test_a_museum_export_in_xlsx_becomes_the_museums_inventory(cli_env, platform, tmp_path):  # noqa: ANN001, F811
    museum = add_organisation(platform, "Museum of the Valley", "museum")
    workbook = _xlsx_from_csv(MUSEUM, tmp_path / "export.xlsx")
    profile = tmp_path / "museum.yaml"
    profile.write_text(MUSEUM_PROFILE.read_text() + "header_row: 2\nsheet: Collection\n")
    args = ["objects", "import", str(workbook), "--profile", str(profile), "--organisation", str(museum)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "inserted 6" in result.output and "rejected 0" in result.output

    portrait = platform.objects.get(replace_org(museum), "MUS-1921.14")
    assert (portrait.classification, portrait.status) == ("inventory", "held")
    assert portrait.organisation_id == museum and portrait.height_cm == 72.0 and portrait.width_cm == 58.0
    assert portrait.inventory_number == "1921.14" and str(portrait.date_documented) == "2004-03-11"
    chalice = platform.objects.get(replace_org(museum), "MUS-1950.2.2")
    assert str(chalice.date_documented) == "2005-05-12"  # written 12.05.2005
    # an inventory is not on the register: the operator's list does not show it
    items, total, _ = platform.objects.list(SYSTEM, ObjectFilters(), 1, 50)
    assert total == 0 and not items
    own, own_total, _ = platform.objects.list(replace_org(museum), ObjectFilters(inventory=True), 1, 50)
    assert own_total == 6


def replace_org(organisation_id: int):  # noqa: ANN201
    from dataclasses import replace

    return replace(SYSTEM, organisation_id=organisation_id)


def test_an_inventory_without_an_organisation_is_refused_record_by_record(cli_env, platform):  # noqa: ANN001, F811
    result = runner.invoke(app, ["objects", "import", str(MUSEUM), "--profile", str(MUSEUM_PROFILE)])
    assert result.exit_code == 1 and "an inventory belongs to an organisation" in result.output
    assert stored(platform) == 0


def test_a_profile_that_names_missing_columns_stops_before_anything_is_written(cli_env, platform, tmp_path):  # noqa: ANN001, F811
    profile = tmp_path / "p.toml"
    profile.write_text('delimiter = ";"\n[columns]\n"N° de dossier" = "id"\n"Titel" = "title"\n')
    result = runner.invoke(app, ["objects", "import", str(NATIONAL), "--profile", str(profile)])
    assert result.exit_code == 2 and "lacks: Titel" in result.output
    assert stored(platform) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[columns]\n"A" = "titel"\n"B" = "id"\n', "unknown Object ID fields: titel"),
        ('[columns]\n"A" = "title"\n', "map a column to 'id'"),
        ("[columns\n", "not valid TOML"),
        ('header_row = 0\n[columns]\n"A" = "id"\n', "header_row"),
        ('[columns]\n"A" = "id"\n[values.colour]\n"x" = "y"\n', "unknown Object ID fields: colour"),
    ],
)
def test_a_wrong_profile_says_what_is_wrong(text, message):  # noqa: ANN001
    with pytest.raises(ProfileError, match=message):
        parse_profile(text, "toml")


def test_the_example_profiles_load_in_both_syntaxes():
    national, museum = load_profile(NATIONAL_PROFILE), load_profile(MUSEUM_PROFILE)
    assert national.delimiter == ";" and national.classification == "public"
    assert museum.id_columns == ("Accession number",) and museum.defaults["status"] == "held"


def test_json_lines_through_a_profile_with_nested_keys(cli_env, platform, tmp_path):  # noqa: ANN001, F811
    path = tmp_path / "feed.jsonl"
    rows = [
        {"ref": 17, "what": {"kind": "Ikone", "name": "Heiliger Georg"}, "when": 1650.0,
         "loss": {"kind": "Diebstahl", "year": "2015"}, "pics": None},
        {"ref": "18", "what": {"kind": "Münze"}, "loss": {"kind": "Raubgrabung"}},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    profile = tmp_path / "feed.yaml"
    profile.write_text(
        "id_prefix: DE-\ncolumns:\n  ref: id\n  what.kind: type_of_object\n  what.name: title\n"
        "  when: date_or_period\n  loss.kind: incident.type\n  loss.year: incident.date\n"
        "defaults:\n  status: gestohlen\n"
    )
    result = runner.invoke(app, ["objects", "import", str(path), "--profile", str(profile)])
    assert result.exit_code == 0, result.output
    george = platform.objects.get(SYSTEM, "DE-17")
    assert (george.type_concept, george.date_text, george.status) == ("icon", "1650", "stolen")
    assert george.incidents[0].type == "theft"
    assert platform.objects.get(SYSTEM, "DE-18").incidents[0].type == "illegal_excavation"


def test_columns_are_suggested_from_headers_in_several_languages():
    headers = ["Inventarnummer", "Titel", "Künstler", "Datierung", "Type d'atteinte", "Date du vol",
               "Размеры", "الوصف", "Fotos", "Hauteur (cm)", "Whatever"]  # fmt: skip
    assert suggest_mapping(headers) == {
        "Inventarnummer": "inventory_number",
        "Titel": "title",
        "Künstler": "maker",
        "Datierung": "date_or_period",
        "Type d'atteinte": "incident.type",
        "Date du vol": "incident.date",
        "Размеры": "measurements",
        "الوصف": "description",
        "Fotos": "images",
    }


def test_a_suggested_profile_is_a_profile_that_imports(cli_env, platform, tmp_path):  # noqa: ANN001, F811
    result = runner.invoke(app, ["objects", "import", str(NATIONAL), "--suggest"])
    assert result.exit_code == 0
    profile = tmp_path / "suggested.toml"
    profile.write_text(result.stdout)
    assert load_profile(profile).delimiter is None  # the delimiter is found in the file
    imported = runner.invoke(app, ["objects", "import", str(NATIONAL), "--profile", str(profile)])
    assert imported.exit_code == 0 and "inserted 8" in imported.output, imported.output

"""Linked Art JSON-LD at a record's stable URL (content negotiation) and through export and import,
on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import replace

from typer.testing import CliRunner

from heritrace.cli.main import app
from heritrace.core.actor import SYSTEM
from heritrace.objects.transfer import RegisterImporter
from heritrace.standards.linked_art import record_from_linked_art
from tests.objects.test_import_export import cli_env  # noqa: F401 - fixture
from tests.standards.helpers import FULL, OWN, RESTRICTED, SPARSE, assert_linked_art, write_jsonl

runner = CliRunner()
LD = {"Accept": "application/ld+json"}


def _register(platform, organisation_id, tmp_path, records):  # noqa: ANN001
    owner = replace(SYSTEM, organisation_id=organisation_id)
    report = RegisterImporter(platform.sessions, platform.images, owner).run(
        write_jsonl(tmp_path / "r.jsonl", records)
    )
    assert not report.rejected, report.rejected


def test_stable_url_answers_linked_art_to_those_who_ask(platform, registrar, anon_client, client, tmp_path):  # noqa: ANN001
    _register(platform, registrar.organisation_id, tmp_path, [FULL, RESTRICTED])
    page = anon_client.get(f"/objects/{OWN}-CC-2019-7")
    assert page.headers["content-type"].startswith("text/html") and page.headers["vary"] == "Accept"
    browser = anon_client.get(
        f"/objects/{OWN}-CC-2019-7", headers={"Accept": "text/html,application/ld+json;q=0.9"}
    )
    assert browser.headers["content-type"].startswith("text/html")

    answer = anon_client.get(f"/objects/{OWN}-CC-2019-7", headers=LD)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/ld+json"
    doc = answer.json()
    assert doc["id"] == f"http://testserver/objects/{OWN}-CC-2019-7" and doc["type"] == "HumanMadeObject"
    expanded = assert_linked_art(doc)
    assert expanded[0]["@id"] == doc["id"]
    kinds = {k["id"] for k in doc["classified_as"]}
    assert "http://vocab.getty.edu/aat/300033618" in kinds  # painting, Getty AAT
    materials = {m["id"] for m in doc["made_of"]}
    assert materials & {"http://vocab.getty.edu/aat/300015050"}  # oil paint
    span = doc["produced_by"]["timespan"]
    assert span["begin_of_the_begin"].startswith("1640") and span["end_of_the_end"].startswith("1660")
    assert span["identified_by"][1]["content"] == "1650~"  # EDTF: approximately 1650
    nation = doc["produced_by"]["took_place_at"][1]
    assert nation["identified_by"][0]["content"] == "IT"
    # the police reference of the theft is need-to-know: not in what the public receives
    assert "TPC-94/113" not in json.dumps(doc)
    investigator_view = client.get(f"/objects/{OWN}-CC-2019-7", headers=LD).json()
    assert investigator_view["id"] == doc["id"] and "TPC-94/113" in json.dumps(investigator_view)

    # a record the reader may not read is not found, whatever the format asked for
    assert anon_client.get(f"/objects/{OWN}-CC-SECRET", headers=LD).status_code == 404
    assert client.get(f"/objects/{OWN}-CC-SECRET", headers=LD).status_code == 200


def test_linked_art_round_trip_keeps_every_field_it_can_hold(cli_env, platform, tmp_path, monkeypatch):  # noqa: ANN001, F811
    monkeypatch.setenv("HERITRACE_PUBLIC_URL", "https://register.example.org")
    incidentless = {k: v for k, v in FULL.items() if k != "incidents"}
    write_jsonl(tmp_path / "in.jsonl", [incidentless, SPARSE, RESTRICTED])
    assert runner.invoke(app, ["objects", "import", str(tmp_path / "in.jsonl")]).exit_code == 0
    before = runner.invoke(app, ["objects", "export"]).stdout
    out = tmp_path / "register.jsonld.jsonl"
    result = runner.invoke(app, ["objects", "export", "--format", "linked-art", "--out", str(out)])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in out.read_text().splitlines()]
    for doc in docs:
        assert_linked_art(doc)
    assert docs[0]["id"] == f"https://register.example.org/objects/{OWN}-CC-2019-7"

    imported = runner.invoke(app, ["objects", "import", str(out)])
    assert imported.exit_code == 0 and "unchanged 3" in imported.output, imported.output
    assert runner.invoke(app, ["objects", "export"]).stdout == before


def test_incidents_travel_as_provenance_statements():
    from heritrace.standards.linked_art import linked_art
    from heritrace.standards.records import StandardRecord

    doc = linked_art(
        StandardRecord(record=dict(FULL)), f"https://register.example.org/objects/{OWN}-CC-2019-7"
    )
    statements = [s["content"] for s in doc["referred_to_by"]]
    theft = "theft, 12 March 1994, Bari, Pinacoteca, IT: taken at night through a skylight"
    assert f"{theft} (reported by Carabinieri TPC TPC-94/113)" in statements
    assert_linked_art(doc)
    back = record_from_linked_art(doc)
    assert back == {k: v for k, v in FULL.items() if k != "incidents"}

"""LIDO 1.1 export and import through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree
from sqlalchemy import func, select
from typer.testing import CliRunner

from heritrace.audit.unit import unaudited
from heritrace.cli.main import app
from heritrace.objects.models import CulturalObject
from tests.objects.test_api import jpeg_bytes
from tests.objects.test_import_export import cli_env  # noqa: F401 - fixture
from tests.standards.helpers import FULL, RESTRICTED, SCHEMAS, SPARSE, assert_valid_lido, write_jsonl

runner = CliRunner()
LIDO = "{http://www.lido-schema.org}"


def _import(path) -> str:  # noqa: ANN001
    result = runner.invoke(app, ["objects", "import", str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def test_lido_export_validates_and_round_trips_every_field(cli_env, platform, tmp_path):  # noqa: ANN001, F811
    (tmp_path / "front.jpg").write_bytes(jpeg_bytes(colour=(10, 90, 200)))
    photographed = {**SPARSE, "id": "CC-3", "images": ["front.jpg"]}
    _import(write_jsonl(tmp_path / "in.jsonl", [FULL, SPARSE, RESTRICTED, photographed]))
    before = tmp_path / "before.jsonl"
    assert runner.invoke(app, ["objects", "export", "--out", str(before)]).exit_code == 0

    out = tmp_path / "register.xml"
    result = runner.invoke(app, ["objects", "export", "--format", "lido", "--out", str(out)])
    assert result.exit_code == 0, result.output
    doc = etree.parse(str(out))
    assert_valid_lido(doc)
    assert len(doc.getroot()) == 4
    full = doc.find(f"{LIDO}lido")
    aat = [e.text for e in full.iter(f"{LIDO}conceptID") if e.get(f"{LIDO}source") == "AAT"]
    assert "http://vocab.getty.edu/aat/300033618" in aat  # painting
    assert full.findtext(f".//{LIDO}placeID") == "IT"
    assert full.findtext(f".//{LIDO}earliestDate") == "1640"  # c. 1650 read as 1640-1660

    # the LIDO file read back is the same register: every record unchanged
    assert "unchanged 4" in _import(out)
    after = tmp_path / "after.jsonl"
    assert runner.invoke(app, ["objects", "export", "--out", str(after)]).exit_code == 0
    assert before.read_text() == after.read_text()


def test_lido_import_fills_an_empty_register(cli_env, platform, tmp_path):  # noqa: ANN001, F811
    _import(write_jsonl(tmp_path / "in.jsonl", [FULL]))
    out = tmp_path / "one.xml"
    assert runner.invoke(app, ["objects", "export", "--format", "lido", "--out", str(out)]).exit_code == 0
    with platform.sessions() as s:
        unaudited(s, "the test empties the register")
        s.query(CulturalObject).delete()
        s.commit()
    assert "inserted 1" in _import(out)
    exported = runner.invoke(app, ["objects", "export"]).stdout
    record = json.loads(exported.splitlines()[0])
    assert record == {k: FULL[k] for k in record}
    assert record.keys() == FULL.keys()


FOREIGN = (Path(__file__).parent / "data" / "museum-lido.xml").read_text(encoding="utf-8")


def test_lido_from_another_system_is_read_from_its_index_elements(cli_env, platform, tmp_path):  # noqa: ANN001, F811
    path = tmp_path / "museum.xml"
    path.write_text(FOREIGN, encoding="utf-8")
    assert "inserted 1" in _import(path)
    with platform.sessions() as s:
        obj = s.scalar(select(CulturalObject).where(CulturalObject.external_id == "77"))
        assert (obj.title, obj.maker, obj.type_text) == (
            "Madonna mit Kind",
            "Tilman Riemenschneider",
            "Skulptur",
        )
        assert obj.type_concept == "sculpture"
        assert obj.height_cm == 42
        assert [m.concept_id for m in obj.materials] == ["wood"]
        assert (obj.date_earliest, obj.date_latest) == (1490, 1510)


def test_malformed_or_hostile_lido_imports_nothing(cli_env, platform, tmp_path):  # noqa: ANN001, F811
    truncated = tmp_path / "truncated.xml"
    truncated.write_text(FOREIGN[: FOREIGN.index("</lido:descriptiveMetadata>")], encoding="utf-8")
    result = runner.invoke(app, ["objects", "import", str(truncated)])
    assert result.exit_code == 2 and "not well-formed XML" in result.output
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'
        + FOREIGN.split("?>", 1)[1].replace("Madonna mit Kind", "&s;"),
        encoding="utf-8",
    )
    runner.invoke(app, ["objects", "import", str(hostile)])
    with platform.sessions() as s:
        titles = s.scalars(select(CulturalObject.title)).all()
        assert s.scalar(select(func.count()).select_from(CulturalObject)) <= 1
    assert "TOP-SECRET" not in " ".join(t or "" for t in titles)


def test_the_subset_schema_refuses_what_lido_refuses():
    """The validator is not a formality: a record without its record wrapper, or with elements out of
    the LIDO order, is invalid."""
    from heritrace.standards.lido import lido_element, q
    from heritrace.standards.records import StandardRecord
    from tests.standards.helpers import lido_schemas

    schema = lido_schemas()[0]
    doc = etree.Element(q("lidoWrap"))
    record = lido_element(StandardRecord(record=dict(FULL)), "https://register.example.org")
    doc.append(record)
    assert schema.validate(doc), schema.error_log
    admin = record.find(f"{LIDO}administrativeMetadata")
    record.remove(admin)
    assert not schema.validate(doc)
    record.insert(1, admin)  # administrative before descriptive metadata
    assert not schema.validate(doc)
    assert SCHEMAS.exists()

"""``heritrace screen``: batch screening through the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from heritrace.cli.main import app
from tests.objects.test_import_export import cli_env, write_jsonl  # noqa: F401

runner = CliRunner()

REGISTER = [
    {
        "id": "UA-1",
        "type_of_object": "painting",
        "title": "Seascape at night",
        "maker": "Ivan Aivazovsky",
        "date_or_period": "c. 1900",
        "materials_techniques": "oil on canvas",
        "measurements": "45.5 x 60.5 cm",
        "country": "UA",
    },
    {
        "id": "IT-1",
        "type_of_object": "painting",
        "title": "Landscape with soldiers",
        "maker": "Salvator Rosa",
        "date_or_period": "1650-1660",
        "materials_techniques": "oil on canvas",
        "measurements": "73 x 98 cm",
        "country": "IT",
    },
    {
        "id": "GB-1",
        "type_of_object": "drawing",
        "title": "The Thames at Battersea",
        "maker": "James Whistler",
        "date_or_period": "1863",
        "materials_techniques": "graphite on paper",
        "country": "GB",
    },
]


def test_screen_finds_re_described_objects_and_survives_bad_lines(cli_env, tmp_path):  # noqa: F811
    runner.invoke(app, ["objects", "import", str(write_jsonl(tmp_path / "reg.jsonl", REGISTER))])
    listings = write_jsonl(
        tmp_path / "listings.jsonl",
        [
            {
                "id": "L1",
                "title": "Gemälde, Kreis von I. Ajwasowski, Seestück bei Nacht",
                "description": "Öl auf Leinwand, um 1900, 45 x 60 cm",
            },
            "{broken",
            {"id": "L2", "title": "", "description": ""},
            {
                "id": "L3",
                "title": "Salvator Rosa (attr.), paesaggio con soldati",
                "description": "olio su tela, 75 x 100 cm",
            },
            {"id": "L4", "title": "花瓶", "description": "清朝"},
        ],
    )
    out = tmp_path / "results.jsonl"
    result = runner.invoke(app, ["screen", str(listings), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = {d["listing_id"]: d for d in map(json.loads, out.read_text().splitlines())}
    assert set(lines) == {"L1", "L2", "L3", "L4"}
    assert lines["L1"]["candidates"][0]["object_id"] == "UA-1"
    assert lines["L1"]["candidates"][0]["verdict"] in ("match", "possible")
    # one scale with the pages: "score" is the probability (0-1); the log2 odds are named as such
    best = lines["L1"]["candidates"][0]
    assert 0 <= best["score"] <= 1 and best["score"] >= 0.5 and isinstance(best["log2_odds"], float)
    assert all(0 <= c["score"] <= 1 for d in lines.values() for c in d["candidates"])
    assert lines["L3"]["candidates"][0]["object_id"] == "IT-1"
    assert lines["L2"]["candidates"] == [] and lines["L4"]["candidates"] == []
    assert "line 2: malformed JSON" in result.output
    assert "screened 4 listings" in result.output


def test_screen_sees_register_changes(cli_env, tmp_path):  # noqa: F811
    runner.invoke(app, ["objects", "import", str(write_jsonl(tmp_path / "reg.jsonl", REGISTER[:1]))])
    listings = write_jsonl(
        tmp_path / "l.jsonl",
        [
            {
                "id": "L",
                "title": "Salvator Rosa, landscape with soldiers",
                "description": "oil on canvas 73 x 98 cm, 1655",
            }
        ],
    )
    out = tmp_path / "r.jsonl"
    runner.invoke(app, ["screen", str(listings), "--out", str(out)])
    first = json.loads(out.read_text())
    assert all(c["object_id"] != "IT-1" for c in first["candidates"])
    runner.invoke(app, ["objects", "import", str(write_jsonl(tmp_path / "reg2.jsonl", REGISTER[1:2]))])
    runner.invoke(app, ["screen", str(listings), "--out", str(out)])
    assert json.loads(out.read_text())["candidates"][0]["object_id"] == "IT-1"

"""Bulk import and export through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from heritrace.audit.service import verify_chain
from heritrace.cli.main import app
from heritrace.core.actor import SYSTEM
from heritrace.objects.models import CulturalObject, ObjectImage, StatusChange
from heritrace.objects.transfer import RegisterImporter
from tests.objects.test_api import jpeg_bytes

runner = CliRunner()


@pytest.fixture
def cli_env(settings, monkeypatch):  # noqa: ANN001
    monkeypatch.setenv("HERITRACE_DATA_DIR", str(settings.data_dir))
    if settings.database_url:
        monkeypatch.setenv("HERITRACE_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("HERITRACE_DATABASE_URL", raising=False)
    return settings


def count(platform, model) -> int:  # noqa: ANN001
    with platform.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


def write_jsonl(path, records):  # noqa: ANN001
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n")
    return path


GOOD = [
    {
        "id": "FBI-1",
        "type_of_object": "painting",
        "title": "Magda and Raymond",
        "maker": "Walter Pach",
        "date_or_period": "20th century",
        "materials_techniques": "oil",
        "measurements": "480 sq in (area)",
        "country": "US",
        "incident": {"type": "theft", "date": "1994", "place": "New York"},
    },
    {
        "id": "TATE-1",
        "type_of_object": "watercolour",
        "title": "Sea at night",
        "maker": "J.M.W. Turner",
        "date_or_period": "c.1830",
        "measurements": "support: 229 x 489 mm",
        "country": "GB",
    },
]


def test_jsonl_import_is_idempotent_and_reports_bad_lines(cli_env, platform, tmp_path):
    (tmp_path / "p.jpg").write_bytes(jpeg_bytes())
    records = [
        *GOOD,
        "{not json",
        {"id": "FBI-1", "title": "dup"},
        {"title": "no id"},
        {"id": "BAD-M", "measurements": "90000 x 60 cm"},
        {"id": "IMG-1", "title": "with photo", "images": ["p.jpg"]},
        {"id": "IMG-2", "title": "missing photo", "images": ["nope.jpg"]},
    ]
    path = write_jsonl(tmp_path / "reg.jsonl", records)
    result = runner.invoke(app, ["objects", "import", str(path)])
    assert result.exit_code == 1, result.output
    out = result.output
    assert "line 3" in out and "malformed JSON" in out
    assert "line 4" in out and "duplicate id 'FBI-1' (first seen on line 1)" in out
    assert "line 5" in out and "id" in out
    assert "line 6" in out and "measurements" in out
    assert "line 8" in out and "nope.jpg" in out
    assert count(platform, CulturalObject) == 3
    assert count(platform, ObjectImage) == 1
    history_before = count(platform, StatusChange)
    again = runner.invoke(app, ["objects", "import", str(path)])
    assert "inserted 0, updated 0, unchanged 3" in again.output
    assert count(platform, CulturalObject) == 3 and count(platform, StatusChange) == history_before


def test_csv_import_update_and_round_trip(cli_env, platform, tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.jpg").write_bytes(jpeg_bytes())
    (tmp_path / "img" / "b.jpg").write_bytes(jpeg_bytes(colour=(10, 200, 30)))
    path = tmp_path / "reg.csv"
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "id",
                "type_of_object",
                "title",
                "maker",
                "date_or_period",
                "measurements",
                "country",
                "incident_type",
                "incident_date",
                "incident_place",
                "images",
            ]
        )
        w.writerow(
            [
                "C-1",
                "icon",
                "Virgin Hodegetria",
                "",
                "XVII century",
                "31 x 25 cm",
                "Ukraine",
                "armed_conflict_loss",
                "2022",
                "Kherson",
                "img/a.jpg|img/b.jpg",
            ]
        )
        w.writerow(["C-2", "coin", "Tetradrachm", "", "2nd century BC", "diam. 3 cm", "GR", "", "", "", ""])
    assert runner.invoke(app, ["objects", "import", str(path)]).exit_code == 0
    obj = platform.objects.get(SYSTEM, "C-1")
    assert obj.country == "UA" and len(obj.images) == 2 and obj.incidents[0].place == "Kherson"
    assert obj.date_earliest <= 1650 <= obj.date_latest

    out = tmp_path / "export" / "reg.jsonl"
    out.parent.mkdir()
    assert runner.invoke(app, ["objects", "export", "--out", str(out)]).exit_code == 0
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in exported] == ["C-1", "C-2"]
    result = runner.invoke(app, ["objects", "import", str(out)])
    assert "inserted 0, updated 0, unchanged 2" in result.output, result.output

    csv_out = tmp_path / "export" / "reg.csv"
    assert runner.invoke(app, ["objects", "export", "--format", "csv", "--out", str(csv_out)]).exit_code == 0
    result = runner.invoke(app, ["objects", "import", str(csv_out)])
    assert "unchanged 2" in result.output, result.output


def test_changed_record_is_updated_with_status_history(cli_env, platform, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{**GOOD[0], "status": "stolen"}])
    runner.invoke(app, ["objects", "import", str(path)])
    write_jsonl(path, [{**GOOD[0], "status": "recovered", "title": "Magda & Raymond"}])
    result = runner.invoke(app, ["objects", "import", str(path)])
    assert "updated 1" in result.output
    obj = platform.objects.get(SYSTEM, "FBI-1")
    assert obj.title == "Magda & Raymond" and [h.status for h in obj.status_history] == [
        "stolen",
        "recovered",
    ]
    assert len(obj.incidents) == 1


def test_unreadable_file_is_a_clear_error(cli_env, tmp_path):
    bad = tmp_path / "x.xml"
    bad.write_text("<a/>")
    result = runner.invoke(app, ["objects", "import", str(bad)])
    assert result.exit_code == 2 and "unknown format" in result.output
    latin = tmp_path / "l.csv"
    latin.write_bytes("id,title\nA,caf\xe9\n".encode("latin-1"))
    result = runner.invoke(app, ["objects", "import", str(latin)])
    assert result.exit_code == 2 and "UTF-8" in result.output


def test_large_file_described_by_worker_processes_matches_one_process(platform, tmp_path, monkeypatch):
    """Records described in worker processes are stored exactly as when described in-process:
    same rejections (with their lines), same fingerprints (a second, in-process import of the
    same file changes nothing), and an audit chain that verifies. A large import leaves
    PostgreSQL's planner statistics fresh."""
    monkeypatch.setattr("heritrace.objects.transfer.ANALYZE_AFTER", 1000)
    records: list = [
        {**GOOD[n % 2], "id": f"W-{n}", "title": f"{GOOD[n % 2]['title']} {n}"} for n in range(1300)
    ]
    records[10] = "{broken"
    records[700] = {"id": "W-3", "title": "dup"}
    records[1100] = {"id": "W-BAD", "date_or_period": "2999"}
    path = write_jsonl(tmp_path / "big.jsonl", records)
    parallel = RegisterImporter(platform.sessions, platform.images, SYSTEM, workers=2).run(path)
    assert parallel.inserted == 1297
    assert [(r.line, r.record_id) for r in parallel.rejected] == [(11, None), (701, "W-3"), (1101, "W-BAD")]
    assert "duplicate id 'W-3' (first seen on line 4)" in parallel.rejected[1].reason
    assert "future" in parallel.rejected[2].reason
    again = RegisterImporter(platform.sessions, platform.images, SYSTEM, workers=0).run(path)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1297)
    with platform.sessions() as s:
        assert verify_chain(s) is None
        stored = s.scalar(select(CulturalObject).where(CulturalObject.external_id == "W-1201"))
        assert stored.title == "Sea at night 1201" and stored.width_cm == 48.9
        if s.get_bind().dialect.name == "postgresql":
            analysed = s.execute(
                text("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'cultural_object'")
            ).scalar()
            assert analysed is not None

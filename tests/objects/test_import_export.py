"""Bulk import and export through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from heritrace.audit.service import verify_chain
from heritrace.cli.main import app
from heritrace.core.actor import SYSTEM
from heritrace.objects.export import to_csv_row
from heritrace.objects.models import CulturalObject, ObjectImage, StatusChange
from heritrace.objects.profiles import CSV_COLUMNS
from heritrace.objects.service import ObjectFilters
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

    portable = tmp_path / "export" / "whole.jsonl"
    args = ["objects", "export", "--out", str(portable), "--copy-images"]
    assert runner.invoke(app, args).exit_code == 0
    moved = tmp_path / "elsewhere"
    (tmp_path / "export").rename(moved)
    records = [json.loads(line) for line in (moved / "whole.jsonl").read_text().splitlines()]
    assert all(p.startswith("whole_images/") for p in records[0]["images"]) and len(records[0]["images"]) == 2
    result = runner.invoke(app, ["objects", "import", str(moved / "whole.jsonl")])
    assert "inserted 0, updated 0, unchanged 2" in result.output, result.output
    moved.rename(tmp_path / "export")

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
    bad = tmp_path / "x.xls"
    bad.write_text("<a/>")
    result = runner.invoke(app, ["objects", "import", str(bad)])
    assert result.exit_code == 2 and "unknown format" in result.output
    not_lido = tmp_path / "x.xml"
    not_lido.write_text("<a/>")
    result = runner.invoke(app, ["objects", "import", str(not_lido)])
    assert result.exit_code == 2 and "no lido:lido record" in result.output
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


RICH = [
    {
        "id": "R-1",
        "type_of_object": "icon",
        "title": "Saint Nicholas",
        "maker": "Unknown workshop",
        "date_or_period": "fin du XIXe siècle",
        "materials_techniques": "tempera on panel, gilding",
        "measurements": "H. 31 cm; 1.2 kg",
        "inscriptions_markings": "inscribed in Cyrillic",
        "distinguishing_features": "crack across the lower left",
        "subject": "saint",
        "country": "Ukraine",
        "place_of_origin": "Chernihiv",
        "inventory_number": "INV-77",
        "date_documented": "2019-05-04",
        "classification": "partners",
        "status": "looted",
        "identifiers": [{"scheme": "interpol", "value": "2023/123"}, {"scheme": "museum", "value": "77"}],
        "incidents": [
            {"type": "armed_conflict_loss", "date": "2022", "place": "Chernihiv", "country": "UA"},
            {"type": "illicit_export", "date": "c. 2023", "circumstances": "seen at a border crossing"},
        ],
    },
    {
        "id": "R-2",
        "title": "Amphora",
        "type_of_object": "vase",
        "measurements": "diam. 3 cm",
        "country": "Narnia",
    },
    {**GOOD[1], "id": "R-3", "images": ["a.jpg"]},
    {**GOOD[0], "id": "R-4"},
]


def stored_view(platform, external_id: str) -> dict:  # noqa: ANN001
    """What the register holds for a record, without what differs between two imports of it."""
    skip = {"id", "external_id", "created_at", "updated_at", "search_text"}
    with platform.sessions() as s:
        obj = s.scalar(select(CulturalObject).where(CulturalObject.external_id == external_id))
        columns = {
            c.name: getattr(obj, c.name) for c in CulturalObject.__table__.columns if c.name not in skip
        }
        columns["search_text"] = obj.search_text.replace(external_id.lower().replace("-", " "), "")
        return {
            **columns,
            "materials": sorted(m.concept_id for m in obj.materials),
            "incidents": [
                {k: getattr(i, k) for k in ("type", "date_text", "date_earliest", "place", "country")}
                for i in obj.incidents
            ],
            "identifiers": sorted((i.scheme, i.value) for i in obj.identifiers),
            "history": [(h.status, h.reason) for h in obj.status_history],
            "images": [(i.sha256, i.width) for i in obj.images],
        }


def one_incident(record: dict) -> dict:
    return {"incident": record["incidents"][0]} if "incidents" in record else {}


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_worker_import_stores_exactly_what_the_one_process_import_stores(platform, tmp_path, fmt):
    """On SQLite, worker processes hand described records over in staging files that the importer
    copies in with SQL; on PostgreSQL, as objects. Either way every stored value, child row, status,
    photo and full-text entry is what the in-process import stores, and no staging file is left
    (nor one abandoned by an import that was killed)."""
    (tmp_path / "a.jpg").write_bytes(jpeg_bytes())
    records = RICH * 3
    if fmt == "csv":
        # CSV carries a single incident
        records = [{k: v for k, v in r.items() if k != "incidents"} | one_incident(r) for r in records]

    def write(prefix: str):  # noqa: ANN202
        rows = [{**r, "id": f"{prefix}{n}-{r['id']}"} for n, r in enumerate(records)]
        path = tmp_path / f"{prefix}.{fmt}"
        if fmt == "jsonl":
            return write_jsonl(path, rows)
        with open(path, "w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            for row in rows:
                writer.writerow(to_csv_row(row))
        return path

    gone = subprocess.Popen([sys.executable, "-c", ""])
    gone.wait()
    abandoned = platform.settings.data_dir / f".import-{gone.pid}-x1"
    abandoned.mkdir(parents=True)
    (abandoned / "0.db").write_bytes(b"left by a killed import")
    parallel = RegisterImporter(platform.sessions, platform.images, SYSTEM, workers=2).run(write("S"))
    single = RegisterImporter(platform.sessions, platform.images, SYSTEM, workers=0).run(write("P"))
    assert parallel.inserted == single.inserted == len(records) and not parallel.rejected
    for n, r in enumerate(records):
        assert stored_view(platform, f"S{n}-{r['id']}") == stored_view(platform, f"P{n}-{r['id']}")
    for word in ("nicholas", "icône", "amphora", "sea"):
        found = platform.objects.list(SYSTEM, ObjectFilters(q=word), per_page=100)[0]
        ids = sorted(o.external_id[1:] for o in found)
        in_process = [o.external_id[1:] for o in found if o.external_id.startswith("P")]
        assert ids and ids == sorted(in_process * 2)
    if platform.settings.database_url is None:  # staging folders, this one's and an abandoned one, gone
        assert not [p for p in platform.settings.data_dir.iterdir() if p.name.startswith(".import-")]
    with platform.sessions() as s:
        assert verify_chain(s) is None


def test_worker_import_updates_and_falls_back_record_by_record(platform, tmp_path, monkeypatch):
    """A second import through workers updates what changed and leaves the rest; when copying a
    staged batch fails, its records are written one by one and nothing is lost."""
    (tmp_path / "a.jpg").write_bytes(jpeg_bytes())
    path = write_jsonl(tmp_path / "r.jsonl", RICH)
    first = RegisterImporter(platform.sessions, platform.images, SYSTEM, workers=2).run(path)
    assert (first.inserted, first.updated, first.unchanged) == (4, 0, 0)
    changed = [{**RICH[0], "status": "recovered"}, RICH[1], *RICH[2:], {**GOOD[1], "id": "R-5"}]
    write_jsonl(path, changed)
    second = RegisterImporter(platform.sessions, platform.images, SYSTEM, workers=2).run(path)
    assert (second.inserted, second.updated, second.unchanged) == (1, 1, 3)
    assert [h.status for h in platform.objects.get(SYSTEM, "R-1").status_history] == ["looted", "recovered"]

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("disk full")

    monkeypatch.setattr("heritrace.objects.staging.copy_new", broken)
    write_jsonl(
        path, [{**GOOD[0], "id": f"F-{n}"} for n in range(5)] + [{"id": "F-BAD", "date_or_period": "2999"}]
    )
    third = RegisterImporter(platform.sessions, platform.images, SYSTEM, workers=2).run(path)
    assert third.inserted == 5 and [r.record_id for r in third.rejected] == ["F-BAD"]
    assert stored_view(platform, "F-3") == stored_view(platform, "F-0")
    assert platform.objects.get(SYSTEM, "F-4").incidents[0].place == "New York"
    assert count(platform, CulturalObject) == 10

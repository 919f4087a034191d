"""The import page through HTTP: upload, mapping with suggestions, preview, background import, and
uploads refused whole, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from heritrace.app import create_app
from heritrace.audit.models import AuditEntry
from heritrace.core.actor import SYSTEM
from heritrace.objects.models import CulturalObject, ImportJob
from heritrace.objects.service import flag_entries
from tests.conftest import add_member, add_organisation, stored_id

NATIONAL = Path(__file__).resolve().parents[2] / "examples" / "registers" / "national-stolen-register.csv"


def token(client, path: str = "/imports") -> str:  # noqa: ANN001
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)[1]


def upload(client, name: str, data: bytes, **extra):  # noqa: ANN001, ANN201
    form = {"csrf_token": token(client), **extra}
    return client.post("/imports", data=form, files={"file": (name, data)}, follow_redirects=False)


def mapping_form(page: str) -> dict[str, str]:
    """The mapping form as the page fills it in: the suggested field of every column."""
    form = {}
    for select_tag in re.findall(r'<select id="(column-\d+)".*?</select>', page, re.S):
        block = re.search(rf'<select id="{select_tag}".*?</select>', page, re.S)[0]
        form[select_tag] = re.search(r'<option value="([^"]+)" selected', block)[1]
    return form


def count(platform, model) -> int:  # noqa: ANN001
    with platform.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_upload_map_preview_and_import(platform, client, registrar):  # noqa: ANN001
    r = upload(client, "registre.csv", NATIONAL.read_bytes())
    assert r.status_code == 303, r.text
    job_url = r.headers["location"]
    page = client.get(job_url)
    assert page.status_code == 200 and "Catégorie" in page.text
    form = mapping_form(page.text)
    suggested = dict(zip(re.findall(r'data-column="([^"]+)"', page.text), form.values(), strict=True))
    assert suggested["N° de dossier"] == "id" and suggested["Type d&#39;atteinte"] == "incident.type"
    assert (
        suggested["Date des faits"] == "incident.date"
        and suggested["Référence procédure"] == "incident.reference"
    )
    assert count(platform, CulturalObject) == 0

    form.update({"csrf_token": token(client, job_url), "default-status": "stolen", "action": "preview"})
    preview = client.post(job_url, data=form)
    assert preview.status_code == 200
    assert re.search(r'id="preview-new">(\d+)<', preview.text)[1] == "8"
    assert re.search(r'id="preview-rejected">(\d+)<', preview.text)[1] == "0"
    assert int(re.search(r'id="preview-flagged">(\d+)<', preview.text)[1]) >= 1
    assert "was read from a longer text" in preview.text
    assert count(platform, CulturalObject) == 0  # a preview writes nothing

    form["action"] = "import"
    assert client.post(job_url, data=form, follow_redirects=False).status_code == 303
    done = client.get(job_url)
    assert 'id="import-report"' in done.text and "<strong>8</strong> created" in done.text
    statue = platform.objects.get(SYSTEM, stored_id(platform, registrar.organisation_id, "2019-0413"))
    assert statue.status == "stolen" and statue.organisation_id is not None
    assert any("1732" in f["message"] for f in flag_entries(statue))
    with platform.sessions() as s:
        job = s.scalar(select(ImportJob))
        assert (job.state, job.inserted, job.rejected) == ("done", 8, 0)
    assert not any((platform.settings.data_dir / "imports").rglob("*.csv"))  # the upload is gone
    with platform.sessions() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "import_job")).all()
    assert actions == ["upload", "start"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("register.txt", b"id,title\nA,x\n", "unknown format"),
        ("register.csv", "id,title\nA,caf\xe9\n".encode("latin-1"), "not UTF-8 text"),
        ("register.csv", b"id,title\n", "no records"),
        ("register.xlsx", b"PK\x03\x04 not really a workbook", "not an Excel workbook"),
        ("register.csv", b"", "must name the columns"),
    ],
)
def test_an_upload_that_cannot_be_read_is_refused_whole(platform, client, name, data, message):  # noqa: ANN001
    r = upload(client, name, data)
    assert r.status_code == 422 and message in r.text
    assert count(platform, ImportJob) == 0
    assert not any(p.is_file() for p in (platform.settings.data_dir / "imports").rglob("*"))


def test_an_oversized_upload_is_refused(platform, client, monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(platform.imports, "max_bytes", 100)
    r = upload(client, "big.csv", b"id,title\n" + b"A,x\n" * 100)
    assert r.status_code == 413 and count(platform, ImportJob) == 0


def test_another_organisation_neither_sees_nor_runs_an_import(platform, client):  # noqa: ANN001
    job_url = upload(client, "r.csv", NATIONAL.read_bytes()).headers["location"]
    other = add_member(platform, "other", add_organisation(platform, "Other Museum"), ["registrar"])
    with TestClient(create_app(platform=platform), headers=other.headers) as c:
        assert c.get(job_url).status_code == 404
        assert c.post(job_url, data={"csrf_token": token(c), "action": "import"}).status_code == 404
        assert "r.csv" not in c.get("/imports").text


def test_the_preview_does_not_meet_ids_of_another_organisations_records(platform, client, tmp_path):  # noqa: ANN001
    other = add_organisation(platform, "Carabinieri TPC", "police")
    from dataclasses import replace

    from heritrace.objects.schemas import ObjectIn

    platform.objects.create(replace(SYSTEM, organisation_id=other), ObjectIn(id="2019-0412", title="theirs"))
    job_url = upload(client, "r.csv", NATIONAL.read_bytes()).headers["location"]
    form = mapping_form(client.get(job_url).text)
    form.update({"csrf_token": token(client, job_url), "action": "preview"})
    preview = client.post(job_url, data=form)
    # the row's id is qualified into the importer's namespace: the other record is neither met nor named
    assert re.search(r'id="preview-rejected">(\d+)<', preview.text)[1] == "0"
    assert "another organisation" not in preview.text
    form["action"] = "import"
    client.post(job_url, data=form)
    assert platform.objects.get(SYSTEM, stored_id(platform, other, "2019-0412")).title == "theirs"

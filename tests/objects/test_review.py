"""The review queue of flagged values, per organisation, fixed in place (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from fastapi.testclient import TestClient

from heritrace.app import create_app
from heritrace.core.actor import SYSTEM
from heritrace.objects.service import flag_entries
from heritrace.objects.transfer import RegisterImporter
from tests.conftest import add_member, add_organisation, stored_id
from tests.objects.test_controlled_values import DESCRIPTION_IN_DATE


def _import(platform, organisation_id: int, tmp_path):  # noqa: ANN001, ANN202
    """Import four records for the organisation; returns how each chosen id is stored."""
    records = [
        {"id": "Q-1", "title": "Statue", "date_or_period": DESCRIPTION_IN_DATE},
        {"id": "Q-2", "title": "Chalice", "status": "gone, probably",
         "incident": {"type": "taken during the works", "date": "2019"}},
        {"id": "Q-3", "title": "Panel", "measurements": "as big as a door"},
        {"id": "Q-4", "title": "Clean", "date_or_period": "1650"},
    ]  # fmt: skip
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    actor = replace(SYSTEM, organisation_id=organisation_id)
    report = RegisterImporter(platform.sessions, platform.images, actor).run(path)
    assert report.inserted == 4 and report.flagged == 3
    return lambda rid: stored_id(platform, organisation_id, rid)


def _fix(client, object_id: str, field: str, value: str = "", action: str = "fix"):  # noqa: ANN001, ANN201
    page = client.get("/review")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    version = re.search(rf'action="/review/{object_id}">.*?name="version" value="(\d+)"', page.text, re.S)[1]
    form = {"csrf_token": token, "field": field, "value": value, "version": version, "action": action}
    return client.post(f"/review/{object_id}", data=form)


def test_flagged_values_are_listed_and_fixed_in_place(platform, client, registrar, tmp_path):  # noqa: ANN001
    q = _import(platform, registrar.organisation_id, tmp_path)
    page = client.get("/review")
    assert page.status_code == 200 and "3 records to review" in page.text
    assert "Q-4" not in page.text and "was read from a longer text" in page.text

    r = _fix(client, q("Q-1"), "date_or_period", "1732")  # the long text goes, the year stays
    assert r.status_code == 200, r.text
    statue = platform.objects.get(SYSTEM, q("Q-1"))
    assert statue.date_text == "1732" and statue.date_earliest == 1732
    assert [f["field"] for f in flag_entries(statue)] == []

    assert _fix(client, q("Q-2"), "status", "stolen").status_code == 200
    assert _fix(client, q("Q-2"), "incident.0.type", "theft").status_code == 200
    chalice = platform.objects.get(SYSTEM, q("Q-2"))
    assert chalice.status == "stolen" and chalice.incidents[0].type == "theft"
    assert chalice.incidents[0].type_text is None and chalice.incidents[0].date_earliest == 2019
    assert flag_entries(chalice) == []

    assert _fix(client, q("Q-3"), "measurements", action="keep").status_code == 200
    panel = platform.objects.get(SYSTEM, q("Q-3"))
    assert panel.measurements_text == "as big as a door" and panel.flags is None
    assert "Nothing to review" in client.get("/review").text


def test_a_wrong_fix_says_why_and_changes_nothing(platform, client, registrar, tmp_path):  # noqa: ANN001
    q = _import(platform, registrar.organisation_id, tmp_path)
    r = _fix(client, q("Q-3"), "measurements", "90000 x 60 cm")
    assert r.status_code == 422 and "absurd" in r.text
    assert platform.objects.get(SYSTEM, q("Q-3")).measurements_text == "as big as a door"
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/review").text)[1]
    stale = {"csrf_token": token, "field": "measurements", "value": "30 cm", "version": "99", "action": "fix"}
    assert client.post(f"/review/{q('Q-3')}", data=stale).status_code == 409


def test_an_unusual_size_is_kept_for_review_not_refused(platform, client, registrar, tmp_path):  # noqa: ANN001
    """A 145 m wall work (a real museum record's size) is imported with its size, flagged; the flag
    names the dimension in the reader's language."""
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": "W-1", "title": "Waterfall Line", "measurements": "4540 x 145500 mm"}))
    actor = replace(SYSTEM, organisation_id=registrar.organisation_id)
    report = RegisterImporter(platform.sessions, platform.images, actor).run(path)
    assert (report.inserted, report.flagged, report.rejected) == (1, 1, [])
    record = platform.objects.get(SYSTEM, stored_id(platform, registrar.organisation_id, "W-1"))
    assert record.width_cm == 14550 and record.height_cm == 454
    assert [f["field"] for f in flag_entries(record)] == ["measurements"]
    assert "unusual width 14550 cm: check the value and its unit" in client.get("/review").text
    french = client.get("/review?lang=fr").text
    assert "largeur" in french and "unusual" not in french


def test_the_queue_is_the_organisations_own(platform, client, registrar, tmp_path):  # noqa: ANN001
    q = _import(platform, registrar.organisation_id, tmp_path)
    other = add_member(platform, "other", add_organisation(platform, "Other Museum"), ["registrar"])
    with TestClient(create_app(platform=platform), headers=other.headers) as c:
        page = c.get("/review")
        assert "0 records to review" in page.text and "Q-1" not in page.text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
        form = {"csrf_token": token, "field": "measurements", "value": "", "version": "1", "action": "keep"}
        assert c.post(f"/review/{q('Q-3')}", data=form).status_code == 404
    assert platform.objects.get(SYSTEM, q("Q-3")).flags is not None

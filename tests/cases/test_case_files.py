"""Case files over the API: facts checked, documents hashed, optimistic locking, deadlines, reminders,
request forms and results."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from fastapi.testclient import TestClient

from heritrace.app import create_app
from heritrace.cases.schemas import CaseIn
from heritrace.core.actor import SYSTEM
from tests.cases.helpers import actor, case_body, walk_to_return

SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"])


def _open(api, cast, **extra) -> dict:  # noqa: ANN001, ANN003
    r = api.post("/api/v1/cases", json=case_body(cast.objects, **extra))
    assert r.status_code == 201, r.text
    return r.json()


def _edit(case: dict, **changes) -> dict:  # noqa: ANN003
    keys = (
        "title",
        "summary",
        "classification",
        "legal_basis",
        "requesting_state",
        "holding_state",
        "claim",
        "object_categories",
        "event_date",
        "knowledge_date",
        "notification_date",
        "proceedings_date",
        "unverified_facts",
        "returned_on",
    )
    body = {k: case[k] for k in keys}
    body["parties"] = [{k: p[k] for k in ("role", "name", "country", "reference")} for p in case["parties"]]
    return {**body, "version": case["version"], **changes}


def test_second_editor_gets_a_conflict_and_nothing_is_overwritten(api, cast):  # noqa: ANN001
    case = _open(api, cast)
    first = api.put(f"/api/v1/cases/{case['id']}", json=_edit(case, title="Edited by the first"))
    assert first.status_code == 200 and first.json()["version"] == case["version"] + 1
    second = api.put(f"/api/v1/cases/{case['id']}", json=_edit(case, title="Edited by the second"))
    assert second.status_code == 409
    assert (
        "changed by someone else" in second.json()["detail"]
        and "nothing was saved" in second.json()["detail"]
    )
    stored = api.get(f"/api/v1/cases/{case['id']}").json()
    assert stored["title"] == "Edited by the first" and stored["version"] == first.json()["version"]
    stale_move = {"to_state": "object_located", "version": case["version"]}
    assert api.post(f"/api/v1/cases/{case['id']}/transitions", json=stale_move).status_code == 409
    assert api.get(f"/api/v1/cases/{case['id']}").json()["state"] == "opened"


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"knowledge_date": "2014-01-01"}, "knowledge_date", "before event_date"),
        ({"holding_state": "XX"}, "holding_state", "unknown State"),
        ({"object_categories": ["palace"]}, "object_categories", "unknown categories"),
        ({"object_ids": ["NO-SUCH-1"]}, "object_ids", "not in the register"),
    ],
)
def test_wrong_facts_are_refused_field_by_field(api, cast, change, field, words):  # noqa: ANN001
    r = api.post("/api/v1/cases", json=case_body(cast.objects, **change))
    assert r.status_code == 422 and words in r.json()["errors"][field]


@SQLITE_ONLY
def test_deadline_panel_from_the_case_facts(api, cast):  # noqa: ANN001
    case = _open(api, cast, unverified_facts=["knowledge_date"])
    panel = api.get(f"/api/v1/cases/{case['id']}/deadlines", params={"as_of": "2025-01-01"}).json()
    relative = next(
        d for d in panel["deadlines"] if d["instrument"] == "EU-2014/60" and d["limit"] == "relative"
    )
    assert (relative["start"], relative["due"], relative["status"]) == ("2024-06-01", "2027-06-01", "running")
    assert relative["article"] and relative["reason"]
    assert relative["unverified_facts"] == ["knowledge_date"]
    assert panel["unverified_facts"] == ["knowledge_date"]
    bare = _open(api, cast, knowledge_date=None, notification_date=None, event_date=None, claim=None)
    panel = api.get(f"/api/v1/cases/{bare['id']}/deadlines").json()
    assert panel["deadlines"] == [] and any(n.startswith("claim") for n in panel["needed"])


@SQLITE_ONLY
def test_reminders_reach_the_organisation_inbox_once(platform, api, cast):  # noqa: ANN001
    case = _open(api, cast)
    # the Directive's Art. 5(3) check is due six months after the notification of 2024-07-01
    assert platform.cases.remind_due(date(2024, 12, 20), within_days=30) >= 1
    assert platform.cases.remind_due(date(2024, 12, 20), within_days=30) == 0
    assert platform.cases.remind_due(date(2024, 8, 1), within_days=30) == 0  # nothing due that soon
    entries = platform.diligence.inbox.entries(actor(cast.people["registrar"], ["registrar"]))
    notice = next(e for e in entries if e.kind == "case_deadline")
    assert "2025-01-01" in notice.subject and f"case {case['id']}" in notice.subject
    assert platform.diligence.inbox.entries(actor(cast.outsider, ["registrar"])) == []
    kinds = [e["kind"] for e in api.get(f"/api/v1/cases/{case['id']}").json()["timeline"]]
    assert "reminder" in kinds


@SQLITE_ONLY
def test_documents_are_hashed_and_a_modified_file_is_detected(platform, api, cast):  # noqa: ANN001
    case = _open(api, cast)
    data = b"%PDF-1.4 police report no. 123\n"
    r = api.post(
        f"/api/v1/cases/{case['id']}/documents",
        files={"file": ("report.pdf", data, "application/pdf")},
        data={"title": "Police report", "classification": "law_enforcement"},
    )
    assert r.status_code == 201
    doc = r.json()
    assert doc["sha256"] == hashlib.sha256(data).hexdigest()
    url = f"/api/v1/cases/{case['id']}/documents/{doc['id']}"
    assert api.get(url).content == data
    assert api.get(url + "/integrity").json()["ok"] is True
    stored = platform.cases.documents.path(doc["sha256"])
    stored.write_bytes(data.replace(b"123", b"124"))
    check = api.get(url + "/integrity").json()
    assert check["ok"] is False and "modified" in check["message"]
    stored.unlink()
    assert api.get(url + "/integrity").json()["message"] == "the stored file is missing"


@SQLITE_ONLY
def test_restricted_cases_are_invisible_to_other_organisations(platform, api, cast):  # noqa: ANN001
    case = _open(api, cast)
    with TestClient(create_app(platform=platform), headers=cast.outsider.headers) as other:
        assert other.get(f"/api/v1/cases/{case['id']}").status_code == 404
        assert other.get("/api/v1/cases").json() == []
        assert other.get(f"/api/v1/cases/{case['id']}/request.json").status_code == 404


@SQLITE_ONLY
def test_request_forms_one_object_per_form_in_json_and_pdf(api, cast):  # noqa: ANN001
    case = _open(api, cast)
    forms = api.get(f"/api/v1/cases/{case['id']}/request.json").json()
    assert [f["object"]["external_id"] for f in forms] == cast.objects
    assert forms[0]["requesting_state"] == "IT" and forms[0]["form_number"] == "1 of 2"
    assert forms[0]["facts"]["event_date"] == "2015-03-01"
    assert "Directive 2014/60/EU" in forms[0]["legal_basis"]
    one = api.get(f"/api/v1/cases/{case['id']}/request.json", params={"object_id": cast.objects[1]}).json()
    assert len(one) == 1 and one[0]["object"]["title"] == "Madonna 2"
    pdf = api.get(f"/api/v1/cases/{case['id']}/request.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    pages = pdf.content.count(b"/Type /Page") - pdf.content.count(b"/Type /Pages")
    assert pages == 2  # one form per object
    assert json.dumps(forms)  # plain JSON, nothing else


@SQLITE_ONLY
def test_results_count_returned_objects_per_year_and_country(platform, cast, anon_client):  # noqa: ANN001
    registrar = actor(cast.people["registrar"], ["registrar"])
    plans = [
        ("IT", date(2023, 5, 1), cast.objects),
        ("IT", date(2024, 2, 1), cast.objects[:1]),
        ("GR", date(2024, 9, 9), cast.objects[1:]),
    ]
    for state, day, objects in plans:
        body = case_body(objects, requesting_state=state, classification="public")
        case = platform.cases.create(registrar, CaseIn.model_validate(body))
        walk_to_return(platform, case.id, cast, day)
    platform.cases.create(registrar, CaseIn.model_validate(case_body(cast.objects, classification="public")))
    stats = platform.cases.results(SYSTEM)
    assert stats["per_year"] == [(2023, 2), (2024, 2)]
    assert dict(stats["per_country"]) == {"IT": 3, "GR": 1}
    assert stats["closed_cases"] == 3 and stats["objects_returned"] == 4
    page = anon_client.get("/cases/results")
    assert page.status_code == 200 and page.text.count('class="bar"') == 2 + 2 + 1


@SQLITE_ONLY
def test_remind_command_posts_the_reminders(platform, api, cast):  # noqa: ANN001
    from typer.testing import CliRunner

    from heritrace.cli.main import app

    _open(api, cast)
    env = {"HERITRACE_DATA_DIR": str(platform.settings.data_dir), "HERITRACE_MODE": "test"}
    args = ["cases", "remind", "--as-of", "2024-12-20", "--within-days", "30"]
    first = CliRunner().invoke(app, args, env=env)
    assert first.exit_code == 0 and first.output.startswith("1 reminder posted"), first.output
    assert CliRunner().invoke(app, args, env=env).output.startswith("0 reminders posted")
    assert CliRunner().invoke(app, ["cases", "remind", "--as-of", "soon"], env=env).exit_code == 2


def test_a_case_shows_only_the_records_its_reader_may_read(platform, api, cast):  # noqa: ANN001
    restricted = {"id": "IT-NA-2015-009", "title": "Chalice", "classification": "restricted"}
    r = api.post("/api/v1/objects", json=restricted)
    assert r.status_code == 201
    everything = [*cast.objects, r.json()["id"]]  # cases name records by their stored ids
    case = _open(api, cast, classification="partners", object_ids=everything)
    assert case["objects"] == everything and case["objects_withheld"] == 0
    with TestClient(create_app(platform=platform), headers=cast.outsider.headers) as other:
        seen = other.get(f"/api/v1/cases/{case['id']}").json()
        assert seen["objects"] == cast.objects and seen["objects_withheld"] == 1
        [summary] = other.get("/api/v1/cases").json()
        assert summary["objects"] == cast.objects and summary["objects_withheld"] == 1
        page = other.get(f"/cases/{case['id']}").text
        assert "IT-NA-2015-009" not in page and "and 1 record you may not read" in page
        assert "IT-NA-2015-009" not in other.get("/cases").text


def test_a_steps_required_facts_are_named_in_the_readers_language(api, cast):  # noqa: ANN001
    case = _open(api, cast, requesting_state=None, holding_state=None)
    page = api.get(f"/cases/{case['id']}?lang=fr").text
    assert "État requérant" in page and "Demande notifiée" in page  # what the next steps need
    for english in ("Requesting state", "Notification date", "Holding state"):
        assert english not in page, english

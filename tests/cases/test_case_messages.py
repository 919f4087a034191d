"""Secure messages among the parties of a case: who reads and posts, classification, attachments and their
size limit, the timeline, the audit log and the inbox notices."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from heritrace.audit.models import AuditEntry
from heritrace.cases.models import CaseDocument, CaseMessage
from tests.cases.helpers import actor, case_body
from tests.conftest import add_member, add_organisation

SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"])


def _client(app, member) -> TestClient:  # noqa: ANN001
    return TestClient(app, headers=member.headers)


def _open(client, cast, **extra) -> dict:  # noqa: ANN001, ANN003
    r = client.post("/api/v1/cases", json=case_body(cast.objects, **extra))
    assert r.status_code == 201, r.text
    return r.json()


def _post(client, case_id: int, text: str, classification: str | None = None, file=None):  # noqa: ANN001, ANN202
    data = {"text": text} | ({"classification": classification} if classification else {})
    files = {"file": file} if file else None
    return client.post(f"/api/v1/cases/{case_id}/messages", data=data, files=files)


def test_a_thread_between_two_organisations_with_notices_timeline_and_audit(platform, app, cast):  # noqa: ANN001
    registrar = _client(app, cast.people["registrar"])
    case = _open(registrar, cast, classification="partners")
    with _client(app, cast.outsider) as outsider:
        r = _post(
            outsider,
            case["id"],
            "We hold the sale records of 2016.",
            file=("sale.txt", b"lot 12", "text/plain"),
        )
        assert r.status_code == 201, r.text
        first = r.json()
        assert first["author"] == "outsider" and first["author_organisation"] == "Musée de Lyon"
        assert first["classification"] == "partners" and first["attachment"]["filename"] == "sale.txt"
        assert (
            outsider.get(f"/api/v1/cases/{case['id']}/documents/{first['attachment']['id']}").content
            == b"lot 12"
        )
    reply = _post(registrar, case["id"], "Thank you, please upload them.")
    assert reply.status_code == 201
    thread = registrar.get(f"/api/v1/cases/{case['id']}/messages").json()
    assert [m["text"] for m in thread] == [
        "We hold the sale records of 2016.",
        "Thank you, please upload them.",
    ]
    timeline = registrar.get(f"/api/v1/cases/{case['id']}").json()["timeline"]
    assert [e["note"] for e in timeline if e["kind"] == "message"] == [
        "message from outsider (Musée de Lyon)",
        "message from m-registrar (Museo Nazionale)",
    ]
    # the case's organisation is told of the outsider's message, the outsider's of the reply; never the text
    museum = platform.cases.inbox.entries(actor(cast.people["analyst"], ["analyst"]))
    lyon = platform.cases.inbox.entries(actor(cast.outsider, ["registrar"]))
    assert [e.kind for e in museum] == ["case_message"] and [e.kind for e in lyon] == ["case_message"]
    assert "Musée de Lyon" in museum[0].subject and "sale records" not in museum[0].body
    assert "Museo Nazionale" in lyon[0].subject
    with platform.sessions() as s:
        audited = s.scalars(select(AuditEntry.after).where(AuditEntry.action == "case.message")).all()
    assert len(audited) == 2 and all("text_sha256" in a for a in audited)
    registrar.close()


def test_law_enforcement_messages_are_hidden_from_other_partners(platform, app, cast):  # noqa: ANN001
    police = add_organisation(platform, "Carabinieri TPC", "police")
    officer = add_member(platform, "officer", police, ["investigator"])
    registrar = _client(app, cast.people["registrar"])
    case = _open(registrar, cast, classification="partners")
    assert _post(registrar, case["id"], "The suspect is known to us.", "law_enforcement").status_code == 201
    assert _post(registrar, case["id"], "A general update.").status_code == 201
    with _client(app, cast.outsider) as outsider:
        seen = outsider.get(f"/api/v1/cases/{case['id']}/messages").json()
        assert [m["text"] for m in seen] == ["A general update."]
        body = outsider.get(f"/api/v1/cases/{case['id']}").json()
        assert len(body["messages"]) == 1 and sum(e["kind"] == "message" for e in body["timeline"]) == 1
        refused = _post(outsider, case["id"], "I may not read this", "law_enforcement")
        assert refused.status_code == 422 and "could not read" in refused.json()["errors"]["classification"]
    with _client(app, officer) as police_client:
        seen = police_client.get(f"/api/v1/cases/{case['id']}/messages").json()
        assert len(seen) == 2
    registrar.close()


@SQLITE_ONLY
def test_who_may_not_read_the_case_may_neither_read_nor_post(platform, app, cast, anon_client):  # noqa: ANN001
    registrar = _client(app, cast.people["registrar"])
    case = _open(registrar, cast)  # restricted: the museum only
    assert _post(registrar, case["id"], "internal note").status_code == 201
    with _client(app, cast.outsider) as outsider:
        assert outsider.get(f"/api/v1/cases/{case['id']}/messages").status_code == 404
        assert _post(outsider, case["id"], "let me in").status_code == 404
    assert anon_client.get(f"/api/v1/cases/{case['id']}/messages").status_code == 401
    wider = _post(registrar, case["id"], "to everyone", "partners")
    assert wider.status_code == 422 and "wider than its case" in wider.json()["errors"]["classification"]
    assert _post(registrar, case["id"], "   ").status_code == 422
    with platform.sessions() as s:
        assert s.scalar(select(func.count(CaseMessage.id))) == 1
    registrar.close()


@SQLITE_ONLY
def test_an_oversize_attachment_is_refused_and_nothing_is_stored(platform, app, cast, monkeypatch):  # noqa: ANN001
    registrar = _client(app, cast.people["registrar"])
    case = _open(registrar, cast)
    monkeypatch.setattr(platform.settings, "max_upload_bytes", 1000)
    r = _post(registrar, case["id"], "the scan", file=("scan.tif", b"x" * 1001, "image/tiff"))
    assert r.status_code == 413
    assert r.json()["errors"]["file"] == "scan.tif is over the 1,000-byte limit; nothing was stored"
    with platform.sessions() as s:
        assert s.scalar(select(func.count(CaseMessage.id))) == 0
        assert s.scalar(select(func.count(CaseDocument.id))) == 0
        assert s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "case.message")) == 0
    documents = platform.settings.data_dir / "documents"
    assert not documents.exists() or not any(p.is_file() for p in documents.rglob("*"))
    assert registrar.get(f"/api/v1/cases/{case['id']}/messages").json() == []
    registrar.close()

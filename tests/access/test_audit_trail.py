"""The audit trail: request ids, audited reads, export, and tamper detection by `heritrace audit verify`
after editing the table directly with SQL (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from heritrace.audit.models import AuditEntry
from heritrace.cli.main import app as cli
from tests.conftest import add_member, add_organisation

runner = CliRunner()


@pytest.fixture
def cli_env(settings, monkeypatch):  # noqa: ANN001
    monkeypatch.setenv("HERITRACE_DATA_DIR", str(settings.data_dir))
    if settings.database_url:
        monkeypatch.setenv("HERITRACE_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("HERITRACE_DATABASE_URL", raising=False)


def entries(platform) -> list[AuditEntry]:  # noqa: ANN001
    with platform.sessions() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_writes_and_sensitive_reads_carry_the_request_id(platform, client):  # noqa: ANN001
    r = client.post(
        "/api/v1/objects",
        json={"id": "LE-1", "title": "Seized icon", "classification": "law_enforcement"},
        headers={"X-Request-ID": "req-create-1"},
    )
    assert r.status_code == 201
    stored = r.json()["id"]
    client.post("/api/v1/objects", json={"id": "PUB-1", "title": "Public icon"})
    client.get("/api/v1/objects/LE-1", headers={"X-Request-ID": "req-read-1"})
    client.get("/objects/LE-1", headers={"X-Request-ID": "req-read-2"})
    client.get("/api/v1/objects/PUB-1")
    log = entries(platform)
    create = next(e for e in log if e.action == "create" and e.entity_id == stored)
    assert create.request_id == "req-create-1" and create.user_id is not None and create.organisation_id
    reads = [e for e in log if e.action == "read"]
    assert [(e.entity_id, e.request_id) for e in reads] == [(stored, "req-read-1"), (stored, "req-read-2")]


def test_admin_browses_and_exports_others_cannot(platform, client, registrar):  # noqa: ANN001
    client.post("/api/v1/objects", json={"id": "A-1", "title": '=HYPERLINK("x")'})
    admin = add_member(
        platform, "operator", add_organisation(platform, "UNESCO", "operator"), ["platform_admin"]
    )
    assert client.get("/api/v1/audit").status_code == 403  # a registrar
    page = client.get("/api/v1/audit", headers=admin.headers).json()
    assert page["total"] >= 3 and page["items"][0]["id"] > page["items"][-1]["id"]
    lines = client.get(
        "/api/v1/audit/export", params={"format": "jsonl"}, headers=admin.headers
    ).text.splitlines()
    assert len(lines) == page["total"] and json.loads(lines[0])["prev_hash"] == "0" * 64
    rows = list(
        csv.DictReader(io.StringIO(client.get("/admin/audit/export?format=csv", headers=admin.headers).text))
    )
    assert len(rows) == page["total"]
    assert "Audit log" in client.get("/admin/audit", headers=admin.headers).text
    assert client.get("/admin/audit").status_code == 403


def _populate(platform, client) -> None:  # noqa: ANN001
    for n in range(6):
        assert (
            client.post("/api/v1/objects", json={"id": f"CH-{n}", "title": f"chain {n}"}).status_code == 201
        )


def _verify() -> tuple[int, str]:
    result = runner.invoke(cli, ["audit", "verify"])
    return result.exit_code, result.output


def test_verify_passes_on_an_intact_log(platform, client, cli_env):  # noqa: ANN001
    _populate(platform, client)
    code, out = _verify()
    assert code == 0 and "intact" in out


@pytest.mark.parametrize("tamper", ["alter", "delete", "insert"])
def test_verify_names_the_first_tampered_entry(platform, client, cli_env, tamper):  # noqa: ANN001
    _populate(platform, client)
    log = entries(platform)
    victim = log[3]
    with platform.engine.begin() as conn:
        if tamper == "alter":
            conn.execute(
                text("UPDATE audit_entry SET actor = 'someone else' WHERE id = :i"), {"i": victim.id}
            )
            expected = victim.id
        elif tamper == "delete":
            conn.execute(text("DELETE FROM audit_entry WHERE id = :i"), {"i": victim.id})
            expected = log[4].id
        else:
            conn.execute(
                text(
                    "INSERT INTO audit_entry (id, at, actor, action, entity, entity_id, prev_hash, "
                    "entry_hash) "
                    "VALUES (:i, :at, 'intruder', 'create', 'object', 'FAKE', :p, :h)"
                ),
                {"i": log[-1].id + 1, "at": victim.at, "p": "f" * 64, "h": "e" * 64},
            )
            expected = log[-1].id + 1
    code, out = _verify()
    assert code == 1 and f"entry {expected}" in out


def test_truncated_tail_is_caught_with_the_expected_head(platform, client, cli_env):  # noqa: ANN001
    _populate(platform, client)
    head = entries(platform)[-1]
    with platform.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE id = :i"), {"i": head.id})
    assert _verify()[0] == 0  # a chain alone cannot see its end cut off...
    result = runner.invoke(cli, ["audit", "verify", "--expect-head", head.entry_hash])
    assert result.exit_code == 1  # ...a head hash kept elsewhere can

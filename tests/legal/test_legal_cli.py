"""``heritrace legal deadlines`` through typer's CliRunner."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from heritrace.cli.legal import app

FACTS = {
    "requesting_state": "RO",
    "holding_state": "CN",
    "claim": "stolen",
    "object_category": [],
    "event_date": "2004-02-29",
    "knowledge_date": "2020-02-29",
    "as_of": "2023-03-01",
}
KEYS = ["instrument", "article", "start", "due", "status", "reason"]


def invoke(*args, stdin=None):
    return CliRunner().invoke(app, ["deadlines", *args], input=stdin)


def test_prints_json_list_from_file(tmp_path):
    path = tmp_path / "FACTS.json"
    path.write_text(json.dumps(FACTS))
    result = invoke(str(path))
    assert result.exit_code == 0, result.output
    limits = json.loads(result.stdout)
    assert isinstance(limits, list) and limits
    for item in limits:
        assert list(item)[:6] == KEYS
    relative = [i for i in limits if i["article"] == "3(3)" and i["start"] == "2020-02-29"][0]
    assert relative["instrument"] == "UNIDROIT-1995"
    assert relative["due"] == "2023-02-28" and relative["status"] == "expired"


def test_reads_stdin_and_reports_needs_on_stderr():
    result = invoke("-", stdin=json.dumps(FACTS))
    assert result.exit_code == 0
    assert json.loads(result.stdout)
    assert "icprcp.session_date" in result.stderr


def test_full_report_option():
    result = invoke("--report", "-", stdin=json.dumps(FACTS))
    body = json.loads(result.stdout)
    assert set(body) == {"as_of", "deadlines", "needs", "not_applicable", "notes"}
    assert any(e["instrument"] == "EU-2014/60" for e in body["not_applicable"])


def test_bad_input_exits_2_with_field_messages():
    bad = {**FACTS, "knowledge_date": "2003-01-01", "holding_state": "QQ"}
    result = invoke("-", stdin=json.dumps(bad))
    assert result.exit_code == 2
    assert "knowledge_date" in result.stderr and "holding_state" in result.stderr
    assert result.stdout == ""


def test_invalid_json_and_missing_file_exit_2(tmp_path):
    assert invoke("-", stdin="{not json").exit_code == 2
    missing = invoke(str(tmp_path / "absent.json"))
    assert missing.exit_code == 2 and "cannot read" in missing.stderr

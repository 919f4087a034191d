"""CLI messages meant for people: whole lines when piped, a non-zero exit on a non-image, one --out."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from typer.testing import CliRunner

from heritrace.cli.main import app


def test_identify_on_a_non_image_fails_with_one_clear_line(tmp_path):  # noqa: ANN001
    notes = tmp_path / "notes.jpg"
    notes.write_text("not a photo, just words " * 5)
    env = {**os.environ, "HERITRACE_DATA_DIR": str(tmp_path / "data"), "HERITRACE_DATABASE_URL": ""}
    env.pop("COLUMNS", None)
    cmd = [sys.executable, "-m", "heritrace.cli.main", "identify", str(notes)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if "not an image" in line]
    # piped: the message is not cut at 80 columns
    assert lines and lines[0].startswith(str(notes)), done.stderr
    assert lines[0].rstrip().endswith("JPEG, PNG, WebP, TIFF)"), done.stderr


def test_exports_spell_out_the_same_way(tmp_path, monkeypatch):  # noqa: ANN001
    monkeypatch.setenv("HERITRACE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HERITRACE_DATABASE_URL", "")
    runner = CliRunner()
    audit = tmp_path / "audit.jsonl"
    objects = tmp_path / "objects.jsonl"
    r = runner.invoke(app, ["audit", "export", "--out", str(audit)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["objects", "export", "--out", str(objects)])
    assert r.exit_code == 0, r.output
    assert audit.exists() and objects.exists()
    r = runner.invoke(app, ["audit", "export", "-o", str(tmp_path / "old.jsonl")])  # the old spelling
    assert r.exit_code == 0 and (tmp_path / "old.jsonl").exists()
    for line in audit.read_text().splitlines():
        json.loads(line)

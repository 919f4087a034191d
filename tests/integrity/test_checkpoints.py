"""Signed checkpoints of the audit log: written every N entries and on `heritrace audit checkpoint`;
a log rewritten and re-hashed by someone with database access passes the hash chain but not the
checkpoints (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from heritrace.audit.models import AuditCheckpoint, AuditEntry
from heritrace.audit.service import CHAINED, GENESIS, AuditLog, entry_hash, verify_chain
from heritrace.cli.main import app as cli
from heritrace.core.actor import SYSTEM
from tests.access.test_audit_trail import cli_env  # noqa: F401 - the fixture

runner = CliRunner()


def _write(platform, n: int, start: int = 0) -> None:  # noqa: ANN001
    for i in range(start, start + n):
        with platform.sessions.begin() as s:
            AuditLog(s).record(SYSTEM, "note", "test", f"E-{i}", after={"i": i})


def _checkpoints(platform) -> list[AuditCheckpoint]:  # noqa: ANN001
    with platform.sessions() as s:
        return list(s.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.entry_id)))


def _rehash_from(platform, entry_id: int, **changes) -> None:  # noqa: ANN001
    """What an intruder with write access does: change an entry, then recompute every hash after it."""
    with platform.engine.begin() as conn:
        sets = ", ".join(f"{k} = :{k}" for k in changes)
        conn.execute(text(f"UPDATE audit_entry SET {sets} WHERE id = :i"), {**changes, "i": entry_id})
    with platform.sessions() as s:
        rows = list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    prev = GENESIS
    with platform.engine.begin() as conn:
        for row in rows:
            digest = entry_hash(prev, {k: getattr(row, k) for k in CHAINED})
            conn.execute(
                text("UPDATE audit_entry SET prev_hash = :p, entry_hash = :h WHERE id = :i"),
                {"p": prev, "h": digest, "i": row.id},
            )
            prev = digest


def test_a_checkpoint_is_signed_every_n_entries(platform):  # noqa: ANN001
    platform.checkpoints.every = 5
    _write(platform, 12)
    cps = _checkpoints(platform)
    assert [c.entry_id for c in cps] == [5, 10]
    key = platform.audit_key
    assert all(c.key_id == key.key_id for c in cps) and cps[1].prev_checkpoint != "0" * 64


def test_checkpoint_command_signs_the_head_and_verify_reports_it(platform, cli_env):  # noqa: ANN001, F811
    _write(platform, 3)
    out = runner.invoke(cli, ["audit", "checkpoint"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    with platform.sessions() as s:
        head = s.execute(select(AuditEntry.id, AuditEntry.entry_hash).order_by(AuditEntry.id.desc())).first()
    assert (doc["entry_id"], doc["entry_hash"]) == tuple(head) and doc["signature"]
    result = runner.invoke(cli, ["audit", "verify"])
    assert result.exit_code == 0 and "1 signed checkpoint(s) match" in result.output


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_rehashed_forgery_is_detected(platform, cli_env, where):  # noqa: ANN001, F811
    platform.checkpoints.every = 5
    _write(platform, 12)
    victim = 3 if where == "before" else 11  # covered by a checkpoint, or after the last one
    if where == "after":
        assert runner.invoke(cli, ["audit", "checkpoint"]).exit_code == 0
    _rehash_from(platform, victim, actor="someone else")
    with platform.sessions() as s:
        assert verify_chain(s) is None  # the chain alone is fooled: every hash was recomputed
    result = runner.invoke(cli, ["audit", "verify"])
    assert result.exit_code == 1
    assert "checkpoint" in result.output and "re-hashed" in result.output


def test_removing_checkpoints_is_detected(platform, cli_env):  # noqa: ANN001, F811
    platform.checkpoints.every = 5
    _write(platform, 16)
    assert len(_checkpoints(platform)) == 3
    with platform.engine.begin() as conn:  # the middle one: the next no longer follows
        conn.execute(text("DELETE FROM audit_checkpoint WHERE entry_id = 10"))
    result = runner.invoke(cli, ["audit", "verify"])
    assert result.exit_code == 1 and "removed" in result.output
    with platform.engine.begin() as conn:  # the last ones: the head runs past the due one
        conn.execute(text("DELETE FROM audit_checkpoint WHERE entry_id > 5"))
    result = runner.invoke(cli, ["audit", "verify"])
    assert result.exit_code == 1 and "no checkpoint covers entries 6-16" in result.output


def test_a_forged_checkpoint_signature_is_detected(platform, cli_env):  # noqa: ANN001, F811
    platform.checkpoints.every = 5
    _write(platform, 6)
    _rehash_from(platform, 2, actor="someone else")
    with platform.sessions() as s:
        new_head = s.scalar(select(AuditEntry.entry_hash).where(AuditEntry.id == 5))
    with platform.engine.begin() as conn:  # the intruder also rewrites the checkpoint, without the key
        conn.execute(text("UPDATE audit_checkpoint SET entry_hash = :h"), {"h": new_head})
    result = runner.invoke(cli, ["audit", "verify"])
    assert result.exit_code == 1 and "signature does not match" in result.output
    with platform.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditCheckpoint)) == 1

"""Which reads are audited (docs/audit.md): every disclosure of a law_enforcement or restricted record,
whoever reads it and however: its page and API, lists, searches, photo identification, due-diligence
checks, alerts naming it and exports. Public records are never audited. SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select
from typer.testing import CliRunner

from heritrace.alerts.schemas import AlertIn
from heritrace.audit.models import AuditEntry
from heritrace.cli.main import app as cli
from heritrace.core.actor import Actor
from heritrace.diligence.schemas import CheckIn
from tests.access.test_audit_trail import cli_env  # noqa: F401 - the fixture
from tests.diligence.helpers import RELIQUARY, SEASCAPE, seed_register, warped_crop

runner = CliRunner()
LE, PUBLIC = RELIQUARY["id"], SEASCAPE["id"]


def _reads(platform) -> list[tuple[str, str | None]]:  # noqa: ANN001
    import json

    with platform.sessions() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "read").order_by(AuditEntry.id))
        return [(e.entity_id, json.loads(e.after or "{}").get("via")) for e in rows]


def _new_reads(platform, before: int) -> list[tuple[str, str | None]]:  # noqa: ANN001
    return _reads(platform)[before:]


def test_every_way_of_reading_a_restricted_record_is_audited(platform, client, registrar, cli_env):  # noqa: ANN001, F811
    register = seed_register(client)
    ways = {
        "record (API)": lambda: client.get(f"/api/v1/objects/{LE}"),
        "record (page)": lambda: client.get(f"/objects/{LE}"),
        "list (API)": lambda: client.get("/api/v1/objects"),
        "list (page)": lambda: client.get("/objects"),
        "search (API)": lambda: client.get("/api/v1/search", params={"q": RELIQUARY["title"]}),
        "identification": lambda: client.post(
            "/api/v1/identify",
            files={"photo": ("q.jpg", warped_crop(register.reliquary_photo), "image/jpeg")},
        ),
    }
    expected_via = {
        "list (API)": "list",
        "list (page)": "list",
        "search (API)": "search",
        "identification": "identification",
    }
    for name, read in ways.items():
        before = len(_reads(platform))
        r = read()
        assert r.status_code == 200, (name, r.text[:300])
        assert LE in r.text, name
        new = _new_reads(platform, before)
        assert [eid for eid, _ in new] == [LE], (name, new)  # the public record is never audited
        if name in expected_via:
            assert new[0][1] == expected_via[name], name
    me = Actor(
        "registrar", registrar.user_id, registrar.organisation_id, frozenset({"registrar"}), vetted=True
    )
    before = len(_reads(platform))
    check = platform.diligence.check(me, CheckIn(title=RELIQUARY["title"], type_of_object="reliquary"))
    assert any(c["object_id"] == LE for c in check.candidates)
    assert _new_reads(platform, before) == [(LE, "due_diligence")]
    alert = platform.alerts.send(
        me,
        AlertIn(
            type="theft_or_loss", title="Stolen reliquary", classification="partners", object_ids=[LE, PUBLIC]
        ),
    )
    before = len(_reads(platform))
    shown = platform.alerts.get(me, alert.id)
    assert {o["id"] for o in shown["objects"]} >= {LE}
    assert _new_reads(platform, before) == [(LE, "alert")]
    before = len(_reads(platform))
    result = runner.invoke(cli, ["objects", "export"])
    assert result.exit_code == 0 and LE in result.stdout and PUBLIC in result.stdout
    assert _new_reads(platform, before) == [(LE, "export")]

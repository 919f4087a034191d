"""``can_read`` (a record in memory) and ``restrict`` (a query) decide the same thing, on both stores:
every actor shape against every record shape, for register records and for alerts. And the alert
list filters in SQL before its limit: one readable alert behind 500 notices is listed."""

from __future__ import annotations

import itertools
import json

from sqlalchemy import select

from heritrace.access.policy import can_read, restrict
from heritrace.alerts.models import Alert, AlertShare, share_alert
from heritrace.alerts.schemas import AlertIn
from heritrace.alerts.targeting import may_read_alert, readable_alerts
from heritrace.audit.service import AuditLog
from heritrace.core.actor import ANONYMOUS, SYSTEM, Actor
from heritrace.objects.models import CulturalObject, ObjectShare
from heritrace.partners.models import Organisation
from tests.conftest import add_organisation

CLASSIFICATIONS = ("public", "partners", "law_enforcement", "restricted", "inventory")
STATUSES = ("stolen", "recovered", "held")
ROLES = (frozenset(), frozenset({"registrar"}), frozenset({"analyst"}), frozenset({"platform_admin"}))


def _actors(orgs: list[int | None]) -> list[Actor]:
    actors = [ANONYMOUS, SYSTEM]
    for org, roles, vetted, police in itertools.product(orgs, ROLES, (False, True), (False, True)):
        actors.append(
            Actor(
                name=f"u-{org}-{'-'.join(sorted(roles))}-{vetted}-{police}",
                user_id=1,
                organisation_id=org,
                roles=roles,
                vetted=vetted,
                law_enforcement=police,
            )
        )
    return actors


def _orgs(platform) -> list[int]:  # noqa: ANN001
    return [add_organisation(platform, name) for name in ("Originator", "Other", "Named")]


def test_can_read_and_restrict_agree_on_register_records(platform):  # noqa: ANN001
    a, b, named = _orgs(platform)
    shapes = list(itertools.product((a, b, None), CLASSIFICATIONS, STATUSES, ((), (named,), (a, named))))
    with platform.sessions.begin() as s:
        for n, (org, classification, status, shares) in enumerate(shapes):
            obj = CulturalObject(
                external_id=f"M-{n}", title=f"matrix {n}", classification=classification,
                organisation_id=org, status=status,
            )  # fmt: skip
            s.add(obj)
            s.flush()
            s.add_all(ObjectShare(object_id=obj.id, organisation_id=o) for o in shares)
        AuditLog(s).record(SYSTEM, "create", "object", "matrix", after={"records": len(shapes)})
    with platform.sessions() as s:
        rows = s.execute(
            select(CulturalObject.id, CulturalObject.classification, CulturalObject.organisation_id)
        ).all()
        shared: dict[int, list[int]] = {}
        for object_id, org in s.execute(select(ObjectShare.object_id, ObjectShare.organisation_id)):
            shared.setdefault(object_id, []).append(org)
        actors = _actors([a, b, named, None])
        decisions = set()
        for actor in actors:
            in_sql = set(s.scalars(restrict(select(CulturalObject.id), actor, CulturalObject)))
            in_memory = {r[0] for r in rows if can_read(actor, r[1], r[2], shared.get(r[0], ()))}
            assert in_sql == in_memory, actor
            decisions.add(frozenset(in_sql))
    assert len(actors) * len(rows) > 8000
    # the matrix is not trivial: the actors see many different subsets of the records
    assert len(decisions) >= 8 and frozenset() not in decisions


def test_can_read_and_restrict_agree_on_alerts(platform):  # noqa: ANN001
    a, b, named = _orgs(platform)
    audiences = (
        ("everyone", []),
        ("organisations", [named]),
        ("organisations", [a, named]),
        ("countries", ["IT"]),
        ("countries", ["FR"]),
        ("organisation_types", ["museum"]),
        ("organisation_types", ["police"]),
    )
    shapes = list(itertools.product((a, b, None), CLASSIFICATIONS[:4], audiences))
    with platform.sessions.begin() as s:
        for n, (org, classification, (audience, values)) in enumerate(shapes):
            alert = Alert(
                type="theft_or_loss", title=f"alert {n}", classification=classification, organisation_id=org,
                sender_name="test", audience=audience, audience_values=json.dumps(values),
            )  # fmt: skip
            s.add(alert)
            s.flush()
            share_alert(s, alert)
        AuditLog(s).record(SYSTEM, "create", "alert", "matrix", after={"alerts": len(shapes)})
    with platform.sessions() as s:
        alerts = list(s.scalars(select(Alert)))
        assert s.scalar(select(AlertShare.id).limit(1)) is not None
        orgs = {o.id: o for o in s.scalars(select(Organisation))}
        for actor in _actors([a, b, named, None]):
            org = orgs.get(actor.organisation_id)
            for member_of in (org, None):  # with the actor's organisation known, and without
                in_sql = set(s.scalars(readable_alerts(select(Alert.id), actor, member_of)))
                assert in_sql == {x.id for x in alerts if may_read_alert(actor, x, member_of)}, actor


def test_one_readable_alert_behind_500_notices_is_listed(platform):  # noqa: ANN001
    police, museum, other = _orgs(platform)
    reader = Actor(
        name="curator", user_id=7, organisation_id=museum, roles=frozenset({"analyst"}), vetted=True
    )
    sender = Actor(name="police", organisation_id=police, roles=frozenset({"investigator"}), vetted=True)
    readable = platform.alerts.send(
        sender,
        AlertIn(type="theft_or_loss", title="Stolen icon", body="", classification="partners"),
    )
    # 500 newer notices addressed to another organisation: the curator may read none of them
    with platform.sessions.begin() as s:
        for n in range(500):
            notice = Alert(
                type="due_diligence_hit", title=f"notice {n}", classification="restricted",
                organisation_id=None, sender_name="Heritrace", audience="organisations",
                audience_values=json.dumps([other]),
            )  # fmt: skip
            s.add(notice)
            s.flush()
            share_alert(s, notice)
        AuditLog(s).record(SYSTEM, "create", "alert", "notices", after={"alerts": 500})
    listed = platform.alerts.visible(reader)
    assert [x["id"] for x in listed] == [readable.id]
    # the addressee sees its 500 notices, page by page, newest first, then the public one
    addressee = Actor(name="o", user_id=8, organisation_id=other, roles=frozenset({"analyst"}), vetted=True)
    pages = [platform.alerts.visible(addressee, limit=100, offset=o) for o in range(0, 600, 100)]
    ids = [x["id"] for page in pages for x in page]
    assert len(ids) == 501 == len(set(ids)) and ids[-1] == readable.id
    assert ids == sorted(ids, reverse=True)


def test_the_alert_list_api_pages_what_the_reader_may_read(platform, client, registrar):  # noqa: ANN001
    other = add_organisation(platform, "Elsewhere")
    with platform.sessions.begin() as s:
        for n in range(3):
            notice = Alert(
                type="due_diligence_hit", title=f"notice {n}", classification="restricted",
                organisation_id=None, sender_name="Heritrace", audience="organisations",
                audience_values=json.dumps([other if n else registrar.organisation_id]),
            )  # fmt: skip
            s.add(notice)
            s.flush()
            share_alert(s, notice)
        AuditLog(s).record(SYSTEM, "create", "alert", "notices", after={"alerts": 3})
    first = client.get("/api/v1/alerts", params={"limit": 1}).json()
    assert [a["title"] for a in first] == ["notice 0"]
    assert client.get("/api/v1/alerts", params={"limit": 1, "offset": 1}).json() == []
    assert client.get("/api/v1/alerts", params={"limit": 0}).status_code == 422

"""Alerts: who gets what (audience x subscriptions x rights), delivery over a real SMTP server and a
real webhook receiver under faults, signatures and replays, read receipts, no duplicate delivery."""

from __future__ import annotations

import json
import socket
from datetime import timedelta

import pytest
from sqlalchemy import select

from heritrace.accounts.service import actor_of
from heritrace.alerts.models import AlertDelivery, DeliveryAttempt
from heritrace.alerts.schemas import AckIn, AlertIn, SubscriptionIn
from heritrace.alerts.signing import WebhookSignatureError, sign, verify_webhook
from heritrace.db.base import utcnow
from tests.conftest import add_member, add_organisation
from tests.receivers import smtp_server, webhook_server


@pytest.fixture(params=["sqlite"])
def backend(request) -> str:  # noqa: ANN001
    return request.param


def _actor(platform, member):  # noqa: ANN001, ANN202
    from heritrace.accounts.models import User
    from heritrace.partners.models import Organisation

    with platform.sessions() as s:
        return actor_of(s.get(User, member.user_id), s.get(Organisation, member.organisation_id))


@pytest.fixture
def network(platform):  # noqa: ANN001
    """A museum (sender), police, a dealer, an unvetted museum and a suspended customs office."""
    platform.settings.webhook_private_addresses = True  # the receivers listen on 127.0.0.1
    museum = add_organisation(platform, "Museo Sender", "museum", country="IT")
    police = add_organisation(platform, "Carabinieri TPC", "police", country="IT")
    dealer = add_organisation(platform, "Dealer Paris", "market", country="FR")
    applied = add_organisation(platform, "New Museum", "museum", vetting="applied", country="FR")
    suspended = add_organisation(platform, "Old Customs", "customs", vetting="suspended", country="FR")
    members = {
        "sender": add_member(platform, "sender", museum, ["registrar"]),
        "police": add_member(platform, "cop", police, ["investigator"]),
        "dealer": add_member(platform, "dealer", dealer, ["market_user"]),
        "applied": add_member(platform, "newbie", applied, ["analyst"]),
        "suspended": add_member(platform, "gone", suspended, ["analyst"]),
    }
    for key in ("police", "dealer", "applied"):
        platform.alerts.subscribe(_actor(platform, members[key]), SubscriptionIn())
    return members


def _inbox_users(platform, alert_id: int) -> set[str]:  # noqa: ANN001
    from heritrace.accounts.models import User

    with platform.sessions() as s:
        ids = s.scalars(
            select(AlertDelivery.user_id).where(
                AlertDelivery.alert_id == alert_id, AlertDelivery.channel == "inbox"
            )
        ).all()
        return {s.get(User, i).username for i in ids}


@pytest.mark.parametrize(
    ("classification", "audience", "values", "expected"),
    [
        ("public", "everyone", [], {"cop", "dealer", "newbie"}),
        ("partners", "everyone", [], {"cop", "dealer"}),  # unvetted reads public only
        ("law_enforcement", "everyone", [], {"cop"}),
        ("partners", "organisation_types", ["market"], {"dealer"}),
        ("public", "countries", ["FR"], {"dealer", "newbie"}),  # suspended never
    ],
)
def test_targeting_matrix(platform, network, classification, audience, values, expected):  # noqa: ANN001
    sender = _actor(platform, network["sender"])
    alert = platform.alerts.send(
        sender,
        AlertIn(type="theft_or_loss", title="Icon stolen", classification=classification,
                audience=audience, audience_values=values),
    )  # fmt: skip
    assert _inbox_users(platform, alert.id) == expected


def test_subscription_filters_and_organisation_defaults(platform, network):  # noqa: ANN001
    sender = _actor(platform, network["sender"])
    platform.alerts.subscribe(_actor(platform, network["dealer"]), SubscriptionIn(alert_types=["seizure"]))
    police_admin = add_member(platform, "chief", network["police"].organisation_id, ["org_admin"])
    platform.alerts.subscribe(
        _actor(platform, police_admin), SubscriptionIn(countries=["GR"]), organisation_default=True
    )
    theft = platform.alerts.send(sender, AlertIn(type="theft_or_loss", title="Vase stolen", country="IT"))
    assert _inbox_users(platform, theft.id) == {"cop"}  # dealer wants seizures; chief's default wants GR
    greek = platform.alerts.send(sender, AlertIn(type="seizure", title="Coins seized", country="GR"))
    assert _inbox_users(platform, greek.id) == {"cop", "dealer", "chief"}


def test_linked_objects_are_cut_to_what_each_recipient_may_read(platform, network, client, registrar):  # noqa: ANN001
    ids = {}
    for rid, cls in (("PUB-1", "public"), ("LE-1", "law_enforcement")):
        r = client.post("/api/v1/objects", json={"id": rid, "title": rid, "classification": cls})
        assert r.status_code == 201
        ids[rid] = r.json()["id"]  # alerts name records by their stored ids
    # the records' own organisation sends it: a sender names only records it may read
    alert = platform.alerts.send(
        _actor(platform, registrar),
        AlertIn(
            type="theft_or_loss", title="Two objects", classification="partners", object_ids=[*ids.values()]
        ),
    )
    with platform.sessions() as s:
        rows = {
            d.user_id: json.loads(d.payload)
            for d in s.scalars(select(AlertDelivery).where(AlertDelivery.alert_id == alert.id))
        }
    seen = {uid: {o["id"] for o in p["objects"]} for uid, p in rows.items()}
    assert seen[network["police"].user_id] == {ids["PUB-1"], ids["LE-1"]}
    assert seen[network["dealer"].user_id] == {ids["PUB-1"]}


def test_read_receipts_and_acknowledgement(platform, network, client):  # noqa: ANN001
    sender = _actor(platform, network["sender"])
    alert = platform.alerts.send(
        sender, AlertIn(type="market_sighting", title="Check catalogues", requires_action=True)
    )
    cop = _actor(platform, network["police"])
    inbox = platform.diligence.inbox
    assert inbox.unread_count(cop) == 1
    entry = inbox.entries(cop)[0]
    assert inbox.entries(_actor(platform, network["sender"])) == []  # addressed to the cop alone
    inbox.mark_read(cop, entry.id)
    assert inbox.unread_count(cop) == 0
    platform.alerts.acknowledge(cop, alert.id, AckIn(state="acted", note="checked two sales"))
    status = {r["organisation"]: r for r in platform.alerts.recipient_status(sender, alert.id)}
    police = status["Carabinieri TPC"]
    assert police["acted_at"] is not None and police["deliveries"][0]["read_at"] is not None
    assert status["Dealer Paris"]["acknowledged_at"] is None
    assert status["Dealer Paris"]["deliveries"][0]["read_at"] is None


def test_signature_verification_and_replay():
    body = b'{"a": 1}'
    header = sign("s3cret-s3cret-s3cret", body, timestamp=1_000_000)
    assert verify_webhook("s3cret-s3cret-s3cret", header, body, now=1_000_010) == 1_000_000
    with pytest.raises(WebhookSignatureError, match="tolerance"):
        verify_webhook("s3cret-s3cret-s3cret", header, body, tolerance=300, now=1_000_000 + 301)
    with pytest.raises(WebhookSignatureError, match="does not match"):
        verify_webhook("s3cret-s3cret-s3cret", header, b'{"a": 2}', now=1_000_000)
    forged = header.replace("t=1000000", "t=1000400")  # fresh timestamp glued onto an old signature
    with pytest.raises(WebhookSignatureError):
        verify_webhook("s3cret-s3cret-s3cret", forged, body, now=1_000_400)


def _deliveries(platform, channel):  # noqa: ANN001, ANN202
    with platform.sessions() as s:
        return list(s.scalars(select(AlertDelivery).where(AlertDelivery.channel == channel)))


def test_webhook_500_then_200_delivers_once(platform, network):  # noqa: ANN001
    admin = add_member(platform, "dadmin", network["dealer"].organisation_id, ["org_admin"])
    secret = "a-shared-secret-of-length"
    with webhook_server(answers=[500]) as (url, received):
        hook = SubscriptionIn(channels=["webhook"], webhook_url=url, webhook_secret=secret)
        platform.alerts.subscribe(_actor(platform, admin), hook, organisation_default=True)
        platform.alerts.send(
            _actor(platform, network["sender"]), AlertIn(type="seizure", title="Seized bronze")
        )
        [d] = _deliveries(platform, "webhook")
        assert d.status == "pending" and d.attempts == 1 and "500" in d.last_error
        assert platform.alerts.deliveries.redeliver(now=utcnow() + timedelta(hours=1)) == 1
        platform.alerts.deliveries.deliver(d.id)  # a duplicate task: must not send again
        assert platform.alerts.deliveries.redeliver(now=utcnow() + timedelta(hours=1)) == 0
    [(headers, body)] = received
    verify_webhook(secret, headers["X-Heritrace-Signature"], body)
    assert json.loads(body)["delivery"] == headers["Idempotency-Key"]
    with platform.sessions() as s:
        outcomes = s.scalars(select(DeliveryAttempt.outcome).where(DeliveryAttempt.delivery_id == d.id)).all()
    assert outcomes == ["retry", "delivered"]


def test_webhook_timeout_is_retried(platform, network):  # noqa: ANN001
    platform.settings.webhook_timeout_s = 0.3
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)  # accepts the connection, never answers
    admin = add_member(platform, "dadmin", network["dealer"].organisation_id, ["org_admin"])
    platform.alerts.subscribe(_actor(platform, admin), SubscriptionIn(
        channels=["webhook"], webhook_url=f"http://127.0.0.1:{sock.getsockname()[1]}", webhook_secret="x" * 20
        ),
        organisation_default=True)  # fmt: skip
    platform.alerts.send(_actor(platform, network["sender"]), AlertIn(type="seizure", title="Seized"))
    sock.close()
    [d] = _deliveries(platform, "webhook")
    assert d.status == "pending" and "unavailable" in d.last_error


def test_smtp_down_then_up_and_invalid_address(platform, network):  # noqa: ANN001
    # a bound socket that does not listen refuses connections, and keeps the port from anyone else
    # until the server starts on it
    down = socket.socket()
    down.bind(("127.0.0.1", 0))
    port = down.getsockname()[1]
    platform.settings.smtp_port = port
    platform.settings.alert_max_attempts = 2
    platform.alerts.subscribe(
        _actor(platform, network["police"]),
        SubscriptionIn(channels=["inbox", "email"], email="cop@police.example"),
    )
    platform.alerts.subscribe(
        _actor(platform, network["dealer"]), SubscriptionIn(channels=["email"], email="dealer@example.com")
    )
    alert = platform.alerts.send(
        _actor(platform, network["sender"]), AlertIn(type="theft_or_loss", title="Stolen")
    )
    assert {d.status for d in _deliveries(platform, "email")} == {"pending"}  # server down: nothing lost
    later = utcnow() + timedelta(hours=1)
    platform.alerts.deliveries.redeliver(now=later)
    assert {d.status for d in _deliveries(platform, "email")} == {"failed"}  # retries are bounded
    down.close()
    with smtp_server(port) as (_, messages):
        assert platform.alerts.deliveries.redeliver(include_failed=True, now=later) == 2
        assert platform.alerts.deliveries.redeliver(include_failed=True, now=later) == 0
    assert sorted(m["To"] for m in messages) == ["cop@police.example", "dealer@example.com"]
    assert all("Stolen" in m["Subject"] for m in messages)
    assert len({m["Message-ID"] for m in messages}) == 2
    assert alert.id


def test_invalid_email_is_refused_at_subscription(platform, network):  # noqa: ANN001
    from heritrace.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        platform.alerts.subscribe(
            _actor(platform, network["police"]), SubscriptionIn(channels=["email"], email="not an address")
        )


def test_register_events_raise_alerts_and_public_pages(platform, network, client, anon_client):  # noqa: ANN001
    r = client.post(
        "/api/v1/objects",
        json={"id": "TH-9", "title": "Gold fibula", "status": "stolen", "classification": "public"},
    )
    assert r.status_code == 201
    assert (
        client.post("/api/v1/objects/TH-9/status", json={"status": "seized", "reason": "found"}).status_code
        == 200
    )
    alerts = client.get("/api/v1/alerts").json()
    assert [a["type"] for a in alerts[:2]] == ["seizure", "theft_or_loss"]
    assert "Gold fibula" in anon_client.get("/alerts/public").text
    feed = anon_client.get("/alerts/feed.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml") and "Gold fibula" in feed.text
    theft = alerts[1]["id"]
    pdf = anon_client.get(f"/alerts/{theft}/poster.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert anon_client.get(f"/api/v1/alerts/{theft}").status_code == 200


def test_partners_alert_is_not_public(platform, network, client, anon_client):  # noqa: ANN001
    r = client.post(
        "/api/v1/alerts", json={"type": "seizure", "title": "Partner-only", "classification": "partners"}
    )
    assert r.status_code == 201
    assert anon_client.get(f"/api/v1/alerts/{r.json()['id']}").status_code == 404
    assert anon_client.get(f"/alerts/{r.json()['id']}/poster.pdf").status_code == 404
    assert "Partner-only" not in anon_client.get("/alerts/public").text


def test_notices_reach_only_the_named_organisation_whatever_its_filters(platform, network):  # noqa: ANN001
    from heritrace.alerts.models import Alert

    cop = _actor(platform, network["police"])
    platform.alerts.subscribe(cop, SubscriptionIn(alert_types=["seizure"], countries=["GR"]))
    second = add_member(platform, "cop2", network["police"].organisation_id, ["analyst"])  # no subscription
    platform.alerts.notify(
        [network["police"].organisation_id], "due_diligence_hit", "Hit on your record", "x"
    )
    platform.alerts.notify(
        [network["suspended"].organisation_id], "due_diligence_hit", "To the suspended", "x"
    )
    with platform.sessions() as s:
        titles = ("Hit on your record", "To the suspended")
        hit, suspended = (s.scalar(select(Alert.id).where(Alert.title == t)) for t in titles)
    # the dealer and the unvetted museum subscribe to everything but are not addressed
    assert _inbox_users(platform, hit) == {"cop", second.username}
    assert _inbox_users(platform, suspended) == set()
    assert platform.alerts.visible(_actor(platform, network["dealer"])) == []
    assert [a["id"] for a in platform.alerts.visible(cop)] == [hit]

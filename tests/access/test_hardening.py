"""The holes found by trying Heritrace as an attacker would (issue 13, access): each test failed
before its fix, on SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib
import http.server
import re
import socket
import threading
from pathlib import Path

import anyio
import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from heritrace.accounts.models import ApiToken, UserSession
from heritrace.app import create_app
from heritrace.audit.models import AuditEntry
from heritrace.core.limits import BodyLimit
from heritrace.core.settings import Settings
from heritrace.platform import Heritrace
from tests.conftest import add_member, add_organisation, stored_id


@pytest.fixture
def web(platform):  # noqa: ANN001
    with TestClient(create_app(platform=platform)) as c:
        yield c


@pytest.fixture
def police(platform):  # noqa: ANN001
    """A vetted police unit's investigator, with a token of every scope."""
    return add_member(
        platform, "inspector", add_organisation(platform, "Police unit", "police"), ["investigator"]
    )


# -- 1. token scopes apply on routes open to anyone --------------------------------------------------


@pytest.mark.parametrize("scopes", [("identify",), ("write",), ("identify", "write")])
def test_a_token_without_read_scope_does_not_read_law_enforcement_records(platform, web, police, scopes):  # noqa: ANN001
    assert (
        web.post(
            "/api/v1/objects",
            json={"id": "LE-1", "title": "seized chalice", "classification": "law_enforcement"},
            headers=add_member(platform, "officer", police.organisation_id, ["registrar"]).headers,
        ).status_code
        == 201
    )
    narrow = add_member(
        platform, f"narrow{len(scopes)}", police.organisation_id, ["investigator"], scopes=scopes
    )
    assert web.get("/api/v1/objects/LE-1", headers=police.headers).status_code == 200
    for path in ("/api/v1/objects/LE-1", "/api/v1/objects", "/api/v1/search?q=chalice", "/objects/LE-1"):
        r = web.get(path, headers=narrow.headers)
        assert r.status_code == 403, (path, r.status_code)
        assert "seized chalice" not in r.text


# -- 8. credentials ----------------------------------------------------------------------------------


def _csrf(client) -> str:  # noqa: ANN001
    page = client.get("/sign-in")
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def _sign_in(client, username: str, password: str, code: str | None = None):  # noqa: ANN001, ANN201
    return client.post(
        "/sign-in",
        data={"csrf_token": _csrf(client), "username": username, "password": password, "code": code or ""},
        follow_redirects=False,
    )


def test_a_password_reset_revokes_the_users_api_tokens(platform, web, registrar):  # noqa: ANN001
    assert web.get("/api/v1/me", headers=registrar.headers).json()["name"] == "registrar"
    admin = add_member(platform, "admin", registrar.organisation_id, ["org_admin"])
    r = web.post(
        f"/api/v1/users/{registrar.user_id}/password",
        json={"password": "a brand new password"},
        headers=admin.headers,
    )
    assert r.status_code == 200
    assert web.get("/api/v1/objects", headers=registrar.headers).status_code == 401
    with platform.sessions() as s:
        tokens = s.scalars(select(ApiToken).where(ApiToken.user_id == registrar.user_id)).all()
    assert tokens and all(t.revoked_at is not None for t in tokens)


def test_lockout_answers_the_same_for_existing_and_unknown_users(platform, web, registrar):  # noqa: ANN001
    def answers(username: str) -> list[tuple[int, str]]:
        out = []
        for _ in range(7):
            r = _sign_in(web, username, "wrong password!")
            page = re.sub(r'name="csrf_token" value="[^"]*"', "", r.text).replace(username, "NAME")
            out.append((r.status_code, re.sub(r"\s+", " ", page)))
        return out

    known, unknown = answers("registrar"), answers("nobody-here")
    assert [c for c, _ in known] == [401] * 5 + [429] * 2
    assert known == unknown
    # the right password of a locked account is refused like any other attempt
    assert _sign_in(web, "registrar", registrar.password).status_code == 429


def test_a_second_factor_code_is_accepted_once(platform, web):  # noqa: ANN001
    police = add_organisation(platform, "Police unit", "police")
    member = add_member(platform, "inspector", police, ["investigator"], totp=True)
    code = pyotp.TOTP(member.totp_secret).now()
    assert _sign_in(web, "inspector", member.password, code).status_code == 303
    web.post("/sign-out", data={"csrf_token": _csrf(web)})
    again = _sign_in(web, "inspector", member.password, code)
    assert again.status_code == 401
    with platform.sessions() as s:
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert entries[-1].action == "sign_in_failed"


# -- 7. request bodies -------------------------------------------------------------------------------


def test_an_oversized_json_body_is_refused_before_authentication(platform, web):  # noqa: ANN001
    big = b'{"id": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    r = web.post("/api/v1/objects", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413  # not 401: the body was refused before anyone was asked who sent it
    assert r.json()["detail"] == "the request body is too large"


def test_an_oversized_body_without_a_length_is_refused_while_it_streams(platform, web, registrar):  # noqa: ANN001
    def chunks():  # noqa: ANN202
        for _ in range(64):
            yield b" " * 65536

    headers = {**registrar.headers, "Content-Type": "application/json"}
    r = web.post("/api/v1/objects", content=chunks(), headers=headers)
    assert r.status_code == 413
    # at the ASGI level: the middleware stops the reading at the limit and answers itself
    received, answers = [], []

    async def receive():  # noqa: ANN202
        received.append(1)
        return {"type": "http.request", "body": b" " * 65536, "more_body": True}

    async def send(message):  # noqa: ANN001, ANN202
        answers.append(message)

    async def app(scope, receive, send):  # noqa: ANN001, ANN202 - reads the whole body, like a parser
        while (await receive()).get("more_body"):
            pass

    scope = {"type": "http", "path": "/api/v1/objects", "headers": [(b"content-type", b"application/json")]}
    anyio.run(BodyLimit(app, platform.settings), scope, receive, send)
    assert answers[0]["status"] == 413
    assert len(received) == platform.settings.max_body_bytes // 65536 + 1


def test_a_photo_route_takes_bodies_larger_than_json(platform, web, registrar):  # noqa: ANN001
    import io
    import os

    from PIL import Image

    assert (
        web.post(
            "/api/v1/objects", json={"id": "P-1", "title": "vase"}, headers=registrar.headers
        ).status_code
        == 201
    )
    buf = io.BytesIO()
    Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000)).save(buf, "JPEG", quality=95)
    photo = buf.getvalue()
    assert len(photo) > 1024 * 1024
    r = web.post(
        "/api/v1/objects/P-1/images",
        files={"file": ("p.jpg", photo, "image/jpeg")},
        headers=registrar.headers,
    )
    assert r.status_code == 201, r.text


def test_a_deeply_nested_certificate_is_malformed_not_a_server_error(platform, web):  # noqa: ANN001
    for depth in (40, 100_000):
        nested = b'{"certificate": ' + b"[" * depth + b"]" * depth + b', "signature": "x", "key_id": "k"}'
        r = web.post("/api/v1/certificates/verify", files={"file": ("c.json", nested, "application/json")})
        assert r.status_code == 200, (depth, r.status_code)
        assert r.json()["status"] == "malformed"


def test_pages_and_photos_carry_security_headers(platform, web, registrar):  # noqa: ANN001
    for path in ("/objects", "/sign-in", "/api/v1/objects"):
        r = web.get(path)
        assert r.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["cache-control"] == "private, no-store"
    assert "no-store" not in web.get("/static/heritrace.css").headers.get("cache-control", "")


# -- 9. the secret key signs CSRF tokens and keys session digests -----------------------------------


def test_a_csrf_pair_not_signed_with_the_secret_key_is_refused(platform, web, registrar):  # noqa: ANN001
    web.cookies.set("heritrace_csrf", "planted-by-a-sibling-domain")
    data = {
        "csrf_token": "planted-by-a-sibling-domain",
        "username": "registrar",
        "password": registrar.password,
    }
    assert web.post("/sign-in", data=data, follow_redirects=False).status_code == 403
    # a real pair, signed under another node's key, is refused too
    other = Heritrace(platform.settings.model_copy(update={"secret_key": "another node's secret key"}))
    with TestClient(create_app(platform=other)) as elsewhere:
        token = _csrf(elsewhere)
    web.cookies.set("heritrace_csrf", token)
    assert web.post("/sign-in", data={**data, "csrf_token": token}, follow_redirects=False).status_code == 403
    other.close()
    assert _sign_in(web, "registrar", registrar.password).status_code == 303


def test_sessions_are_keyed_with_the_secret_key(platform, web, registrar):  # noqa: ANN001
    assert _sign_in(web, "registrar", registrar.password).status_code == 303
    cookie = web.cookies.get("heritrace_session")
    with platform.sessions() as s:
        stored = s.scalar(select(UserSession.token_hash))
    assert stored not in (cookie, hashlib.sha256(cookie.encode()).hexdigest())
    assert web.get("/api/v1/me").json()["name"] == "registrar"
    # the same database under another key does not know the cookie
    other = Heritrace(platform.settings.model_copy(update={"secret_key": "another node's secret key"}))
    assert other.accounts.actor_for_session(cookie) is None
    other.close()
    # without HERITRACE_SECRET_KEY, every process of the node shares one generated key
    assert platform.settings.secret_key is None
    again = Heritrace(platform.settings)
    assert again.secret_key == platform.secret_key and len(platform.secret_key) >= 32
    assert again.accounts.actor_for_session(cookie) is not None
    again.close()


def test_production_needs_a_secret_key(tmp_path):  # noqa: ANN001
    with pytest.raises(ValueError, match="SECRET_KEY"):
        Settings(mode="production", data_dir=tmp_path)


# -- 2 and 6. alerts: hidden records are missing, the audience bounds the readers ----------------------


def test_an_alert_naming_a_hidden_record_answers_like_a_missing_one(platform, web, police):  # noqa: ANN001
    officer = add_member(platform, "officer", police.organisation_id, ["registrar"])
    body = {"id": "LE-7", "title": "seized icon", "classification": "law_enforcement"}
    r = web.post("/api/v1/objects", json=body, headers=officer.headers)
    assert r.status_code == 201
    seized = r.json()["id"]
    museum = add_member(platform, "curator", add_organisation(platform, "Museum", "museum"), ["registrar"])

    def send(object_id: str):  # noqa: ANN202
        alert = {"type": "theft_or_loss", "title": "look out", "object_ids": [object_id]}
        return web.post("/api/v1/alerts", json=alert, headers=museum.headers)

    hidden, missing = send(seized), send("NO-SUCH-7")
    assert hidden.status_code == missing.status_code == 422
    assert hidden.json()["errors"]["object_ids"].replace(seized, "X") == missing.json()["errors"][
        "object_ids"
    ].replace("NO-SUCH-7", "X")
    # who may read the record names it
    r = web.post(
        "/api/v1/alerts",
        json={"type": "seizure", "title": "seized", "object_ids": [seized]},
        headers=officer.headers,
    )
    assert r.status_code == 201


def test_an_alerts_audience_bounds_its_readers(platform, web, police):  # noqa: ANN001
    authority = add_member(
        platform, "ministry", add_organisation(platform, "Ministry", "national_authority"), ["analyst"]
    )
    dealer = add_member(platform, "dealer", add_organisation(platform, "Dealer", "market"), ["market_user"])
    colleague = add_member(platform, "colleague", police.organisation_id, ["analyst"])
    alert = {
        "type": "theft_or_loss",
        "title": "for the national authorities",
        "classification": "partners",
        "audience": "organisation_types",
        "audience_values": ["national_authority"],
    }
    r = web.post("/api/v1/alerts", json=alert, headers=police.headers)
    assert r.status_code == 201, r.text
    alert_id = r.json()["id"]
    for member, reads in ((authority, True), (police, True), (colleague, True), (dealer, False)):
        one = web.get(f"/api/v1/alerts/{alert_id}", headers=member.headers)
        listed = [a["id"] for a in web.get("/api/v1/alerts", headers=member.headers).json()]
        assert (one.status_code == 200) is reads, member.username
        assert (alert_id in listed) is reads, member.username
    assert web.get(f"/api/v1/alerts/{alert_id}").status_code == 404


# -- 5. applicants do not publish; what a suspended organisation published leaves public view ---------


def test_an_applicant_organisation_cannot_publish(platform, web):  # noqa: ANN001
    applicant = add_member(
        platform,
        "newcomer",
        add_organisation(platform, "New museum", "museum", vetting="applied"),
        ["registrar"],
    )
    r = web.post("/api/v1/objects", json={"id": "AP-1", "title": "claimed vase"}, headers=applicant.headers)
    assert r.status_code == 422 and "vetting" in r.json()["errors"]["classification"]
    body = {"id": "AP-2", "title": "claimed vase", "classification": "restricted"}
    assert web.post("/api/v1/objects", json=body, headers=applicant.headers).status_code == 201
    r = web.put(
        "/api/v1/objects/AP-2",
        json={"title": "claimed vase", "classification": "public", "version": 1},
        headers=applicant.headers,
    )
    assert r.status_code == 422
    alert = {"type": "theft_or_loss", "title": "public claim", "classification": "public"}
    r = web.post("/api/v1/alerts", json=alert, headers=applicant.headers)
    assert r.status_code == 422 and "vetting" in r.json()["errors"]["classification"]
    assert web.get("/api/v1/objects/AP-1").status_code == web.get("/api/v1/objects/AP-2").status_code == 404
    assert (
        web.get("/alerts/public").status_code == 200 and "public claim" not in web.get("/alerts/public").text
    )


def test_a_suspended_organisations_public_records_and_alerts_leave_public_view(platform, web, registrar):  # noqa: ANN001
    operator = add_member(
        platform, "operator", add_organisation(platform, "Operator", "operator"), ["platform_admin"]
    )
    partner = add_member(platform, "partner", add_organisation(platform, "Partner", "museum"), ["analyst"])
    assert (
        web.post(
            "/api/v1/objects", json={"id": "PUB-1", "title": "bronze"}, headers=registrar.headers
        ).status_code
        == 201
    )
    alert = {"type": "theft_or_loss", "title": "stolen bronze", "classification": "public"}
    alert_id = web.post("/api/v1/alerts", json=alert, headers=registrar.headers).json()["id"]
    pub = stored_id(platform, registrar.organisation_id, "PUB-1")
    assert web.get(f"/api/v1/objects/{pub}").status_code == 200
    assert web.get(f"/api/v1/alerts/{alert_id}").status_code == 200

    def vet(state: str) -> None:
        r = web.post(
            f"/api/v1/organisations/{registrar.organisation_id}/vetting",
            json={"vetting": state, "reason": "review"},
            headers=operator.headers,
        )
        assert r.status_code == 200, r.text

    vet("suspended")
    assert web.get(f"/api/v1/objects/{pub}").status_code == 404
    assert web.get(f"/api/v1/alerts/{alert_id}").status_code == 404
    assert "stolen bronze" not in web.get("/alerts/public").text
    assert (
        web.get(f"/api/v1/objects/{pub}", headers=partner.headers).status_code == 200
    )  # partners still read
    vet("vetted")
    assert web.get(f"/api/v1/objects/{pub}").json()["classification"] == "public"
    assert web.get(f"/api/v1/alerts/{alert_id}").status_code == 200


# -- 2. search ranks only what the caller may read ---------------------------------------------------


def test_search_ranks_only_readable_records(platform, web, registrar, police):  # noqa: ANN001
    for rid, title, classification in (
        ("HID-1", "zanzibarite gilded chalice with enamel roundels", "restricted"),
        ("HID-2", "zanzibarite gilded chalice with enamel", "law_enforcement"),
        ("VIS-1", "gilded chalice", "public"),
    ):
        body = {"id": rid, "title": title, "classification": classification, "maker": "Zanobi"}
        assert web.post("/api/v1/objects", json=body, headers=registrar.headers).status_code == 201
    query = {"q": "zanzibarite gilded chalice with enamel roundels", "top": 1}
    own = web.get("/api/v1/search", params=query, headers=registrar.headers).json()["results"]
    ids = {rid: stored_id(platform, registrar.organisation_id, rid) for rid in ("HID-1", "HID-2", "VIS-1")}
    assert [h["object_id"] for h in own] == [ids["HID-1"]]  # the originator's own record ranks first
    for headers in ({}, police.headers):
        results = web.get("/api/v1/search", params=query, headers=headers).json()["results"]
        expected = [ids["VIS-1"]] if not headers else [ids["HID-2"]]
        assert [h["object_id"] for h in results] == expected, headers


def test_a_taken_id_answers_alike_whether_its_record_is_readable_or_not(platform, web, registrar):  # noqa: ANN001
    """An id chosen by an organisation is stored inside its namespace (its id prefix): another
    organisation choosing the same id, or the stored one, gets a record of its own (201) whether or
    not it may read the first one; a 409 comes only from the organisation's own records
    (docs/access.md, "Record ids")."""
    stored = {}
    for rid, classification in (("TAKEN-OPEN", "public"), ("TAKEN-HIDDEN", "restricted")):
        body = {"id": rid, "title": "first", "classification": classification}
        r = web.post("/api/v1/objects", json=body, headers=registrar.headers)
        assert r.status_code == 201
        stored[rid] = r.json()["id"]
    rival = add_member(platform, "rival", add_organisation(platform, "Rival", "museum"), ["registrar"])
    answers = []
    for rid in ("TAKEN-OPEN", "TAKEN-HIDDEN"):
        for chosen in (rid, stored[rid]):
            r = web.post("/api/v1/objects", json={"id": chosen, "title": "second"}, headers=rival.headers)
            assert r.json()["id"] == stored_id(platform, rival.organisation_id, chosen)
            answers.append(r.status_code)
        again = web.post("/api/v1/objects", json={"id": rid, "title": "third"}, headers=rival.headers)
        answers.append(again.status_code)
    assert answers == [201, 201, 409] * 2


# -- 3. import photo paths stay in the import file's folder -------------------------------------------


def test_import_photo_paths_are_confined_to_the_files_folder(platform, web, registrar, tmp_path):  # noqa: ANN001
    import io
    import json

    from PIL import Image

    from heritrace.objects.models import ObjectImage
    from heritrace.objects.transfer import RegisterImporter

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buf, "JPEG")
    r = web.post(
        "/api/v1/objects",
        json={"id": "SEC-1", "title": "secret", "classification": "restricted"},
        headers=registrar.headers,
    )
    assert r.status_code == 201
    r = web.post(
        "/api/v1/objects/SEC-1/images",
        files={"file": ("s.jpg", buf.getvalue(), "image/jpeg")},
        headers=registrar.headers,
    )
    assert r.status_code == 201, r.text
    with platform.sessions() as s:
        image = s.scalars(select(ObjectImage)).one()
    stored = platform.images.original_path(image.sha256, image.mime).resolve()
    folder = tmp_path / "import"
    folder.mkdir()
    own = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 30, 200)).save(own, "JPEG")
    (folder / "own.jpg").write_bytes(own.getvalue())
    (folder / "link.jpg").symlink_to(stored)
    relative = (
        Path("..") / stored.relative_to(tmp_path.resolve())
        if stored.is_relative_to(tmp_path.resolve())
        else None
    )
    paths = {
        "ABS-1": str(stored),
        "LINK-1": "link.jpg",
        "UP-1": str(relative or "../x.jpg"),
        "OWN-1": "own.jpg",
    }
    path = folder / "reg.jsonl"
    path.write_text(
        "".join(json.dumps({"id": i, "title": "x", "images": [p]}) + "\n" for i, p in paths.items())
    )
    rival = add_member(platform, "rival", add_organisation(platform, "Rival", "museum"), ["registrar"])
    with platform.sessions() as s:
        from heritrace.accounts.models import User
        from heritrace.accounts.service import actor_of
        from heritrace.partners.models import Organisation

        actor = actor_of(s.get(User, rival.user_id), s.get(Organisation, rival.organisation_id))
    report = RegisterImporter(platform.sessions, platform.images, actor).run(path)
    rejected = {r.record_id: r.reason for r in report.rejected}
    assert set(rejected) == {"ABS-1", "LINK-1", "UP-1"}, rejected
    assert "relative to the import file's folder" in rejected["ABS-1"]
    assert "outside the import file's folder" in rejected["LINK-1"]
    assert report.inserted == 1
    with platform.sessions() as s:
        assert (
            s.scalar(select(func.count()).select_from(ObjectImage).where(ObjectImage.sha256 == image.sha256))
            == 1
        )


# -- 4. organisation webhooks reach the public internet only ------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.1/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
    ],
)
def test_a_webhook_to_an_internal_address_is_refused_when_saved(platform, web, url):  # noqa: ANN001
    admin = add_member(platform, "hookadmin", add_organisation(platform, "Dealer", "market"), ["org_admin"])
    body = {"channels": ["webhook"], "webhook_url": url, "webhook_secret": "a-shared-secret-of-length"}
    r = web.put("/api/v1/alert-subscriptions/organisation", json=body, headers=admin.headers)
    assert r.status_code == 422 and "not a public internet address" in r.json()["errors"]["webhook_url"]


def test_a_webhook_is_checked_again_when_sent_and_redirects_are_not_followed(monkeypatch):  # noqa: ANN001
    from heritrace.alerts.channels import Rejected, Retryable, post_webhook
    from tests.receivers import free_port

    # a name that resolved to a public address when saved and to loopback now (DNS rebinding)
    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, *a, **k: real("127.0.0.1", *a, **k) if host == "rebind.example" else real(host, *a, **k),
    )
    with pytest.raises(Rejected, match="not a public internet address"):
        post_webhook("http://rebind.example/hook", "s" * 20, b"{}", "key", 1.0)
    # a closed port: the answer says nothing of the far side's network
    with pytest.raises(Retryable) as closed:
        post_webhook(f"http://127.0.0.1:{free_port()}/hook", "s" * 20, b"{}", "key", 1.0, private_ok=True)
    assert str(closed.value) == "endpoint unavailable"
    # a redirect (to an internal address) is not followed
    hits = []

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(307)
            self.send_header("Location", "/internal")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(Rejected, match="redirects are not followed"):
            post_webhook(
                f"http://127.0.0.1:{server.server_port}/hook", "s" * 20, b"{}", "key", 2.0, private_ok=True
            )
    finally:
        server.shutdown()
        server.server_close()
    assert hits == ["/hook"]

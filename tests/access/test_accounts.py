"""Sign-in, lock-out, second factor, sessions, CSRF and API tokens, through HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from heritrace.accounts.models import ApiToken
from heritrace.app import create_app
from heritrace.audit.models import AuditEntry
from heritrace.audit.unit import unaudited
from heritrace.db.base import utcnow
from tests.conftest import add_member, add_organisation


@pytest.fixture
def web(platform):  # noqa: ANN001
    with TestClient(create_app(platform=platform)) as c:
        yield c


def csrf(client) -> str:  # noqa: ANN001
    page = client.get("/sign-in")
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def sign_in(client, username: str, password: str, code: str | None = None):  # noqa: ANN001, ANN201
    return client.post(
        "/sign-in",
        data={"csrf_token": csrf(client), "username": username, "password": password, "code": code or ""},
        follow_redirects=False,
    )


def audit_actions(platform, entity_id: str | None = None) -> list[str]:  # noqa: ANN001
    with platform.sessions() as s:
        query = select(AuditEntry.action).order_by(AuditEntry.id)
        if entity_id:
            query = query.where(AuditEntry.entity_id == entity_id)
        return list(s.scalars(query))


def test_sign_in_session_and_sign_out(platform, web, registrar):  # noqa: ANN001
    assert web.get("/account").status_code == 401
    r = sign_in(web, "registrar", registrar.password)
    assert r.status_code == 303
    cookie = r.headers["set-cookie"]
    assert "heritrace_session=" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    assert web.get("/account").status_code == 200
    assert web.get("/api/v1/me").json()["name"] == "registrar"
    token = csrf(web)
    assert web.post("/sign-out", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert web.get("/account").status_code == 401
    actions = audit_actions(platform, str(registrar.user_id))
    assert actions[-2:] == ["sign_in", "sign_out"]


def test_session_cookie_cannot_write_through_the_api(web, registrar):  # noqa: ANN001
    sign_in(web, "registrar", registrar.password)
    r = web.post("/api/v1/objects", json={"id": "CSRF-1", "title": "x"})
    assert r.status_code == 401


def test_forged_or_missing_csrf_is_refused(platform, web, registrar):  # noqa: ANN001
    before = audit_actions(platform)
    r = web.post("/sign-in", data={"username": "registrar", "password": registrar.password})
    assert r.status_code == 403
    web.get("/sign-in")
    r = web.post(
        "/sign-in", data={"csrf_token": "forged", "username": "registrar", "password": registrar.password}
    )
    assert r.status_code == 403
    assert audit_actions(platform) == before


def test_wrong_password_is_audited_and_locks_after_five(platform, web, registrar):  # noqa: ANN001
    for _ in range(5):
        assert sign_in(web, "registrar", "wrong password!").status_code == 401
    r = sign_in(web, "registrar", registrar.password)
    assert r.status_code == 429 and "too many" in r.text
    actions = audit_actions(platform, str(registrar.user_id))
    assert actions.count("sign_in_failed") == 5 and actions[-1] == "sign_in_locked"
    admin = add_member(platform, "admin", registrar.organisation_id, ["platform_admin"])
    r = web.post(
        f"/api/v1/users/{registrar.user_id}/password",
        json={"password": "a brand new password"},
        headers=admin.headers,
    )
    assert r.status_code == 200 and r.json()["locked"] is False
    assert sign_in(web, "registrar", "a brand new password").status_code == 303


def test_unknown_user_gets_the_same_answer(platform, web):  # noqa: ANN001
    r = sign_in(web, "nobody", "whatever password")
    assert r.status_code == 401 and "wrong user name, password" in r.text
    assert audit_actions(platform)[-1] == "sign_in_failed"


def test_investigator_needs_a_second_factor(platform, web):  # noqa: ANN001
    police = add_organisation(platform, "Police unit", "police")
    enrolled = add_member(platform, "inspector", police, ["investigator"], totp=True)
    assert enrolled.totp_secret
    assert sign_in(web, "inspector", enrolled.password).status_code == 401
    totp = pyotp.TOTP(enrolled.totp_secret)
    accepted = {totp.at(time.time() + 30 * step) for step in (-1, 0, 1)}  # the codes of the window
    wrong = next(c for c in ("000000", "111111", "222222") if c not in accepted)
    assert sign_in(web, "inspector", enrolled.password, wrong).status_code == 401
    code = totp.now()
    assert sign_in(web, "inspector", enrolled.password, code).status_code == 303
    assert web.get("/api/v1/me").json()["law_enforcement"] is True


def test_totp_is_enrolled_for_roles_that_need_it(platform):  # noqa: ANN001
    org = add_organisation(platform, "Police unit", "police")
    member = add_member(platform, "detective", org, ["investigator"])
    assert member.totp_secret is not None


def test_tokens_scoped_revocable_expiring(platform, web, registrar):  # noqa: ANN001
    reader = add_member(platform, "reader", registrar.organisation_id, ["registrar"], scopes=("read",))
    assert web.get("/api/v1/objects", headers=reader.headers).status_code == 200
    r = web.post("/api/v1/objects", json={"id": "T-1"}, headers=reader.headers)
    assert r.status_code == 403 and "scope" in r.json()["detail"]
    created = web.post("/api/v1/tokens", json={"name": "ci", "scopes": ["read"]}, headers=registrar.headers)
    assert created.status_code == 201
    plain, token_id = created.json()["token"], created.json()["id"]
    with platform.sessions() as s:
        stored = s.get(ApiToken, token_id)
        assert plain not in (stored.token_hash, stored.prefix) and stored.token_hash != plain
    listed = web.get("/api/v1/tokens", headers=registrar.headers).json()
    assert all("token" not in t for t in listed)
    bearer = {"Authorization": f"Bearer {plain}"}
    assert web.get("/api/v1/me", headers=bearer).json()["scopes"] == ["read"]
    assert web.delete(f"/api/v1/tokens/{token_id}", headers=registrar.headers).status_code == 204
    assert web.get("/api/v1/me", headers=bearer).status_code == 401
    with platform.sessions() as s:
        unaudited(s, "the clock moves past the token's expiry")
        s.execute(
            update(ApiToken)
            .where(ApiToken.user_id == reader.user_id)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        s.commit()
    assert web.get("/api/v1/objects", headers=reader.headers).status_code == 401
    assert web.get("/api/v1/objects", headers={"Authorization": "Bearer ht_made_up"}).status_code == 401
    assert web.get("/api/v1/objects", headers={"Authorization": "Basic abc"}).status_code == 401
    assert {"create", "revoke"} <= set(audit_actions(platform, str(token_id)))


def test_suspended_organisation_is_shut_out(platform, web, registrar):  # noqa: ANN001
    admin = add_member(
        platform, "operator", add_organisation(platform, "UNESCO", "operator"), ["platform_admin"]
    )
    sign_in(web, "registrar", registrar.password)
    r = web.post(
        f"/api/v1/organisations/{registrar.organisation_id}/vetting",
        json={"vetting": "suspended", "reason": "membership ended"},
        headers=admin.headers,
    )
    assert r.status_code == 200 and r.json()["vetting"] == "suspended"
    assert web.get("/api/v1/objects", headers=registrar.headers).status_code == 403
    assert web.get("/account").status_code == 401  # the session no longer signs anyone in
    assert sign_in(web, "registrar", registrar.password).status_code == 403
    assert "vetting" in audit_actions(platform, str(registrar.organisation_id))


def test_org_admin_manages_only_its_own_users(platform, web, registrar):  # noqa: ANN001
    other = add_organisation(platform, "Other museum", "museum")
    boss = add_member(platform, "boss", registrar.organisation_id, ["org_admin"])
    body = {
        "username": "newbie",
        "display_name": "New",
        "organisation_id": registrar.organisation_id,
        "roles": ["analyst"],
        "password": "long enough password",
    }
    assert web.post("/api/v1/users", json=body, headers=boss.headers).status_code == 201
    assert (
        web.post(
            "/api/v1/users", json={**body, "username": "xx2", "organisation_id": other}, headers=boss.headers
        ).status_code
        == 403
    )
    assert (
        web.post(
            "/api/v1/users",
            json={**body, "username": "xx3", "roles": ["platform_admin"]},
            headers=boss.headers,
        ).status_code
        == 403
    )
    assert (
        web.post("/api/v1/users", json={**body, "username": "xx4"}, headers=registrar.headers).status_code
        == 403
    )
    assert web.post("/api/v1/users", json=body, headers=boss.headers).status_code == 409
    names = {u["username"] for u in web.get("/api/v1/users", headers=boss.headers).json()}
    assert names == {"registrar", "boss", "newbie"}

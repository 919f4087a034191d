"""The holes found by trying Heritrace as an attacker would (issue 13, access): each test failed
before its fix, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from heritrace.accounts.models import ApiToken
from heritrace.app import create_app
from heritrace.audit.models import AuditEntry
from tests.conftest import add_member, add_organisation


@pytest.fixture
def web(platform):  # noqa: ANN001
    with TestClient(create_app(platform=platform)) as c:
        yield c


@pytest.fixture
def police(platform):  # noqa: ANN001
    """A vetted police unit's investigator, with a token of every scope."""
    return add_member(platform, "inspector", add_organisation(platform, "Police unit", "police"), ["investigator"])


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
    narrow = add_member(platform, f"narrow{len(scopes)}", police.organisation_id, ["investigator"], scopes=scopes)
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
        f"/api/v1/users/{registrar.user_id}/password", json={"password": "a brand new password"}, headers=admin.headers
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

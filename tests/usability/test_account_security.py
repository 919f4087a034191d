"""The account page: a user changes their password and enrols a second factor (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import pyotp
import pytest
from fastapi.testclient import TestClient

from heritrace.app import create_app
from tests.access.test_accounts import sign_in
from tests.usability.helpers import csrf


@pytest.fixture
def web(platform):  # noqa: ANN001
    with TestClient(create_app(platform=platform)) as c:
        yield c


def test_password_change_and_second_factor_enrolment(platform, web, registrar):  # noqa: ANN001
    assert sign_in(web, "registrar", registrar.password).status_code == 303
    new = "a-much-better-passphrase"
    wrong = {"current_password": "not it at all", "new_password": new, "confirm_password": new}
    r = web.post("/account/password", data={**wrong, "csrf_token": csrf(web, "/account")})
    assert r.status_code == 422 and 'id="error-current_password"' in r.text
    ok = {"current_password": registrar.password, "new_password": new, "confirm_password": new}
    r = web.post("/account/password", data={**ok, "csrf_token": csrf(web, "/account")})
    assert r.status_code == 200 and 'id="account-notice"' in r.text

    page = web.post("/account/second-factor", data={"csrf_token": csrf(web, "/account")})
    assert page.status_code == 200 and "<svg" in page.text  # the QR code, drawn here
    secret = re.search(r'name="secret" value="([A-Z2-7]+)"', page.text).group(1)
    bad = {"csrf_token": csrf(web, "/account"), "secret": secret, "code": "000000"}
    assert web.post("/account/second-factor", data=bad).status_code == 422
    code = pyotp.TOTP(secret).now()
    r = web.post(
        "/account/second-factor", data={"csrf_token": csrf(web, "/account"), "secret": secret, "code": code}
    )
    assert r.status_code == 200 and "protects your account" in r.text
    # the next sign-in needs the new password and a code
    fresh = TestClient(create_app(platform=platform))
    assert sign_in(fresh, "registrar", registrar.password, pyotp.TOTP(secret).now()).status_code != 303
    assert sign_in(fresh, "registrar", new).status_code != 303
    assert sign_in(fresh, "registrar", new, pyotp.TOTP(secret).now()).status_code == 303


def test_a_password_change_revokes_the_users_api_tokens(platform, web, registrar):  # noqa: ANN001
    api = TestClient(create_app(platform=platform))
    assert api.get("/api/v1/objects", headers=registrar.headers).status_code == 200
    assert sign_in(web, "registrar", registrar.password).status_code == 303
    new = "a-much-better-passphrase"
    ok = {"current_password": registrar.password, "new_password": new, "confirm_password": new}
    assert web.post("/account/password", data={**ok, "csrf_token": csrf(web, "/account")}).status_code == 200
    assert api.get("/api/v1/objects", headers=registrar.headers).status_code == 401

"""Alert subscriptions and hand-sent alerts have pages, not only API routes (SQLite and PostgreSQL)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from heritrace.app import create_app
from tests.access.test_accounts import sign_in
from tests.usability.helpers import csrf


def test_subscribe_and_send_an_alert_from_pages(platform, registrar):  # noqa: ANN001
    with TestClient(create_app(platform=platform)) as web:
        assert sign_in(web, "registrar", registrar.password).status_code == 303
        assert 'href="/alerts/subscription"' in web.get("/alerts/public").text
        form = {
            "alert_types": ["seizure", "recovery"],
            "countries": "it, fr",
            "channels": ["inbox"],
            "active": "on",
        }
        r = web.post("/alerts/subscription", data={**form, "csrf_token": csrf(web, "/alerts/subscription")})
        assert r.status_code == 200 and 'id="subscription-saved"' in r.text, r.text[-2000:]
        again = web.get("/alerts/subscription").text
        assert 'value="seizure" checked' in again and "IT, FR" in again
        bad = {
            "channels": ["email"],
            "email": "not an address",
            "csrf_token": csrf(web, "/alerts/subscription"),
        }
        assert web.post("/alerts/subscription", data=bad).status_code == 422

        alert = {"type": "heritage_at_risk", "title": "Looting near Palmyra", "body": "Watch the market",
                 "classification": "partners", "country": "sy"}  # fmt: skip
        r = web.post(
            "/alerts/new", data={**alert, "csrf_token": csrf(web, "/alerts/new")}, follow_redirects=False
        )
        assert r.status_code == 303, r.text[-2000:]
        page = web.get(r.headers["location"])
        assert page.status_code == 200 and "Looting near Palmyra" in page.text
        r = web.post(
            "/alerts/new", data={"type": "seizure", "title": "x", "csrf_token": csrf(web, "/alerts/new")}
        )
        assert r.status_code == 422 and 'id="error-title"' in r.text

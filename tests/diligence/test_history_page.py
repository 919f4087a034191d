"""A dealer sees the history of their own checks and certificates; another dealer does not."""

from __future__ import annotations

from fastapi.testclient import TestClient

from heritrace.app import create_app
from tests.diligence.helpers import market_member
from tests.diligence.test_due_diligence_api import DEALER_LOT


def test_dealer_sees_own_checks_and_certificates(platform, market_client, text_register):  # noqa: ANN001
    first = market_client.post("/api/v1/due-diligence", data=DEALER_LOT).json()
    second = market_client.post("/api/v1/due-diligence", data={"title": "Bronze bull"}).json()
    cert = market_client.post(f"/api/v1/due-diligence/{first['check_id']}/certificate").json()
    page = market_client.get("/due-diligence/history")
    assert page.status_code == 200
    assert first["check_id"] in page.text and second["check_id"] in page.text
    assert f"/api/v1/certificates/{cert['certificate_id']}.pdf" in page.text
    assert page.text.index(second["check_id"]) < page.text.index(first["check_id"])  # newest first
    assert 'href="/due-diligence/history"' in market_client.get("/due-diligence").text
    other = market_member(platform, "rival")
    with TestClient(create_app(platform=platform), headers=other.headers) as c:
        theirs = c.get("/due-diligence/history")
        assert (
            theirs.status_code == 200
            and first["check_id"] not in theirs.text
            and 'id="no-checks"' in theirs.text
        )

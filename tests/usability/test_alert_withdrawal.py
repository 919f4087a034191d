"""A theft alert says where its object stands now: the poster, the public page and feed (both stores)."""

from __future__ import annotations

from tests.pdfs import pdf_text


def test_recovered_object_withdraws_its_theft_alert(platform, client, anon_client):  # noqa: ANN001
    record = {"id": "TH-1", "title": "Gold fibula", "status": "stolen", "classification": "public"}
    assert client.post("/api/v1/objects", json=record).status_code == 201
    theft = next(a for a in client.get("/api/v1/alerts").json() if a["type"] == "theft_or_loss")["id"]
    assert "STOLEN - WANTED" in pdf_text(anon_client.get(f"/alerts/{theft}/poster.pdf").content)
    assert f"/alerts/{theft}" in anon_client.get("/alerts/public").text

    change = {"status": "recovered", "reason": "found at a fair"}
    assert client.post("/api/v1/objects/TH-1/status", json=change).status_code == 200
    poster = pdf_text(anon_client.get(f"/alerts/{theft}/poster.pdf").content)
    assert "WANTED -" not in poster and "STOLEN" not in poster and "RECOVERED - NO LONGER WANTED" in poster
    assert f'href="/alerts/{theft}"' not in anon_client.get("/alerts/public").text
    assert f"/alerts/{theft}<" not in anon_client.get("/alerts/feed.atom").text
    page = anon_client.get(f"/alerts/{theft}")
    assert page.status_code == 200 and 'id="alert-withdrawn"' in page.text

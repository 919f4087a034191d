"""Bad input and attacks: each gets the right 4xx and leaves no trace but an audit entry."""

from __future__ import annotations

from sqlalchemy import func, select

from heritrace.objects.models import CulturalObject
from tests.conftest import add_member, add_organisation
from tests.objects.test_api import jpeg_bytes


def count_objects(platform) -> int:  # noqa: ANN001
    with platform.sessions() as s:
        return s.scalar(select(func.count()).select_from(CulturalObject))


def test_guessing_other_organisations_ids_reveals_nothing(platform, client):  # noqa: ANN001
    other = add_member(platform, "rival", add_organisation(platform, "Rival museum", "museum"), ["registrar"])
    r = client.post(
        "/api/v1/objects", json={"id": "SECRET-1", "title": "hidden", "classification": "restricted"}
    )
    assert r.status_code == 201
    secret = r.json()["id"]  # the id as stored, inside the registrar's organisation's namespace
    r = client.post("/api/v1/objects", json={"id": "OPEN-1", "title": "open"})
    assert r.status_code == 201
    opened = r.json()["id"]
    missing = client.get("/api/v1/objects/NO-SUCH-ID", headers=other.headers)
    for guess in ("SECRET-1", secret):
        hidden = client.get(f"/api/v1/objects/{guess}", headers=other.headers)
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json()["detail"].replace(guess, "X") == missing.json()["detail"].replace(
            "NO-SUCH-ID", "X"
        )
    body = {"title": "taken over", "version": 1}
    assert client.put(f"/api/v1/objects/{secret}", json=body, headers=other.headers).status_code == 404
    assert client.put(f"/api/v1/objects/{opened}", json=body, headers=other.headers).status_code == 403
    r = client.post(
        f"/api/v1/objects/{opened}/status", json={"status": "recovered", "reason": "x"}, headers=other.headers
    )
    assert r.status_code == 403
    assert client.get("/api/v1/objects/OPEN-1").json()["title"] == "open"


def test_over_long_and_malformed_fields_are_refused(platform, client):  # noqa: ANN001
    before = count_objects(platform)
    for body in (
        {"id": "L-1", "title": "x" * 1001},
        {"id": "L-2", "description": "x" * 20001},
        {"id": "../../etc/passwd"},
        {"id": "L-3", "classification": "top_secret"},
        {"id": "L-4", "shared_with": ["1; DROP TABLE organisation"]},
        {"id": "L-5", "shared_with": [999]},
        {"id": "L-6", "title": None, "unknown_field": 1},
    ):
        r = client.post("/api/v1/objects", json=body)
        assert r.status_code == 422, (body, r.text)
    assert client.get("/api/v1/objects", params={"q": "x" * 501}).status_code == 422
    assert client.get("/api/v1/objects", params={"page": "0"}).status_code == 422
    assert count_objects(platform) == before


def test_sql_and_html_injection_are_stored_as_text(platform, client, anon_client):  # noqa: ANN001
    nasty = "Robert'); DROP TABLE cultural_object;-- <script>alert(1)</script>"
    r = client.post(
        "/api/v1/objects",
        json={"id": "INJ-1", "title": nasty, "maker": nasty, "description": nasty, "place_of_origin": nasty},
    )
    assert r.status_code == 201 and r.json()["title"] == nasty
    stored = r.json()["id"]
    for q in ("' OR 1=1 --", 'robert" OR "', "drop table", "*", "AND NOT OR", "\\"):
        r = anon_client.get("/api/v1/objects", params={"q": q, "maker": q, "type": q, "material": q})
        assert r.status_code == 200, (q, r.text)
    assert [
        i["id"] for i in anon_client.get("/api/v1/objects", params={"q": "robert drop"}).json()["items"]
    ] == [stored]
    page = anon_client.get(f"/objects/{stored}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert count_objects(platform) == 1


def test_path_traversal_in_file_names(platform, client):  # noqa: ANN001
    client.post("/api/v1/objects", json={"id": "P-1", "title": "photo"})
    r = client.post(
        "/api/v1/objects/P-1/images",
        files={"file": ("..\\..\\..\\windows\\system32\\evil.jpg", jpeg_bytes(), "image/jpeg")},
    )
    assert r.status_code == 201
    for bad in ("../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "0" * 63 + "/"):
        assert client.get(f"/api/v1/images/{bad}/thumb").status_code in (404, 422)
    assert (
        client.get("/api/v1/images/" + r.json()["images"][0]["sha256"] + "/..%2F..%2Fsecret").status_code
        == 404
    )


def test_public_sees_only_publishable_photos(platform, client, anon_client):  # noqa: ANN001
    stored = client.post("/api/v1/objects", json={"id": "PH-1", "title": "two photos"}).json()["id"]
    client.post("/api/v1/objects/PH-1/images", files={"file": ("a.jpg", jpeg_bytes(), "image/jpeg")})
    r = client.post(
        "/api/v1/objects/PH-1/images",
        files={"file": ("b.jpg", jpeg_bytes(colour=(9, 90, 9)), "image/jpeg")},
        data={"publishable": "false"},
    )
    images = r.json()["images"]
    hidden = next(i for i in images if not i["publishable"])
    assert len(images) == 2
    public = anon_client.get(f"/api/v1/objects/{stored}").json()["images"]
    assert [i["publishable"] for i in public] == [True]
    assert anon_client.get(hidden["thumbnail_url"]).status_code == 404
    assert client.get(hidden["thumbnail_url"]).status_code == 200


def test_need_to_know_fields_are_redacted(platform, client, anon_client):  # noqa: ANN001
    r = client.post(
        "/api/v1/objects",
        json={
            "id": "NK-1",
            "title": "chalice",
            "owner_name": "Parish of San Marco",
            "current_location": "evidence store B",
            "incident": {"type": "theft", "reference": "TPC-77"},
        },
    )
    assert r.json()["owner_name"] == "Parish of San Marco"
    stored = r.json()["id"]
    police = add_member(platform, "cop", add_organisation(platform, "Police", "police"), ["analyst"])
    market = add_member(platform, "dealer", add_organisation(platform, "Dealer", "market"), ["market_user"])
    assert (
        client.get(f"/api/v1/objects/{stored}", headers=police.headers).json()["current_location"]
        == "evidence store B"
    )
    for who in (market.headers, {}):
        body = anon_client.get(f"/api/v1/objects/{stored}", headers=who).json()
        assert body["owner_name"] is None and body["current_location"] is None
        assert body["incidents"][0]["reference"] is None and body["title"] == "chalice"
    assert anon_client.get("/api/v1/objects", params={"q": "parish"}).json()["total"] == 0

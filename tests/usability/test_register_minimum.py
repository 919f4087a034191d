"""The minimum a register record needs, and field errors given all at once (form and API)."""

from __future__ import annotations

from sqlalchemy import func, select

from heritrace.alerts.models import Alert
from heritrace.objects.models import CulturalObject
from tests.usability.helpers import csrf


def _count(platform, model) -> int:  # noqa: ANN001
    with platform.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


EMPTY_FORM = {"id": "", "title": "", "type_of_object": "", "status": "stolen", "classification": "public"}


def test_empty_register_form_creates_nothing_and_says_why(platform, client):  # noqa: ANN001
    r = client.post("/objects/new", data={**EMPTY_FORM, "csrf_token": csrf(client)}, follow_redirects=False)
    assert r.status_code == 422
    assert 'id="error-title"' in r.text and "recognised" in r.text
    assert "kind of object" in r.text  # the type's own error, in the same answer
    assert _count(platform, CulturalObject) == 0
    assert _count(platform, Alert) == 0


def test_every_field_error_is_shown_at_once(platform, client):  # noqa: ANN001
    form = {
        **EMPTY_FORM,
        "csrf_token": csrf(client),
        "id": "bad id with spaces",  # the form's own check
        "country": "Atlantis",  # readable and wrong
        "measurements": "90000 x 60 cm",  # absurd
        "incident_type": "theft",
        "incident_country": "Atlantis",
    }
    r = client.post("/objects/new", data=form, follow_redirects=False)
    assert r.status_code == 422
    for name in ("id", "country", "measurements", "title", "incident_country"):
        assert f'id="error-{name}"' in r.text, name
    assert _count(platform, CulturalObject) == 0


def test_api_refuses_an_empty_record_and_an_unknown_country(platform, client):  # noqa: ANN001
    r = client.post("/api/v1/objects", json={"status": "stolen"})
    assert r.status_code == 422
    assert {"title", "type_of_object"} <= set(r.json()["errors"])
    r = client.post("/api/v1/objects", json={"id": "ATL-1", "title": "Bowl", "country": "Atlantis"})
    assert r.status_code == 422 and "country" in r.json()["errors"]
    r = client.post("/api/v1/objects", json={"id": "TYPE-1", "type_of_object": "painting"})
    assert r.status_code == 422 and "title" in r.json()["errors"]
    assert _count(platform, CulturalObject) == 0
    # enough to recognise it: accepted
    assert (
        client.post("/api/v1/objects", json={"id": "OK-1", "title": "Bowl", "country": "Greece"}).status_code
        == 201
    )
    r = client.post(
        "/api/v1/objects", json={"id": "OK-2", "type_of_object": "icon", "description": "gilt halo"}
    )
    assert r.status_code == 201, r.text


def test_an_edit_cannot_empty_a_record(platform, client):  # noqa: ANN001
    assert client.post("/api/v1/objects", json={"id": "E-1", "title": "Bowl"}).status_code == 201
    r = client.put("/api/v1/objects/E-1", json={"version": 1, "classification": "public"})
    assert r.status_code == 422 and "title" in r.json()["errors"]

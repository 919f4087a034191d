"""The edit form of a record is offered only to those who may change it (SQLite and PostgreSQL)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from heritrace.app import create_app
from tests.conftest import add_member, add_organisation


def test_edit_form_is_refused_before_it_is_filled_in(platform, client):  # noqa: ANN001
    made = client.post("/api/v1/objects", json={"id": "ED-1", "title": "Bowl"})
    assert made.status_code == 201
    stored = made.json()["id"]  # inside the registering organisation's namespace
    assert client.get("/objects/ED-1/edit").status_code == 200  # the registering organisation
    other = add_member(platform, "other", add_organisation(platform, "Other museum"), ["registrar"])
    with TestClient(create_app(platform=platform), headers=other.headers) as c:
        page = c.get(f"/objects/{stored}/edit")
        assert page.status_code == 403
        assert 'class="record"' not in page.text and "only the organisation" in page.text
        assert f"/objects/{stored}/edit" not in c.get(f"/objects/{stored}").text  # no edit link either

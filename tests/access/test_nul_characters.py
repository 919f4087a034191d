"""NUL characters in request text get a clear 422 on both stores (PostgreSQL cannot store them)."""

from __future__ import annotations

import json

from heritrace.core.nul import has_nul


def test_nul_in_json_forms_and_queries_is_refused_before_any_write(client):  # noqa: ANN001
    r = client.post("/api/v1/objects", json={"id": "NUL-1", "title": "bad\u0000title"})
    assert r.status_code == 422
    assert r.json()["errors"] == {"body": "text must not contain NUL (0x00) characters"}
    assert client.get("/api/v1/objects/NUL-1").status_code == 404
    r = client.post("/api/v1/alerts", json={"type": "theft_or_loss", "title": "x\u0000", "body": "y"})
    assert r.status_code == 422 and "NUL" in r.json()["errors"]["body"]
    assert client.get("/api/v1/objects", params={"q": "a\x00b"}).status_code == 422
    # the six characters \u0000 as text are fine
    r = client.post("/api/v1/objects", json={"id": "NUL-2", "title": "escape \\u0000 shown"})
    assert r.status_code == 201, r.text
    assert client.get("/api/v1/objects/NUL-2").json()["title"] == "escape \\u0000 shown"


def test_nul_detection_by_content_type():
    as_json = json.dumps({"t": "a\u0000"}).encode()
    assert has_nul(as_json, b"application/json")
    assert not has_nul(json.dumps({"t": "a\\u0000"}).encode(), b"application/json")
    assert has_nul(json.dumps({"t": "a\\\u0000"}).encode(), b"application/json")
    assert has_nul(b"title=a%00b", b"application/x-www-form-urlencoded")
    assert not has_nul(b"title=100%2500", b"application/x-www-form-urlencoded")

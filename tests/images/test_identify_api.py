"""``POST /api/v1/identify``: ranked candidates with explanations, rights applied, bad input refused."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from heritrace.app import create_app
from heritrace.core.actor import Actor
from tests.diligence.helpers import RELIQUARY, SEASCAPE, market_member, seed_register, warped_crop


@pytest.fixture
def register(client):  # noqa: ANN001, ANN201
    return seed_register(client)


@pytest.fixture
def market_client(platform):  # noqa: ANN001, ANN201
    from fastapi.testclient import TestClient

    with TestClient(create_app(platform=platform), headers=market_member(platform).headers) as c:
        yield c


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _identify(client, data: bytes, name: str = "q.jpg"):  # noqa: ANN001, ANN202
    return client.post("/api/v1/identify", files={"photo": (name, data, "image/jpeg")})


def test_registrar_finds_the_object_first_with_an_explanation_picture(platform, client, register):  # noqa: ANN001
    r = _identify(client, warped_crop(register.seascape_photo))
    assert r.status_code == 200, r.text
    body = r.json()
    best = body["candidates"][0]
    assert best["object_id"] == SEASCAPE["id"] and best["verdict"] == "match"
    assert best["title"] == SEASCAPE["title"] and best["inliers"] >= 20
    assert best["object_url"] == f"/objects/{SEASCAPE['id']}"
    assert all(c["verdict"] != "match" for c in body["candidates"][1:])
    header, _, payload = best["explanation_image"].partition(",")
    assert header == "data:image/jpeg;base64"
    picture = Image.open(io.BytesIO(base64.b64decode(payload)))
    assert picture.format == "JPEG" and picture.width > picture.height  # two photos side by side
    assert platform.images.path(body["query_photo"], "display").exists()  # the query photo is kept
    assert client.get(best["register_photo_url"]).status_code == 200


def test_market_user_gets_only_a_notice_for_a_law_enforcement_record(
    platform, market_client, register, registrar
):  # noqa: ANN001
    r = _identify(market_client, warped_crop(register.reliquary_photo))
    assert r.status_code == 200, r.text
    best = r.json()["candidates"][0]
    assert best["object_id"] is None and best["title"] is None and best["explanation_image"] is None
    assert best["verdict"] == "possible" and "contact the originating authority" in best["notice"]
    assert RELIQUARY["id"] not in r.text and RELIQUARY["title"] not in r.text
    originator = Actor("registrar", registrar.user_id, registrar.organisation_id, frozenset({"registrar"}))
    assert [e.object_id for e in platform.diligence.inbox.entries(originator)] == [RELIQUARY["id"]]


def test_bad_photos_get_clear_answers_and_the_service_keeps_running(platform, client, register, monkeypatch):  # noqa: ANN001
    stored = {p.name for p in (platform.settings.data_dir / "images").rglob("*") if p.is_file()}
    cases = {
        "not an image": (b"%PDF-1.4 definitely not a photo", 422, "not an image"),
        "tiny": (_png(Image.new("RGB", (20, 20), (200, 10, 10))), 422, "too small"),
        "blank": (_png(Image.new("RGB", (640, 480), (128, 128, 128))), 422, "too little detail"),
        "truncated": (warped_crop(register.seascape_photo)[:900], 422, ""),
    }
    for name, (data, status, message) in cases.items():
        r = _identify(client, data)
        assert r.status_code == status, name
        assert message in r.json()["errors"]["photo"], (name, r.json())
    monkeypatch.setattr(platform.settings, "max_upload_bytes", 1000)
    huge = _identify(client, warped_crop(register.seascape_photo))
    assert huge.status_code == 413 and "limit" in huge.json()["detail"]
    monkeypatch.undo()
    assert {p.name for p in (platform.settings.data_dir / "images").rglob("*") if p.is_file()} == stored
    assert _identify(client, warped_crop(register.seascape_photo)).status_code == 200


def test_anonymous_callers_must_sign_in(anon_client):  # noqa: ANN001
    r = anon_client.post("/api/v1/identify", files={"photo": ("q.jpg", b"x", "image/jpeg")})
    assert r.status_code == 401

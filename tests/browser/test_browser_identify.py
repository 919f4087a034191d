"""A user uploads a photo on "Identify by photo" and sees the right object first."""

from __future__ import annotations

from fastapi.testclient import TestClient

from heritrace.app import create_app
from tests.browser.test_browser_diligence import sign_in
from tests.diligence.helpers import SEASCAPE, market_member, seed_register, warped_crop


def test_browser_identify_shows_the_right_object_first(page, platform, registrar, tmp_path):  # noqa: ANN001
    with TestClient(create_app(platform=platform), headers=registrar.headers) as api:
        photos = seed_register(api)
    query = tmp_path / "offer.jpg"
    query.write_bytes(warped_crop(photos.seascape_photo))
    sign_in(page, market_member(platform))
    page.click("text=Identify by photo")
    page.set_input_files("#f-photo", str(query))
    page.click("#identify")
    first = page.locator("#hit-1")
    first.wait_for()
    assert first.locator("a.object-link").inner_text() == SEASCAPE["id"]
    assert "match" in first.locator(".verdict").inner_text()
    assert first.locator("img.explanation").count() == 1


def test_browser_identify_explains_a_refused_photo(page, platform, tmp_path):  # noqa: ANN001
    sign_in(page, market_member(platform))
    bad = tmp_path / "notes.jpg"
    bad.write_bytes(b"not a photo at all")
    page.goto("/identify")
    page.set_input_files("#f-photo", str(bad))
    page.click("#identify")
    assert "not an image" in page.inner_text("#identify-error")

"""Sign-in in a real browser; a law-enforcement record is hidden from the public, shown to its registrar."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in_page


@pytest.fixture
def records(client) -> None:  # noqa: ANN001
    for rid, classification in (("LE-77", "law_enforcement"), ("PUB-77", "public")):
        r = client.post(
            "/api/v1/objects",
            json={
                "id": rid,
                "title": f"Processional cross {rid}",
                "classification": classification,
                "owner_name": "Parish of Ohrid",
            },
        )
        assert r.status_code == 201


def test_wrong_password_then_sign_in_and_out(page, registrar):  # noqa: ANN001
    page.goto("/sign-in")
    page.fill("#f-username", registrar.username)
    page.fill("#f-password", "not the password")
    page.click("main button[type=submit]")
    assert "wrong user name" in page.inner_text("#sign-in-error")
    sign_in_page(page, registrar.username, registrar.password)
    assert page.inner_text("#signed-in-as") == registrar.username
    page.click("#sign-out")
    page.wait_for_selector("#sign-in-link")


def test_public_cannot_see_law_enforcement_record(page, records):  # noqa: ANN001
    page.goto("/objects")
    assert "PUB-77" in page.inner_text("#results") and "LE-77" not in page.inner_text("#results")
    page.goto("/objects?q=processional")
    assert "PUB-77" in page.inner_text("#results") and "LE-77" not in page.inner_text("#results")
    response = page.goto("/objects/LE-77")
    assert response.status == 404 and "Processional" not in page.content()
    page.goto("/objects/PUB-77")
    assert "Parish of Ohrid" not in page.content()  # need-to-know field redacted


def test_registrar_sees_its_law_enforcement_record(registrar_page, records):  # noqa: ANN001
    page = registrar_page
    page.goto("/objects?q=processional")
    assert "LE-77" in page.inner_text("#results")
    response = page.goto("/objects/LE-77")
    assert response.status == 200 and "Processional cross LE-77" in page.inner_text("h1")
    assert "Parish of Ohrid" in page.inner_text("dl.record")

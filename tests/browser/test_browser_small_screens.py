"""The main pages fit a phone (390 px) and a laptop (1,280 px): no horizontal scrolling of the page.

Wide content (tables, long codes) scrolls inside its own box or wraps; the page itself never does."""

from __future__ import annotations

import pyotp
import pytest
from fastapi.testclient import TestClient

from heritrace.app import create_app
from tests.browser.conftest import OVERFLOW
from tests.cases.helpers import build_cast, case_body


@pytest.fixture
def world(platform, page):  # noqa: ANN001, ANN201
    cast = build_cast(platform, roles=("org_admin", "registrar"))
    admin = cast.people["org_admin"]
    long_title = "Madonna col Bambino e i santi Giovanni Battista e Francesco d'Assisi " * 3
    with TestClient(create_app(platform=platform), headers=admin.headers) as api:
        r = api.post(
            "/api/v1/objects",
            json={
                "id": "IT-NA-2015-LONG-IDENTIFIER-WITHOUT-BREAKS-0003",
                "type_of_object": "painting",
                "title": long_title,
                "classification": "public",
                "status": "stolen",
                "inscriptions_markings": "X" * 120,
            },
        )
        assert r.status_code == 201, r.text
        case = api.post("/api/v1/cases", json=case_body(cast.objects))
        assert case.status_code == 201, case.text
        alert = next(a for a in api.get("/api/v1/alerts").json() if a["type"] == "theft_or_loss")
    page.goto("/sign-in")
    page.fill("#f-username", admin.username)
    page.fill("#f-password", admin.password)
    if admin.totp_secret:
        page.fill("#f-code", pyotp.TOTP(admin.totp_secret).now())
    page.click("main button[type=submit]")
    page.wait_for_selector("#signed-in-as")
    return {"case": case.json()["id"], "object": cast.objects[0], "alert": alert["id"]}


PAGES = (
    "/objects",
    "/objects/{object}",
    "/objects/IT-NA-2015-LONG-IDENTIFIER-WITHOUT-BREAKS-0003",
    "/objects/new",
    "/objects/{object}/edit",
    "/alerts/{alert}",
    "/cases",
    "/cases/{case}",
    "/admin/audit",
    "/identify",
    "/alerts/public",
    "/due-diligence",
    "/account",
    "/no-such-page",
)
# every other page without a parameter, on a phone
MORE_PAGES = (
    "/inventory", "/review", "/imports", "/object-id", "/admin/users", "/partners",
    "/due-diligence/history", "/certificates/verify", "/inbox", "/cases/new", "/cases/results",
    "/alerts/subscription", "/alerts/new", "/consultations", "/consultations/new", "/legal/eu-import",
    "/legal/eu-export", "/laws", "/laws/propose", "/laws/proposals", "/library", "/library/new", "/training",
    "/meetings", "/meetings/new", "/meetings/actions", "/results",
)  # fmt: skip


@pytest.mark.parametrize("width", [390, 1280])
def test_main_pages_do_not_scroll_sideways(page, world, width):  # noqa: ANN001
    page.set_viewport_size({"width": width, "height": 844})
    too_wide = {}
    for path in PAGES:
        page.goto(path.format(**world))
        found = page.evaluate(OVERFLOW)
        if found["scroll"] > found["width"]:
            too_wide[path] = found
    assert not too_wide, too_wide


def test_every_other_page_fits_a_phone(page, world):  # noqa: ANN001
    page.set_viewport_size({"width": 390, "height": 844})
    too_wide = {}
    for path in MORE_PAGES:
        response = page.goto(path)
        assert response is not None and response.status < 500, path
        found = page.evaluate(OVERFLOW)
        if found["scroll"] > found["width"]:
            too_wide[path] = found
    assert not too_wide, too_wide


def test_menu_folds_away_on_a_phone(page, world):  # noqa: ANN001
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/objects")
    menu = page.locator("header.top nav:not(.languages)")
    languages = page.locator("#language-switch")
    assert not menu.is_visible() and not languages.is_visible()
    page.click("label[for=menu-toggle]")
    assert menu.is_visible() and menu.locator("text=Cases").is_visible()
    assert languages.is_visible()  # the language switch folds into the menu too
    box = menu.locator("a").first.bounding_box()
    assert box["height"] >= 40  # a finger-sized target
    page.set_viewport_size({"width": 1280, "height": 844})
    page.goto("/objects")
    assert menu.is_visible() and languages.is_visible()

"""A registrar creates an object with a photo through the UI and finds it in the filtered list."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.objects.test_api import jpeg_bytes


def test_browser_create_object_with_photo_and_find_it(registrar_page, tmp_path):  # noqa: ANN001
    page = registrar_page
    photo = tmp_path / "icon.jpg"
    photo.write_bytes(jpeg_bytes((400, 300), (150, 110, 40)))
    page.goto("/objects/new")
    page.fill("#f-id", "UA-MIN-2024-77")
    page.fill("#f-type_of_object", "icon")
    page.fill("#f-title", "Virgin Hodegetria")
    page.fill("#f-date_or_period", "XVII century")
    page.fill("#f-materials_techniques", "tempera on panel")
    page.fill("#f-measurements", "31 x 25 cm")
    page.fill("#f-country", "Ukraine")
    page.select_option("#f-status", "looted")
    page.select_option("#f-incident_type", "armed_conflict_loss")
    page.fill("#f-incident_place", "Kherson Regional Art Museum")
    page.set_input_files("#f-photos", str(photo))
    page.click("main button[type=submit]")
    page.wait_for_url("**/objects/*-UA-MIN-2024-77")  # stored inside the organisation's namespace
    assert "Virgin Hodegetria" in page.inner_text("h1")
    assert "31 × 25 cm" in page.inner_text("dl.record")
    assert page.locator(".photos img").count() == 1

    page.goto("/objects")
    page.select_option("select[name=type]", "painting")  # an icon is found under painting
    page.fill("input[name=country]", "UA")
    page.click("form.filters button")
    rows = page.locator("#results tbody tr")
    assert rows.count() == 1
    assert "UA-MIN-2024-77" in rows.first.inner_text()
    assert rows.first.locator("img.thumb").count() == 1


def test_browser_shows_validation_message_next_to_field(registrar_page):  # noqa: ANN001
    page = registrar_page
    page.goto("/objects/new")
    page.fill("#f-title", "Impossible vase")
    page.fill("#f-measurements", "0 x 0 cm")
    page.click("main button[type=submit]")
    expect(page.locator("#error-measurements")).to_be_visible()
    assert page.input_value("#f-title") == "Impossible vase"

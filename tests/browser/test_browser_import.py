"""A registrar imports a register of another shape through the import page: upload, columns mapped
with suggestions, preview, import, and the imported records on the register."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

NATIONAL = Path(__file__).resolve().parents[2] / "examples" / "registers" / "national-stolen-register.csv"


def test_browser_import_from_upload_to_imported_records(registrar_page):  # noqa: ANN001
    page = registrar_page
    page.goto("/objects")
    page.click("header a[href='/imports']")
    page.wait_for_url("**/imports")
    page.set_input_files("#f-file", str(NATIONAL))
    page.click("#upload")
    page.wait_for_url("**/imports/*")
    # the suggestions are already chosen from the French column names
    assert page.input_value("select[data-column='N° de dossier']") == "id"
    assert page.input_value('select[data-column="Type d\'atteinte"]') == "incident.type"
    page.select_option("select[data-column='Désignation']", "title")
    page.select_option("#default-status", "stolen")
    page.set_viewport_size({"width": 390, "height": 800})  # the mapping fits a phone: the table scrolls
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})

    page.click("#preview")
    expect(page.locator("#preview-new")).to_have_text("8")
    expect(page.locator("#preview-rejected")).to_have_text("0")
    assert "was read from a longer text" in page.inner_text("#preview-result")
    assert page.input_value("select[data-column='Désignation']") == "title"  # the mapping is kept

    page.click("#start-import")
    expect(page.locator("#import-report")).to_contain_text("8 created")
    page.click("text=The register")
    page.fill("input[name=q]", "Vierge")
    page.click("form.filters button")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(2)
    page.click("text=2019-0412")
    assert "Vierge à l'Enfant" in page.inner_text("h1")
    assert "stolen" in page.inner_text("h1").lower()  # the status label: "Stolen"

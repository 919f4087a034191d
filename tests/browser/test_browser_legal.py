"""A customs officer checks an import in the browser: the answer in plain words, then a correction."""

from __future__ import annotations


def test_browser_import_check(page):  # noqa: ANN001
    page.goto("/")
    page.click("text=Import/export checks")
    page.wait_for_selector("#import-form")
    # an Egyptian archaeological find sent from the United States, 2,000 years old, worth EUR 4,000
    page.select_option("#f-annex_category", "c")
    page.fill("#f-age_years", "2000")
    page.fill("#f-value_eur", "4000")
    page.fill("#f-country_of_creation_or_discovery", "EG")
    page.select_option("#f-removed_in_breach", "no")
    page.fill("#f-exported_from", "US")
    page.select_option("#f-procedure", "release_for_free_circulation")
    page.fill("#f-date", "2025-09-01")
    page.click("#run-import-check")
    page.wait_for_selector("#check-result")
    assert page.get_attribute("#requirement", "data-requirement") == "import_licence"
    assert page.inner_text("#requirement") == "Import licence needed"
    assert "Art. 4(1)" in page.inner_text("#articles")
    assert "Egypt" in page.inner_text("#reasons")
    assert page.is_visible("#document-import_licence_application")
    assert "partly verified" in page.inner_text("#verification-note")
    # the same object brought for a commercial art fair under temporary admission
    page.select_option("#f-procedure", "temporary_admission")
    page.select_option("#f-purpose", "commercial_art_fair")
    page.click("#run-import-check")
    page.wait_for_selector("#declaration")
    assert page.get_attribute("#requirement", "data-requirement") == "importer_statement"
    assert "Art. 3(5)" in page.inner_text("#articles")
    assert "exported from Egypt" in page.inner_text("#declaration")
    # left in breach of Egypt's laws: entry prohibited
    page.select_option("#f-removed_in_breach", "yes")
    page.click("#run-import-check")
    page.wait_for_selector("#requirement[data-requirement=prohibited]")
    assert page.inner_text("#requirement") == "Entry prohibited"
    # a bad field is marked next to the field, on a phone-sized screen too
    page.set_viewport_size({"width": 390, "height": 844})
    page.fill("#f-age_years", "very old")
    page.click("#run-import-check")
    page.wait_for_selector("#error-age_years")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1

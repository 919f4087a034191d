"""A partner publishes a PDF guide in the library, adds a French version; a reader finds it by a word
that is only inside the PDF; the operator withdraws it."""

from __future__ import annotations

import pyotp

from tests.browser.conftest import assert_fits_a_phone, sign_in_page
from tests.conftest import add_member, add_organisation
from tests.library.test_library import pdf_with


def test_browser_publish_search_inside_a_pdf_and_curate(page, platform, tmp_path):  # noqa: ANN001
    ministry = add_organisation(platform, "Ministry of Culture", "national_authority", country="FR")
    operator = add_organisation(platform, "Operator", "operator", country="FR")
    publisher = add_member(platform, "publisher", ministry, ["registrar"])
    admin = add_member(platform, "admin", operator, ["platform_admin"], totp=True)
    guide = tmp_path / "guide.pdf"
    guide.write_bytes(pdf_with("Inspect the reverse of each panel for inventory stamps."))
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"<html>not a pdf</html>")

    sign_in_page(page, publisher.username, publisher.password)
    page.click("nav >> text=Library")
    page.click("#publish-document")
    page.select_option("#f-kind", "guidance")
    page.fill("#f-title", "Icons: what to inspect")
    page.check("input[name=audiences][value=customs]")
    page.fill("#f-countries", "FR, IT")
    page.set_input_files("#f-file", str(fake))
    page.click("#document-submit")
    page.wait_for_selector("#form-errors")
    assert "not a PDF" in page.inner_text("#form-errors")
    page.set_input_files("#f-file", str(guide))
    page.click("#document-submit")
    page.wait_for_selector("#document-title")
    assert page.inner_text("#document-title") == "Icons: what to inspect"
    page.select_option("#v-language", "fr")
    page.fill("#v-title", "Icônes : que regarder")
    page.fill("#v-body", "Examinez le revers de chaque panneau.")
    page.click("#version-submit")
    page.wait_for_selector("#document-title >> text=Icônes : que regarder")
    assert_fits_a_phone(page)  # a document with its versions
    page.click("#sign-out")

    # anyone finds it by words found only inside the PDF
    page.goto("/library")
    page.fill("#f-q", "inventory stamps reverse")
    page.click("#library-search-submit")
    page.wait_for_selector("#documents >> text=Icons: what to inspect")

    # the operator signs in with a second factor
    page.goto("/sign-in")
    page.fill("#f-username", admin.username)
    page.fill("#f-password", admin.password)
    page.fill("#f-code", pyotp.TOTP(admin.totp_secret).now())
    page.click("main button[type=submit]")
    page.wait_for_selector("#signed-in-as")
    page.goto("/library")
    page.click("#documents >> text=Icons: what to inspect")
    page.check("input[name=withdrawn]")
    page.click("#curation-submit")
    page.wait_for_selector("#document-title")
    page.click("#sign-out")
    page.goto("/library?q=inventory+stamps")
    page.wait_for_selector("#library-empty")

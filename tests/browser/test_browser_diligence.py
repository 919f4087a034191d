"""A market user runs a due-diligence check in the browser and downloads the signed certificate."""

from __future__ import annotations

from fastapi.testclient import TestClient

from heritrace.app import create_app
from heritrace.diligence.signing import verify_file
from tests.browser.conftest import assert_fits_a_phone
from tests.diligence.helpers import SEASCAPE, market_member, seed_register


def sign_in(page, member) -> None:  # noqa: ANN001
    page.goto("/sign-in")
    page.fill("#f-username", member.username)
    page.fill("#f-password", member.password)
    page.click("form.record button[type=submit]")
    page.wait_for_url("**/objects**")


def test_browser_due_diligence_check_ends_with_a_downloaded_certificate(page, platform, registrar, tmp_path):  # noqa: ANN001
    with TestClient(create_app(platform=platform), headers=registrar.headers) as api:
        seed_register(api, with_photos=False)
    dealer = market_member(platform)
    sign_in(page, dealer)
    page.click("text=Due diligence")
    page.fill("#f-title", "Seascape with fishing boats at dawn")
    page.fill("#f-maker", "attributed to I. Aivazovsky")
    page.fill("#f-measurements", "45.5 x 60 cm")
    page.click("#run-check")
    page.wait_for_url("**/due-diligence/DD-*")
    first = page.locator("#candidate-1")
    assert SEASCAPE["id"] in first.inner_text()
    assert first.locator(".wf .bar").count() >= 5  # the waterfall, one bar per comparison
    assert "not proof of lawful provenance" in page.inner_text("#coverage-statement")
    assert_fits_a_phone(page)  # the check's result with its waterfalls
    page.click("#issue-certificate")
    page.wait_for_selector("#download-pdf")
    with page.expect_download() as info:
        page.click("#download-pdf")
    path = tmp_path / "certificate.pdf"
    info.value.save_as(path)
    key = platform.diligence.key
    result = verify_file(path.read_bytes(), {key.key_id: key.public})
    assert result.valid and result.certificate["certificate_id"] == page.inner_text("#certificate-id")

    page.goto("/certificates/verify")
    page.set_input_files("#f-file", str(path))
    page.click("#verify")
    assert page.inner_text("#verification") == "Valid"

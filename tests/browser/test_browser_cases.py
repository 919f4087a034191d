"""A case walked in the browser from opening to the object's return: a message posted to the parties, a
claim to compensation recorded, the request form and the summary report downloaded."""

from __future__ import annotations

import json

import pyotp
from playwright.sync_api import expect

from tests.cases.helpers import build_cast


def _move(page, target: str, note: str = "", returned_on: str = "") -> None:  # noqa: ANN001
    form = page.locator(f"#move-{target}")
    if note:
        form.locator("input[name=note]").fill(note)
    if returned_on:
        form.locator("input[name=returned_on]").fill(returned_on)
    form.locator("button").click()
    page.wait_for_selector(f"#case-state[data-state={target}]")


def test_browser_case_from_opening_to_return(page, platform, tmp_path):  # noqa: ANN001
    cast = build_cast(platform)
    admin = cast.people["org_admin"]
    # organisation administrators sign in with a second factor
    page.goto("/sign-in")
    page.fill("#f-username", admin.username)
    page.fill("#f-password", admin.password)
    page.fill("#f-code", pyotp.TOTP(admin.totp_secret).now())
    page.click("main button[type=submit]")
    page.wait_for_selector("#signed-in-as")
    page.click("text=Cases")
    page.click("#open-case")
    page.fill("#f-title", "Return of the Neapolitan Madonnas")
    page.fill("#f-object_ids", " ".join(cast.objects))
    page.select_option("#f-legal_basis", "eu_directive_2014_60")
    page.fill("#f-requesting_state", "IT")
    page.fill("#f-holding_state", "FR")
    page.select_option("#f-claim", "stolen")
    page.fill("#f-event_date", "2015-03-01")
    page.fill("#f-knowledge_date", "2024-06-01")
    page.fill("#f-notification_date", "2024-07-01")
    # parties are chosen from the list of roles, not typed as "role | name | country"
    page.select_option("#f-party_role-1", label="Current possessor")
    page.fill("#f-party_name-1", "A gallery in Paris")
    page.fill("#f-party_country-1", "FR")
    page.click("#open-submit")
    page.wait_for_selector("#case-state[data-state=opened]")
    assert page.locator("#deadlines tr.deadline").count() >= 2
    assert "A gallery in Paris" in page.inner_text("#parties")

    _move(page, "object_located")
    # a step that needs a note is refused with a clear message when the note is missing
    page.locator("#move-claim_notified button").click()
    assert "note" in page.inner_text("#case-message")
    _move(page, "claim_notified", "notified through the central authority")

    page.fill("#f-message-text", "The gallery's lawyer asks for the provenance file.")
    page.set_input_files(
        "#f-message-file", files=[{"name": "letter.txt", "mimeType": "text/plain", "buffer": b"dear"}]
    )
    page.click("#post-message-submit")
    page.wait_for_selector("#message-thread li.message")
    assert "provenance file" in page.inner_text("#message-thread")
    assert "letter.txt" in page.inner_text("#message-thread")
    page.locator("details:has(#add-claim) > summary").click()
    page.select_option("#f-claimant", "A gallery in Paris")
    page.select_option("#f-basis", "eu_directive_2014_60_art10")
    page.fill("#f-amount", "120000")
    page.fill("#f-currency", "EUR")
    page.fill("#f-price_paid", "EUR 120,000 in 2019")
    page.click("#add-claim-submit")
    page.wait_for_selector(".claim .claim-status")
    assert "120000.00 EUR" in page.inner_text("#compensation ~ .claim")
    _move(page, "bilateral_negotiation", "talks opened")
    _move(page, "agreement_or_decision", "agreement signed")
    _move(page, "return_executed", "handed over in Rome", returned_on="2025-03-15")
    _move(page, "closed")
    assert "The procedure has ended" in page.inner_text("#next-steps")
    expect(page.locator("#timeline li")).to_have_count(10)  # with the message, its attachment, the claim

    with page.expect_download() as info:
        page.click("#download-request-pdf")
    path = tmp_path / "request.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    with page.expect_download() as info:
        page.click("#download-request-json")
    forms = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert [f["object"]["external_id"] for f in forms] == cast.objects

    with page.expect_download() as info:
        page.click("#download-report-pdf")
    assert open(info.value.path(), "rb").read().startswith(b"%PDF")
    with page.expect_download() as info:
        page.click("#download-report-json")
    report = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert report["state"] == "Closed" and report["messages"] == 1
    assert report["compensation"][0]["amount"] == "120000.00"
    assert [d["title"] for d in report["documents"]] == ["Attachment to a message: letter.txt"]

    page.goto("/cases/results")
    assert "1 ending in a return of 2 objects" in page.inner_text("#results-summary")

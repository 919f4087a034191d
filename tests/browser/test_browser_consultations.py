"""The inbox and an expert consultation walked in the browser: an alert arrives (unread count), is
opened from its inbox entry and marked read; a customs officer asks with a photo, an expert answers
with an attachment, the officer reads the answer and closes with an outcome."""

from __future__ import annotations

from playwright.sync_api import expect

from heritrace.alerts.schemas import AlertIn, SubscriptionIn
from tests.browser.conftest import assert_fits_a_phone, sign_in_page
from tests.conftest import add_member, add_organisation
from tests.consultations.helpers import build_cast
from tests.members import actor, photo_bytes


def _sign_out(page) -> None:  # noqa: ANN001
    page.click("#sign-out")
    page.wait_for_selector("#sign-in-link")


def test_browser_inbox_unread_count_open_alert_and_read(page, platform):  # noqa: ANN001
    museum = add_organisation(platform, "Museo Sender", "museum")
    police = add_organisation(platform, "Carabinieri TPC", "police")
    sender = add_member(platform, "sender", museum, ["registrar"])
    cop = add_member(platform, "cop", police, ["analyst"])
    platform.alerts.subscribe(actor(platform, cop), SubscriptionIn())
    platform.alerts.send(
        actor(platform, sender),
        AlertIn(type="theft_or_loss", title="Icon of Saint George stolen", body="Taken from the chapel."),
    )
    sign_in_page(page, cop.username, cop.password)
    page.click("nav >> text=Inbox")
    assert page.inner_text("#unread-count") == "1 unread"
    expect(page.locator("#inbox tbody tr.unread")).to_have_count(1)
    page.click("#inbox .open-alert")
    page.wait_for_selector("#alert-title")
    assert page.inner_text("#alert-title") == "Icon of Saint George stolen"
    assert "Taken from the chapel." in page.inner_text("#alert-body")
    assert_fits_a_phone(page)  # the alert page
    page.go_back()
    page.click("#inbox button:has-text('Mark read')")
    page.wait_for_selector("#inbox tbody tr.read")
    assert page.inner_text("#unread-count") == "0 unread"


def test_browser_consultation_thread_from_question_to_outcome(page, platform, tmp_path):  # noqa: ANN001
    cast = build_cast(platform)
    lamp = tmp_path / "lamp.jpg"
    lamp.write_bytes(photo_bytes())
    note = tmp_path / "parallels.txt"
    note.write_text("Hayes 1972, type II; Bardo inv. 3341", encoding="utf-8")

    sign_in_page(page, cast.officer.username, cast.officer.password)
    page.click("nav >> text=Consultations")
    page.click("#open-consultation")
    page.fill("#f-question", "Is this a Roman oil lamp of North African type?")
    page.fill("#f-object_description", "terracotta lamp, 11 cm, red slip, lion on the discus")
    page.check("input[name=fields][value=archaeology]")
    page.fill("#f-target_hours", "24")
    page.set_input_files("#f-photos", str(lamp))
    page.click("#consultation-submit")
    page.wait_for_selector("#consultation-status[data-status=open]")
    expect(page.locator("#photos img")).to_have_count(1)
    expect(page.locator("#photos img")).to_have_js_property("complete", True)
    assert page.eval_on_selector("#photos img", "img => img.naturalWidth") > 0
    assert "Musee du Bardo" in page.inner_text("#experts")
    url = page.url
    assert_fits_a_phone(page)  # the consultation thread
    _sign_out(page)

    sign_in_page(page, cast.archaeologist.username, cast.archaeologist.password)
    page.click("nav >> text=Inbox")
    assert page.inner_text("#unread-count") == "1 unread"
    page.click("#inbox .open-alert")
    page.click("#alert-link")  # the alert leads to the consultation
    page.wait_for_selector("#answer-form")
    assert page.url == url
    page.fill("#f-body", "Hayes type II, 5th century AD: likely authentic, a protected category.")
    page.set_input_files("#f-file", str(note))
    page.click("#answer-submit")
    page.wait_for_selector("#consultation-status[data-status=answered]")
    assert "parallels.txt" in page.inner_text("#thread")
    _sign_out(page)

    sign_in_page(page, cast.officer.username, cast.officer.password)
    page.goto(url)
    assert "Hayes type II" in page.inner_text("#thread")
    assert page.inner_text("#experts .met-target") == "yes"
    with page.expect_download() as download:
        page.click("#thread .attachment a")
    assert open(download.value.path(), encoding="utf-8").read().startswith("Hayes 1972")
    page.select_option("#f-outcome_code", "authentic_protected_detain")
    page.fill("#f-outcome_text", "Detained at the port; the Bardo is informed.")
    page.click("#close-submit")
    page.wait_for_selector("#consultation-status[data-status=closed]")
    assert page.get_attribute("#outcome", "data-code") == "authentic_protected_detain"
    assert "Detained at the port" in page.inner_text("#outcome")
    assert page.locator("#answer-form").count() == 0

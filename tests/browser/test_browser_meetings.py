"""A meeting walked in the browser, from agenda to minutes: the convener sets up a series and a
meeting with its agenda and participants, records a decision, an action for the police and the
minutes; the police mark the action done in the action tracker, and the meeting then shows it done.
The results page shows the meeting held to the public, with its charts."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_a_phone, sign_in_page
from tests.meetings.helpers import build_cast


def test_browser_meeting_from_agenda_to_minutes_and_an_action_done_later(page, platform):  # noqa: ANN001
    cast = build_cast(platform)
    sign_in_page(page, cast.convener.username, cast.convener.password)
    page.click("nav >> text=Meetings")
    page.fill("#f-series-title", "Annual meeting of the partners")
    page.click("#series-submit")
    page.click("#next-meeting")
    page.fill("#f-title", "Annual meeting 2026")
    page.fill("#f-starts", f"{date.today().year}-01-02T09:00")
    page.fill("#f-place", "Rome")
    page.fill("#f-agenda", "Seizures of the year\nTraining plan")
    page.select_option("#f-participants", label="Carabinieri TPC (IT)")
    page.click("#meeting-submit")
    page.wait_for_selector("#meeting-status[data-status=planned]")
    expect(page.locator("#agenda li")).to_have_text(["Seizures of the year", "Training plan"])
    assert "Carabinieri TPC" in page.inner_text("#participants")
    assert page.get_attribute("#meeting-ics", "href").endswith("/calendar.ics")

    page.fill("#f-agenda-title", "Any other business")
    page.click("#agenda-submit")
    expect(page.locator("#agenda li")).to_have_count(3)
    page.fill("#f-decision", "Share every seizure list within a week")
    page.click("#decision-submit")
    expect(page.locator("#decisions li")).to_have_text(["Share every seizure list within a week"])
    page.fill("#f-action-title", "Send the seizure list to all partners")
    page.select_option("#f-action-owner", label="Carabinieri TPC")
    page.fill("#f-action-due", (date.today() + timedelta(days=7)).isoformat())
    page.select_option("#f-action-decision", index=1)
    page.click("#action-submit")
    row = page.locator("#actions tr.action")
    expect(row).to_have_count(1)
    expect(row.locator(".action-status")).to_have_text("open")
    page.fill("#f-minutes", "Present: the ministry and the Carabinieri. One decision, one action.")
    page.click("#minutes-submit")
    page.wait_for_selector("#meeting-status[data-status=held]")
    assert "One decision, one action." in page.inner_text("#minutes")
    meeting_url = page.url.split("#")[0]
    page.click("#sign-out")
    page.wait_for_selector("#sign-in-link")

    # later: the owner marks the action done in the tracker
    sign_in_page(page, cast.police.username, cast.police.password)
    page.goto("/meetings/actions?status=open")
    tracked = page.locator("#actions tr.action")
    expect(tracked).to_have_count(1)
    tracked.locator("select[name=status]").select_option("done")
    tracked.locator("input[name=notes]").fill("Sent on Monday")
    tracked.locator("button:has-text('Update')").click()
    page.wait_for_selector("#actions-empty")  # no open action left
    page.goto(meeting_url)
    expect(page.locator("#actions tr.action .action-status")).to_have_text("done")
    assert "Sent on Monday" in page.inner_text("#actions tr.action .action-notes")
    assert_fits_a_phone(page)  # the meeting with its agenda, decisions, minutes and actions
    page.click("#sign-out")
    page.wait_for_selector("#sign-in-link")

    # the public results page counts the meeting held and the action done, with server-drawn charts
    page.click("nav >> text=Results")
    expect(page.locator("#results-totals tr[data-figure=meetings] .value")).to_have_text("1")
    expect(page.locator("#results-totals tr[data-figure=actions_done] .value")).to_have_text("1")
    expect(page.locator("svg#trend-meetings")).to_have_count(1)

"""The market monitor's review queue in the browser: hits ranked by score with their explanation,
one dismissed with a reason, the other escalated into an alert to the record's originator."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_a_phone, sign_in_page
from tests.conftest import add_member, add_organisation
from tests.diligence.helpers import seed_register
from tests.monitor.conftest import add_source, crawl, stolen_seascape_item, unregistered_items
from tests.monitor.sites import Marketplace


def test_browser_review_queue_dismiss_and_escalate(page, platform, client):  # noqa: ANN001
    seed_register(client)
    text_only = stolen_seascape_item("words-only")
    text_only.photos = []  # found by its description alone: a lower score than text and photo
    sites = [
        Marketplace("jsonld", [stolen_seascape_item(), *unregistered_items(2)]),
        Marketplace("microdata", [text_only]),
    ]
    try:
        for n, site in enumerate(sites):
            site.start()
            add_source(platform, f"shop-{n}", site)
            crawl(platform, f"shop-{n}")
    finally:
        for site in sites:
            site.stop()
    police = add_organisation(platform, "Carabinieri TPC", "police")
    analyst = add_member(platform, "analyst", police, ["analyst"])
    sign_in_page(page, analyst.username, analyst.password)
    page.click("nav >> text=Market monitor")
    hits = page.locator("#hits li.hit")
    expect(hits).to_have_count(2)
    scores = [float(hits.nth(i).get_attribute("data-score")) for i in range(2)]
    assert scores == sorted(scores, reverse=True)
    assert_fits_a_phone(page)  # the review queue with its explanations
    first = hits.nth(0)
    assert "Photo:" in first.inner_text() and "Text:" in first.inner_text()
    assert "Evidence package" in first.inner_text()
    second_id = hits.nth(1).get_attribute("id")

    hits.nth(1).locator("form.dismiss input[name=reason]").fill("description only, object seen elsewhere")
    hits.nth(1).locator("form.dismiss button").click()
    page.wait_for_url("**/monitor")
    expect(page.locator("#hits li.hit")).to_have_count(1)

    page.locator("#hits li.hit form.escalate select[name=kind]").select_option("alert")
    page.locator("#hits li.hit form.escalate input[name=note]").fill("offered right now")
    page.locator("#hits li.hit form.escalate button").click()
    page.wait_for_url("**/alerts")
    page.goto("/monitor?state=open")
    expect(page.locator("#queue-empty")).to_be_visible()
    page.goto("/monitor?state=escalated")
    expect(page.locator("#hits li.hit .review")).to_contain_text("alert")
    page.goto("/monitor?state=dismissed")
    expect(page.locator(f"#{second_id} .review")).to_contain_text("description only")


def test_browser_escalation_into_a_consultation_picks_the_experts(page, platform, client):  # noqa: ANN001
    seed_register(client)
    site = Marketplace("jsonld", [stolen_seascape_item()])
    site.start()
    try:
        add_source(platform, "shop", site)
        crawl(platform, "shop")
    finally:
        site.stop()
    police = add_organisation(platform, "Carabinieri TPC", "police")
    expert = add_organisation(platform, "Istituto Centrale per il Restauro", "research")
    add_organisation(platform, "Museo del Mare", "museum")
    analyst = add_member(platform, "analyst", police, ["analyst"])
    sign_in_page(page, analyst.username, analyst.password)
    page.goto("/monitor")
    form = page.locator("#hits li.hit form.escalate")
    picker = form.locator("select[name=expert_organisation_ids]")
    expect(picker.locator("option")).to_contain_text(["Istituto Centrale per il Restauro", "Museo del Mare"])
    form.locator("select[name=kind]").select_option("consultation")
    picker.select_option(value=str(expert))
    form.locator("input[name=note]").fill("is this the stolen seascape?")
    form.locator("button").click()
    page.wait_for_url("**/consultations/*")
    expect(page.locator("body")).to_contain_text("Istituto Centrale per il Restauro")
    expect(page.locator("body")).not_to_contain_text("Museo del Mare")

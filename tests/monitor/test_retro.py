"""Retro-screening: a theft registered today is searched among the listings seen before."""

from __future__ import annotations

from heritrace.core.actor import SYSTEM
from tests.monitor.conftest import add_source, crawl, unregistered_items
from tests.monitor.sites import Item

ICON = {
    "id": "GR-ATH-2024-017",
    "type_of_object": "icon",
    "title": "Icon of Saint George slaying the dragon",
    "maker": "Cretan school",
    "materials_techniques": "tempera and gold leaf on wood",
    "measurements": "38 x 29 cm",
    "date_or_period": "16th century",
    "status": "stolen",
    "classification": "public",
}


def test_a_listing_seen_before_the_record_existed_is_found(platform, client, site_factory):  # noqa: ANN001
    listing = Item(
        "icon-george",
        "Cretan icon of Saint George slaying the dragon, tempera and gold leaf",
        "Post-Byzantine icon, Cretan school, 16th century, tempera and gold leaf on wood, 38 x 29 cm.",
    )
    site = site_factory("jsonld", [listing, *unregistered_items(3)])
    add_source(platform, "shop", site)
    report = crawl(platform, "shop")
    assert report.screened == 4 and report.hits == 0  # nothing registered yet
    assert client.post("/api/v1/objects", json=ICON).status_code == 201  # reported stolen today
    hits = platform.monitor.hits(SYSTEM)
    assert [(h["object_id"], h["listing_url"], h["origin"]) for h in hits] == [
        (ICON["id"], site.base + "/item/icon-george", "retro")
    ]
    assert hits[0]["verdict"] in ("match", "possible") and "text" in hits[0]["explanation"]
    # the archive is searched once per report: registering again finds nothing new
    assert platform.monitor.retro_screen(ICON["id"]) == []


def test_a_record_not_reported_stolen_is_not_searched(platform, client, site_factory):  # noqa: ANN001
    listing = Item("icon", ICON["title"], "Cretan school icon, tempera and gold leaf on wood.")
    site = site_factory("jsonld", [listing])
    add_source(platform, "shop", site)
    crawl(platform, "shop")
    assert client.post("/api/v1/objects", json={**ICON, "status": "recovered"}).status_code == 201
    assert platform.monitor.hits(SYSTEM) == []

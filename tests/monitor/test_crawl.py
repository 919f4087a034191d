"""Crawling the three site structures: listings read, robots.txt obeyed, 429 respected, pagination,
lazy images, listings screened once, re-listings linked."""

from __future__ import annotations

import json

from sqlalchemy import select

from heritrace.core.actor import SYSTEM
from heritrace.monitor.models import MonitorListing, MonitorPhoto
from tests.monitor.conftest import SEASCAPE, add_source, crawl, stolen_seascape_item, unregistered_items
from tests.monitor.sites import PLAIN_SELECTORS


def _listings(platform, source_id=None):  # noqa: ANN001, ANN202
    with platform.sessions() as s:
        return {row.url.rsplit("/", 1)[1]: row for row in s.scalars(select(MonitorListing)).all()}


def _photos(platform, listing_id):  # noqa: ANN001, ANN202
    with platform.sessions() as s:
        return list(s.scalars(select(MonitorPhoto.url).where(MonitorPhoto.listing_id == listing_id)))


def test_jsonld_site_listings_are_read_and_the_stolen_object_hits(platform, register, site_factory):  # noqa: ANN001
    site = site_factory("jsonld", [stolen_seascape_item(), *unregistered_items(4)], per_page=2)
    add_source(platform, "jsonld-shop", site)
    report = crawl(platform, "jsonld-shop")
    assert report.listings_seen == 5 and report.listings_new == 5 and report.screened == 5
    listings = _listings(platform)
    seascape = listings["seascape-boats"]
    assert (
        seascape.price == "1200"
        and seascape.currency == "EUR"
        and seascape.seller == "Antiques of the Valley"
    )
    assert json.loads(seascape.fields)["found_by"] == "json-ld"
    assert _photos(platform, seascape.id) == site.photo_urls(site.items["seascape-boats"])
    hits = platform.monitor.hits(SYSTEM)
    assert [(h["object_id"], h["listing_id"]) for h in hits] == [(SEASCAPE["id"], seascape.id)]
    assert hits[0]["verdict"] == "match" and set(hits[0]["explanation"]) == {"text", "photo"}
    # pagination: the third index page was reached through rel=next
    assert "/?page=3" in site.paths()


def test_robots_txt_is_obeyed_and_every_request_names_heritrace(platform, register, site_factory):  # noqa: ANN001
    site = site_factory("jsonld", unregistered_items(2))
    add_source(platform, "shop", site)
    report = crawl(platform, "shop")
    paths = site.paths()
    assert paths[0] == "/robots.txt"
    assert not any(p.startswith("/private/") for p in paths)
    assert report.refused_by_robots >= 1
    assert all("Heritrace" in r.user_agent for r in site.requests)


def test_a_site_forbidding_everything_is_not_crawled(platform, site_factory):  # noqa: ANN001
    site = site_factory("jsonld", unregistered_items(2), robots="User-agent: *\nDisallow: /\n")
    add_source(platform, "closed", site)
    report = crawl(platform, "closed")
    assert site.paths() == ["/robots.txt"] and report.listings_seen == 0


def test_429_is_respected_with_retry_after(platform, site_factory):  # noqa: ANN001
    items = unregistered_items(2)
    site = site_factory("jsonld", items, throttle={f"/item/{items[0].slug}": 1})
    add_source(platform, "busy", site)
    report = crawl(platform, "busy")
    times = [r for r in site.requests if r.path == f"/item/{items[0].slug}"]
    assert [r.status for r in times] == [429, 200]
    assert times[1].at - times[0].at >= 0.95  # Retry-After: 1
    assert report.backoffs == 1 and report.listings_seen == 2


def test_microdata_site(platform, register, site_factory):  # noqa: ANN001
    site = site_factory("microdata", [stolen_seascape_item(), *unregistered_items(2)])
    add_source(platform, "micro", site)
    report = crawl(platform, "micro")
    assert report.listings_seen == 3
    seascape = _listings(platform)["seascape-boats"]
    assert json.loads(seascape.fields)["found_by"] == "microdata"
    assert seascape.price == "1200" and seascape.seller == "Antiques of the Valley"
    assert [h["object_id"] for h in platform.monitor.hits(SYSTEM)] == [SEASCAPE["id"]]


def test_plain_site_needs_selectors_and_lazy_images_are_found(platform, register, site_factory):  # noqa: ANN001
    item = stolen_seascape_item()
    item.photos = item.photos + unregistered_items(1)[0].photos  # data-src and srcset
    site = site_factory("plain", [item, *unregistered_items(3)], per_page=2)
    add_source(platform, "bare", site)
    assert crawl(platform, "bare").listings_seen == 0  # nothing structured to read
    add_source(platform, "bare", site, selectors=PLAIN_SELECTORS)
    report = crawl(platform, "bare")
    assert report.listings_seen == 4
    seascape = _listings(platform)["seascape-boats"]
    assert seascape.title == item.title and seascape.price == "1200"
    assert json.loads(seascape.fields)["found_by"] == "selectors"
    assert _photos(platform, seascape.id) == site.photo_urls(item)  # the largest of the srcset
    assert not any("logo" in p for p in site.paths())
    assert [h["object_id"] for h in platform.monitor.hits(SYSTEM)] == [SEASCAPE["id"]]


def test_a_listing_seen_again_is_not_screened_twice_and_a_changed_one_is(platform, register, site_factory):  # noqa: ANN001
    items = [stolen_seascape_item(), *unregistered_items(2)]
    site = site_factory("jsonld", items)
    add_source(platform, "shop", site)
    assert crawl(platform, "shop").screened == 3
    again = crawl(platform, "shop")
    assert again.listings_seen == 3 and again.screened == 0 and again.hits == 0
    site.items["lot-0"].description += " Price reduced."
    changed = crawl(platform, "shop")
    assert changed.screened == 1 and changed.listings_changed == 1
    assert len(platform.monitor.hits(SYSTEM)) == 1  # the seascape was not raised again


def test_relistings_on_other_sites_are_linked(platform, register, site_factory):  # noqa: ANN001
    first = site_factory("jsonld", [stolen_seascape_item("a1"), *unregistered_items(1)])
    relisted = stolen_seascape_item("b7")
    relisted.title = "Marine painting, boats at dawn"  # other words, the same photo
    second = site_factory("microdata", [relisted, *unregistered_items(1, start=10)])
    add_source(platform, "one", first)
    add_source(platform, "two", second)
    crawl(platform, "one")
    crawl(platform, "two")
    listings = _listings(platform)
    assert listings["b7"].group_id == listings["a1"].id == listings["a1"].group_id
    assert listings["lot-10"].group_id == listings["lot-10"].id


def test_the_worker_crawls_sources_whose_interval_has_passed(platform, register, site_factory, monkeypatch):  # noqa: ANN001
    from datetime import timedelta

    from heritrace.monitor.models import MonitorSource

    monkeypatch.setenv("HERITRACE_MONITOR_SCREENSHOTS", "0")
    add_source(platform, "hourly", site_factory("jsonld", [stolen_seascape_item()]), interval_minutes=60)
    add_source(platform, "daily", site_factory("jsonld", unregistered_items(2)))
    platform.queue  # noqa: B018 - registers the tasks (immediate mode: they run at once)
    assert platform.tasks["monitor_schedule"].call_local() == ["daily", "hourly"]
    assert {h["object_id"] for h in platform.monitor.hits(SYSTEM)} == {SEASCAPE["id"]}
    assert platform.tasks["monitor_schedule"].call_local() == []  # nothing due until the interval passed
    with platform.sessions.begin() as s:
        source = s.scalar(select(MonitorSource).where(MonitorSource.name == "hourly"))
        source.last_crawl_at -= timedelta(minutes=61)
    assert platform.monitor.claim_due_sources() == ["hourly"]
    periodic = {t.__name__ for t in platform.queue._registry._periodic_tasks}
    assert "monitor_schedule" in periodic


def test_photos_are_decoded_once_and_screened_with_the_native_threads_held(
    platform, register, site_factory, monkeypatch
):  # noqa: ANN001, E501
    import cv2

    from heritrace.core.cpu import available_cores
    from heritrace.images import store
    from heritrace.images.features import extract_query

    site = site_factory("jsonld", [stolen_seascape_item(), *unregistered_items(3)], per_page=2)
    add_source(platform, "shop", site)
    platform.photos.sync()
    decoded_again, threads = [], []
    monkeypatch.setattr(store, "load_image", lambda *a, **k: decoded_again.append(1))
    screen = platform.monitor.screener.screen

    def counting(data, images, features):  # noqa: ANN001, ANN202
        threads.append(cv2.getNumThreads())
        assert [f.phash for f in features] == [extract_query(img).phash for _, img in images]
        return screen(data, images, features)

    monkeypatch.setattr(platform.monitor.screener, "screen", counting)
    report = crawl(platform, "shop")
    assert report.listings_seen == 4 and report.hits == 1
    assert decoded_again == []  # the store was given the photo the crawl decoded
    assert threads == [max(1, available_cores() // 2)] * 4  # two workers
    for listing in _listings(platform).values():
        with platform.sessions() as s:
            photo = s.scalar(select(MonitorPhoto).where(MonitorPhoto.listing_id == listing.id))
        assert platform.images.original_path(photo.sha256, photo.mime).exists()
        assert platform.images.path(photo.sha256, "thumb").exists()


def test_the_queued_addresses_are_remembered_across_merges(monkeypatch):  # noqa: ANN001
    from heritrace.monitor.crawl import SeenUrls

    monkeypatch.setattr(SeenUrls, "BUFFER", 16)
    seen = SeenUrls(["https://shop.example/"])
    urls = [f"https://shop.example/item/{n}" for n in range(100)]
    assert [seen.add(u) for u in urls] == [True] * 100
    assert len(seen) == 101 and len(seen._sorted) >= 96  # merged into the sorted array
    assert not any(seen.add(u) for u in [*urls, "https://shop.example/"])
    assert seen.add("https://shop.example/item/100") and len(seen) == 102

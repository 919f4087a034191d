"""Listings drawn from the development sets (read in place, never copied into the project): the
monitor's hits on a loopback marketplace are those of ``heritrace screen`` (text-dev listings) and
``heritrace identify`` (photo-dev query photos) on the same listings."""

from __future__ import annotations

import csv
import json
import random

import pytest

from heritrace.core.actor import SYSTEM
from heritrace.images.decode import load_image_path
from heritrace.matching.records import Query
from heritrace.objects.transfer import RegisterImporter
from tests.conftest import shared_data
from tests.monitor.conftest import add_source, crawl
from tests.monitor.sites import Item


@pytest.fixture(params=["sqlite"])
def backend(request) -> str:  # noqa: ANN001
    # reading the dev sets is what this adds; storage is covered on both stores by the other tests
    return request.param


def _import(platform, path) -> None:  # noqa: ANN001
    report = RegisterImporter(platform.sessions, platform.images, SYSTEM).run(path)
    assert report.inserted > 0
    platform.photos.sync()


def test_text_dev_listings_hit_as_heritrace_screen_does(platform, site_factory, tmp_path):  # noqa: ANN001
    folder = shared_data("text-dev")
    truth = list(csv.DictReader(open(folder / "truth.csv", encoding="utf-8")))
    listings = {row["id"]: row for row in map(json.loads, open(folder / "listings.jsonl", encoding="utf-8"))}
    register = {row["id"]: row for row in map(json.loads, open(folder / "register.jsonl", encoding="utf-8"))}
    rng = random.Random(17)
    positives = rng.sample([t for t in truth if t["expected"] in register], 8)
    negatives = rng.sample([t for t in truth if t["expected"] == "-"], 8)
    wanted = {t["expected"] for t in positives} | set(rng.sample(sorted(register), 300))
    path = tmp_path / "register.jsonl"
    path.write_text("\n".join(json.dumps(register[i]) for i in sorted(wanted)) + "\n")
    _import(platform, path)
    chosen = [listings[t["listing_id"]] for t in positives + negatives]
    items = [Item(row["id"].lower(), row["title"], row.get("description") or "") for row in chosen]
    site = site_factory("jsonld", items, per_page=5)
    add_source(platform, "text-dev", site)
    crawl(platform, "text-dev")
    monitor = {
        (h["listing_url"].rsplit("/", 1)[1], h["object_id"], h["verdict"])
        for h in platform.monitor.hits(SYSTEM)
    }
    expected = set()
    for row in chosen:
        query = Query.from_listing(
            {"id": row["id"], "title": row["title"], "description": row.get("description")}
        )
        for hit in platform.matcher.match(SYSTEM, query, 10):
            if hit.verdict in ("match", "possible"):
                expected.add((row["id"].lower(), hit.object_id, hit.verdict))
    assert monitor == expected
    found = {(listing, obj) for listing, obj, _ in monitor}
    assert sum((t["listing_id"].lower(), t["expected"]) in found for t in positives) >= 4


def test_photo_dev_queries_hit_as_heritrace_identify_does(platform, site_factory, tmp_path):  # noqa: ANN001
    folder = shared_data("photo-dev")
    queries = list(csv.DictReader(open(folder / "queries.csv", encoding="utf-8")))
    rows = list(csv.DictReader(open(folder / "register.csv", encoding="utf-8")))
    rng = random.Random(5)
    single = [q for q in queries if q["expected"] != "-" and " " not in q["expected"]]
    chosen = rng.sample(single, 6)
    # the last two show works left out of the register: unregistered objects on sale
    left_out = {q["expected"] for q in chosen[4:]}
    others = [r["id"] for r in rows if r["id"] not in left_out]
    wanted = ({q["expected"] for q in chosen[:4]} | set(rng.sample(others, 20))) - left_out
    path = tmp_path / "register.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            if r["id"] in wanted:
                record = {k: v for k, v in r.items() if v and k != "images"}
                fh.write(json.dumps({**record, "status": "stolen"}) + "\n")
    _import(platform, path)
    for r in rows:  # photos are added through the service: an import reads only files beside it
        if r["id"] in wanted:
            platform.objects.add_image(SYSTEM, r["id"], (folder / r["images"]).read_bytes(), r["images"])
    platform.photos.sync()
    items = [
        Item(
            f"q{n}",
            f"Painting for sale, lot {n}",
            "Oil on canvas, framed.",
            photos=[(folder / q["query"]).read_bytes()],
        )
        for n, q in enumerate(chosen)
    ]
    site = site_factory("jsonld", items)
    add_source(platform, "photo-dev", site)
    crawl(platform, "photo-dev")
    monitor = {}
    for h in platform.monitor.hits(SYSTEM):
        if "photo" in h["explanation"]:
            monitor[(h["listing_url"].rsplit("/", 1)[1], h["object_id"])] = h["explanation"]["photo"][
                "verdict"
            ]
    expected = {}
    for n, q in enumerate(chosen):
        for hit in platform.photos.identify(SYSTEM, load_image_path(folder / q["query"]), top_k=5):
            if hit.verdict in ("match", "possible"):
                expected[(f"q{n}", hit.object_id)] = hit.verdict
    assert monitor == expected
    assert sum(monitor.get((f"q{n}", q["expected"])) == "match" for n, q in enumerate(chosen[:4])) >= 2

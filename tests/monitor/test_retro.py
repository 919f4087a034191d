"""Retro-screening: a theft registered today is searched among the listings seen before."""

from __future__ import annotations

from heritrace.core.actor import SYSTEM
from tests.diligence.helpers import OWN
from tests.monitor.conftest import add_source, crawl, unregistered_items
from tests.monitor.sites import Item

ICON = {
    "id": f"{OWN}-GR-ATH-2024-017",  # chosen inside the registrar's namespace: stored as given
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


def test_a_retro_hit_without_earlier_evidence_is_sealed_from_the_archive(platform, client, site_factory):  # noqa: ANN001
    import json

    from sqlalchemy import select

    from heritrace.audit.models import AuditEntry
    from heritrace.monitor.evidence import MANIFEST, WARC, verify_package
    from heritrace.monitor.models import MonitorEvidence, MonitorListing, MonitorPhoto
    from heritrace.monitor.service import ARCHIVED_LISTING
    from tests.images.synthetic import painting
    from tests.monitor.conftest import jpeg

    listing = Item(
        "icon-george",
        "Cretan icon of Saint George slaying the dragon, tempera and gold leaf",
        "Post-Byzantine icon, Cretan school, 16th century, tempera and gold leaf on wood, 38 x 29 cm.",
        photos=[jpeg(painting(4242))],
    )
    add_source(platform, "shop", site_factory("jsonld", [listing, *unregistered_items(2)]))
    assert crawl(platform, "shop").evidence == 0  # no hit when seen: nothing captured then
    assert client.post("/api/v1/objects", json=ICON).status_code == 201
    [hit] = platform.monitor.hits(SYSTEM)
    assert hit["origin"] == "retro" and hit["evidence"] is not None
    evidence, folder = platform.monitor.evidence_folder(hit["listing_id"])
    assert evidence.id == hit["evidence"]["id"]
    check = platform.monitor.verify(folder, evidence.manifest_sha256)
    assert check.valid, check.problems
    manifest = check.manifest
    assert manifest["captured_from"] == "archive" and "no evidence was captured" in manifest["archive_note"]
    assert "no evidence was captured" in manifest["screenshot_missing"]
    assert [h["object_id"] for h in manifest["hits"]] == [ICON["id"]]
    names = {f["name"] for f in manifest["files"]}
    assert WARC not in names and not (folder / WARC).exists()  # no raw response was kept
    with platform.sessions() as s:
        row = s.get(MonitorListing, hit["listing_id"])
        [photo] = s.scalars(select(MonitorPhoto).where(MonitorPhoto.listing_id == row.id)).all()
        audited = s.scalar(
            select(AuditEntry).where(
                AuditEntry.action == "monitor.evidence", AuditEntry.entity_id == str(evidence.id)
            )
        )
        assert audited is not None and evidence.manifest_sha256 in (audited.after or "")
        content_hash = row.content_hash
    assert names == {ARCHIVED_LISTING, f"photos/{photo.sha256}.jpg"}
    stored = json.loads((folder / ARCHIVED_LISTING).read_text(encoding="utf-8"))
    assert stored["content_hash"] == content_hash and stored["title"] == listing.title
    assert [p["sha256"] for p in stored["photos"]] == [photo.sha256]
    import hashlib

    assert hashlib.sha256((folder / f"photos/{photo.sha256}.jpg").read_bytes()).hexdigest() == photo.sha256
    # sealed like any other package: a changed field is detected
    (folder / ARCHIVED_LISTING).write_text(json.dumps({**stored, "price": "10"}), encoding="utf-8")
    tampered = verify_package(folder)
    assert not tampered.valid and any(ARCHIVED_LISTING in p for p in tampered.problems)
    assert (folder / MANIFEST).exists()
    with platform.sessions() as s:
        assert len(s.scalars(select(MonitorEvidence)).all()) == 1


def test_a_retro_hit_carries_the_evidence_captured_when_the_listing_was_seen(
    platform, register, client, site_factory
):  # noqa: ANN001
    from sqlalchemy import select

    from heritrace.monitor.models import MonitorEvidence
    from tests.diligence.helpers import SEASCAPE
    from tests.monitor.conftest import stolen_seascape_item

    add_source(platform, "shop", site_factory("jsonld", [stolen_seascape_item()]))
    assert crawl(platform, "shop").evidence == 1  # a hit on the seascape: sealed when seen
    [seen] = platform.monitor.hits(SYSTEM)
    # the same painting reported by its lender under its own number
    loaned = {**SEASCAPE, "id": f"{OWN}-UA-KYIV-2024-5"}
    assert client.post("/api/v1/objects", json=loaned).status_code == 201
    retro = [h for h in platform.monitor.hits(SYSTEM) if h["origin"] == "retro"]
    assert [(h["object_id"], h["listing_id"]) for h in retro] == [(loaned["id"], seen["listing_id"])]
    assert retro[0]["evidence"] == seen["evidence"]  # the package captured at the time, not a new one
    with platform.sessions() as s:
        assert len(s.scalars(select(MonitorEvidence)).all()) == 1


def test_the_queue_stores_retro_hits_first_and_seals_their_evidence_in_a_job_of_its_own(
    platform, client, site_factory
):  # noqa: ANN001
    from sqlalchemy import func, select

    from heritrace.monitor.models import MonitorEvidence

    listing = Item(
        "icon-george",
        "Cretan icon of Saint George slaying the dragon, tempera and gold leaf",
        "Post-Byzantine icon, Cretan school, 16th century, tempera and gold leaf on wood, 38 x 29 cm.",
    )
    add_source(platform, "shop", site_factory("jsonld", [listing, *unregistered_items(2)]))
    crawl(platform, "shop")
    platform.queue  # noqa: B018 - registers the tasks
    queued: list[list[int]] = []
    platform.tasks["monitor_retro_evidence"] = queued.append
    assert client.post("/api/v1/objects", json=ICON).status_code == 201
    [hit] = platform.monitor.hits(SYSTEM)
    assert hit["origin"] == "retro" and hit["evidence"] is None  # shown before its evidence is sealed
    assert queued == [[hit["hit_id"]]]

    def packages() -> int:
        with platform.sessions() as s:
            return s.scalar(select(func.count()).select_from(MonitorEvidence))

    platform.monitor.seal_retro(queued[0])
    assert packages() == 1 and platform.monitor.hits(SYSTEM)[0]["evidence"] is not None
    platform.monitor.seal_retro(queued[0])  # a job run again after a failure seals nothing twice
    assert packages() == 1

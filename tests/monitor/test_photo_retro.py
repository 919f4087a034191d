"""Retro-screening by photo: a listing seen before a theft was reported is found when it shows the
record's photo resized or re-encoded (a near pHash confirmed by photo identification), not only the
same file."""

from __future__ import annotations

import hashlib

from fastapi.testclient import TestClient
from sqlalchemy import select, text, update

from heritrace.app import create_app
from heritrace.audit.models import AuditEntry
from heritrace.core.actor import SYSTEM
from heritrace.images.decode import load_image
from heritrace.images.features import extract_query
from heritrace.images.identify import NEAR_COPY_BITS
from heritrace.monitor.models import MonitorListing, MonitorPhoto, signed_phash, unsigned_phash
from tests.conftest import add_member, add_organisation
from tests.diligence.helpers import OWN, register_photo
from tests.monitor.conftest import add_source, crawl, jpeg, recompressed, unregistered_items
from tests.monitor.sites import Item

ICON = {
    "id": f"{OWN}-GR-ATH-2024-031",
    "type_of_object": "icon",
    "title": "Icon of Saint Nicholas with scenes from his life",
    "maker": "Cretan school",
    "materials_techniques": "tempera and gold leaf on wood",
    "date_or_period": "17th century",
    "status": "stolen",
    "classification": "public",
}
# the sellers' words say nothing of the record: only the photo can find these listings
WORDS = ("Decorative wall panel", "Nice old decorative piece for a country house, collection only.")


def listing_ids(platform) -> dict[str, int]:  # noqa: ANN001
    with platform.sessions() as s:
        rows = s.execute(select(MonitorListing.url, MonitorListing.id)).all()
    return {url.rsplit("/", 1)[-1]: listing_id for url, listing_id in rows}


def photo_of(platform, listing_id: int) -> MonitorPhoto:  # noqa: ANN001
    with platform.sessions() as s:
        [photo] = s.scalars(select(MonitorPhoto).where(MonitorPhoto.listing_id == listing_id)).all()
        s.expunge(photo)
    return photo


def report_with_photo(client, photo: bytes) -> None:  # noqa: ANN001
    assert client.post("/api/v1/objects", json=ICON).status_code == 201
    r = client.post(f"/api/v1/objects/{ICON['id']}/images", files={"file": ("p.jpg", photo, "image/jpeg")})
    assert r.status_code == 201, r.text


def test_a_resized_recompressed_copy_of_the_records_photo_is_found(platform, client, site_factory):  # noqa: ANN001
    photo = register_photo(41)
    copy = recompressed(photo)
    assert hashlib.sha256(copy).hexdigest() != hashlib.sha256(photo).hexdigest()
    items = [Item("panel", *WORDS, photos=[copy]), *unregistered_items(3)]
    add_source(platform, "shop", site_factory("jsonld", items))
    assert crawl(platform, "shop").hits == 0  # nothing registered yet
    report_with_photo(client, photo)  # reported stolen, its photo added after
    hits = platform.monitor.hits(SYSTEM)
    assert [(h["object_id"], h["listing_id"], h["origin"]) for h in hits] == [
        (ICON["id"], listing_ids(platform)["panel"], "retro")
    ]
    evidence = hits[0]["explanation"]["photo"]
    assert hits[0]["verdict"] == evidence["verdict"] and evidence["verdict"] in ("match", "possible")
    assert "text" not in hits[0]["explanation"] and "same_file" not in evidence
    assert 0 <= evidence["phash_distance"] <= NEAR_COPY_BITS and evidence["inliers"] > 0
    assert (
        evidence["listing_photo"].endswith(".jpg")
        and evidence["register_photo"] == hashlib.sha256(photo).hexdigest()
    )
    # searched once: reporting again finds nothing new
    assert platform.monitor.retro_screen(ICON["id"]) == []
    # the analysts' queue says how the photo was found, in the reader's language
    police = add_organisation(platform, "Carabinieri TPC", "police", country="IT")
    analyst = add_member(platform, "analyst", police, ["analyst"])
    with TestClient(create_app(platform=platform), headers=analyst.headers) as web:
        assert "a resized or re-encoded copy of the register" in web.get("/monitor").text
        assert (
            "une copie redimensionnée ou réencodée de la photo du registre"
            in web.get("/monitor?lang=fr").text
        )


def test_the_crawl_stores_each_photos_phash(platform, site_factory):  # noqa: ANN001
    items = unregistered_items(3)
    add_source(platform, "shop", site_factory("jsonld", items))
    crawl(platform, "shop")
    ids = listing_ids(platform)
    for item in items:
        stored = photo_of(platform, ids[item.slug])
        expected = extract_query(load_image(item.photos[0])).phash
        assert stored.phash is not None and unsigned_phash(stored.phash) == expected
    # stored signed, read back unsigned: a hash with its top bit set survives both stores
    top = 0xF0E1_D2C3_B4A5_9687
    with platform.sessions.begin() as s:
        s.execute(
            update(MonitorPhoto)
            .where(MonitorPhoto.listing_id == ids["lot-0"])
            .values(phash=signed_phash(top))
        )
    assert unsigned_phash(photo_of(platform, ids["lot-0"]).phash) == top
    platform.monitor.photo_hashes.refresh()
    assert (platform.monitor.photo_hashes.near(top, 0)[0][1:]) == (ids["lot-0"], 0)


def test_a_near_phash_that_photo_identification_does_not_confirm_is_not_a_hit(platform, client, site_factory):  # noqa: ANN001
    photo = register_photo(41)
    add_source(platform, "shop", site_factory("jsonld", [Item("panel", *WORDS, photos=[jpeg_of(777)])]))
    crawl(platform, "shop")
    panel = listing_ids(platform)["panel"]
    # an unrelated photo whose pHash happens to lie 2 bits from the record's photo's
    near = extract_query(load_image(photo)).phash ^ 0b101
    with platform.sessions.begin() as s:
        s.execute(
            update(MonitorPhoto).where(MonitorPhoto.listing_id == panel).values(phash=signed_phash(near))
        )
    report_with_photo(client, photo)
    with platform.sessions() as s:
        image_id = s.scalar(text("SELECT id FROM object_image"))
    # it was a candidate (within NEAR_COPY_BITS), then identification found another painting
    assert [(c[0], c[2]) for c in platform.monitor.near_copy_candidates([image_id], set())] == [(panel, 2)]
    assert platform.monitor.hits(SYSTEM) == []


def test_listings_archived_without_a_phash_are_found_by_same_file_only(platform, client, site_factory):  # noqa: ANN001
    photo = register_photo(41)
    items = [
        Item("same-file", *WORDS, photos=[photo]),
        Item("copy", "Another decorative panel", "Old piece, good condition.", photos=[recompressed(photo)]),
        *unregistered_items(2),
    ]
    add_source(platform, "shop", site_factory("jsonld", items))
    crawl(platform, "shop")
    with platform.sessions.begin() as s:  # as the rows archived before the pHash was kept
        s.execute(update(MonitorPhoto).values(phash=None))
    report_with_photo(client, photo)
    hits = platform.monitor.hits(SYSTEM)
    assert [(h["listing_id"], h["explanation"]["photo"]) for h in hits] == [
        (listing_ids(platform)["same-file"], {"same_file": hashlib.sha256(photo).hexdigest()})
    ]
    assert len(platform.monitor.photo_hashes) == 0


def test_a_row_without_phash_beside_rows_with_one_does_not_break_the_search(platform, client, site_factory):  # noqa: ANN001
    photo = register_photo(41)
    items = [Item("copy", *WORDS, photos=[recompressed(photo, 0.8, 70)]), *unregistered_items(3)]
    add_source(platform, "shop", site_factory("jsonld", items))
    crawl(platform, "shop")
    ids = listing_ids(platform)
    with platform.sessions.begin() as s:
        s.execute(update(MonitorPhoto).where(MonitorPhoto.listing_id == ids["lot-1"]).values(phash=None))
    report_with_photo(client, photo)
    assert [h["listing_id"] for h in platform.monitor.hits(SYSTEM)] == [ids["copy"]]
    assert len(platform.monitor.photo_hashes) == 3


def jpeg_of(seed: int) -> bytes:
    from tests.images.synthetic import painting

    return jpeg(painting(seed))


def test_the_migration_adds_and_removes_the_phash_column(settings):  # noqa: ANN001
    from alembic import command
    from sqlalchemy import inspect

    from heritrace.db.engine import make_engine, writing
    from heritrace.db.migrate import alembic_config, upgrade

    engine, start = make_engine(settings), "0029"

    def columns() -> set[str]:
        with engine.connect() as conn:
            return {c["name"] for c in inspect(conn).get_columns("monitor_photo")}

    try:
        with writing():
            upgrade(engine, start)
        assert "phash" not in columns()
        listing = (
            "INSERT INTO monitor_listing (source_id, url, content_hash, text_hash, fields, first_seen, "
            "last_seen, changed_at) SELECT id, 'https://shop.example/1', 'c', 't', '{}', "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM monitor_source"
        )
        photo = (
            "INSERT INTO monitor_photo (listing_id, url, sha256, mime) "
            "SELECT id, 'https://shop.example/1.jpg', 'abc', 'image/jpeg' FROM monitor_listing"
        )
        with writing(), engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO monitor_source (name, config, interval_minutes, created_at) "
                    "VALUES ('shop', '{}', 60, CURRENT_TIMESTAMP)"
                )
            )
            conn.execute(text(listing))
            conn.execute(text(photo))
        with writing():
            upgrade(engine, "0030")
        assert "phash" in columns()
        with writing(), engine.begin() as conn:
            assert conn.execute(text("SELECT sha256, phash FROM monitor_photo")).all() == [("abc", None)]
            big = signed_phash(0xFFFF_FFFF_FFFF_FFFE)
            conn.execute(text("UPDATE monitor_photo SET phash = :p"), {"p": big})
            assert (
                unsigned_phash(conn.scalar(text("SELECT phash FROM monitor_photo"))) == 0xFFFF_FFFF_FFFF_FFFE
            )
        cfg = alembic_config(engine)
        with writing(), engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, start)
        assert "phash" not in columns()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT sha256 FROM monitor_photo")).all() == [("abc",)]
    finally:
        engine.dispose()


def test_the_phashes_in_memory_are_kept_in_step_with_new_photos(platform, site_factory):  # noqa: ANN001
    hashes = platform.monitor.photo_hashes
    add_source(platform, "shop", site_factory("jsonld", unregistered_items(2)))
    crawl(platform, "shop")
    hashes.refresh()
    assert len(hashes) == 2
    later = unregistered_items(2, start=10)
    add_source(platform, "market", site_factory("jsonld", later))
    crawl(platform, "market")
    hashes.refresh()  # the rows added since, not the whole table again
    assert len(hashes) == 4 and len(set(hashes.photo_ids.tolist())) == 4
    phash = extract_query(load_image(later[1].photos[0])).phash
    assert [(listing, d) for _, listing, d in hashes.near(phash, 0)] == [(listing_ids(platform)["lot-11"], 0)]


def test_a_hit_found_by_text_gets_the_photo_evidence_added_later(platform, client, site_factory):  # noqa: ANN001
    """The record is reported first (the listing's words find it), its photo added after: the same hit
    then carries the photo's evidence too, not a second hit; the change is audited."""
    photo = register_photo(43)
    words = (
        f"{ICON['title']}, {ICON['maker']}",
        f"{ICON['materials_techniques']}, {ICON['date_or_period']}.",
    )
    items = [Item("icon", *words, photos=[recompressed(photo)]), *unregistered_items(2)]
    add_source(platform, "shop", site_factory("jsonld", items))
    crawl(platform, "shop")
    assert client.post("/api/v1/objects", json=ICON).status_code == 201
    [by_text] = platform.monitor.hits(SYSTEM)
    assert by_text["listing_id"] == listing_ids(platform)["icon"]
    assert "text" in by_text["explanation"] and "photo" not in by_text["explanation"]

    r = client.post(f"/api/v1/objects/{ICON['id']}/images", files={"file": ("p.jpg", photo, "image/jpeg")})
    assert r.status_code == 201, r.text
    [both] = platform.monitor.hits(SYSTEM)
    assert both["hit_id"] == by_text["hit_id"]
    assert "text" in both["explanation"] and both["explanation"]["photo"]["verdict"] in ("match", "possible")
    with platform.sessions() as s:
        details = s.scalars(
            select(AuditEntry.after).where(
                AuditEntry.action == "monitor.retro_hit", AuditEntry.entity_id == str(both["hit_id"])
            )
        ).all()
    assert len(details) == 2 and sum('"photo"' in (d or "") for d in details) == 1
    # nothing more to add: searching again changes nothing
    assert platform.monitor.retro_screen(ICON["id"]) == []
    [again] = platform.monitor.hits(SYSTEM)
    assert again["explanation"] == both["explanation"]

"""Evidence packages: WARC of the raw responses, photos, digests, a signed manifest in the audit
chain; an altered WARC, photo or manifest is detected."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from sqlalchemy import select

from heritrace.audit.models import AuditEntry
from heritrace.core.actor import SYSTEM
from heritrace.monitor.evidence import CHROMIUM, Screenshotter, read_warc, verify_package
from heritrace.monitor.models import MonitorEvidence
from tests.monitor.conftest import add_source, crawl, stolen_seascape_item, unregistered_items


def _hit_listing(platform, site_factory):  # noqa: ANN001, ANN202
    site = site_factory("jsonld", [stolen_seascape_item(), *unregistered_items(2)])
    add_source(platform, "shop", site)
    report = crawl(platform, "shop")
    assert report.evidence == 1 and len(report.hit_listing_ids) == 1
    return site, report.hit_listing_ids[0]


def test_a_hit_is_sealed_with_the_raw_responses_photos_and_a_signed_manifest(
    platform, register, site_factory, tmp_path
):  # noqa: ANN001
    site, listing_id = _hit_listing(platform, site_factory)
    out = tmp_path / "package"
    check = platform.monitor.export_evidence(SYSTEM, listing_id, out)
    assert check.valid, check.problems
    manifest = json.loads((out / "manifest.json").read_text())
    sealed = manifest["certificate"]
    assert sealed["listing_url"] == site.base + "/item/seascape-boats"
    assert [h["verdict"] for h in sealed["hits"]] == ["match"]
    names = {f["name"] for f in sealed["files"]}
    assert "responses.warc.gz" in names and any(n.startswith("photos/") for n in names)
    assert all(len(f["sha256"]) == 64 and f["captured_at"].endswith("Z") for f in sealed["files"])
    assert sealed["screenshot_missing"] == "screenshots switched off (--no-screenshots)"
    # the page can be shown later as it was: the response bodies are in the WARC, as served
    records = {url: (status, body) for url, status, body in read_warc(out / "responses.warc.gz")}
    assert records[sealed["listing_url"]][0] == 200
    assert b"application/ld+json" in records[sealed["listing_url"]][1]
    photo_url = site.photo_urls(site.items["seascape-boats"])[0]
    assert records[photo_url][1] == site.items["seascape-boats"].photos[0]
    # the manifest's digest is in the audit chain
    with platform.sessions() as s:
        evidence = s.scalar(select(MonitorEvidence).where(MonitorEvidence.listing_id == listing_id))
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "monitor.evidence"))
    assert json.loads(entry.after)["manifest_sha256"] == evidence.manifest_sha256


def test_an_altered_warc_photo_or_manifest_is_detected(platform, register, site_factory, tmp_path):  # noqa: ANN001
    _, listing_id = _hit_listing(platform, site_factory)
    out = tmp_path / "package"
    assert platform.monitor.export_evidence(SYSTEM, listing_id, out).valid
    assert verify_package(out).valid
    warc = out / "responses.warc.gz"
    data = bytearray(warc.read_bytes())
    data[len(data) // 2] ^= 0x01
    warc.write_bytes(bytes(data))
    check = verify_package(out)
    assert not check.valid and check.problems == [
        "responses.warc.gz: altered (SHA-256 differs from the sealed manifest)"
    ]
    # a forger who also rewrites the manifest's digest breaks the signature
    doc = json.loads((out / "manifest.json").read_text())
    for f in doc["certificate"]["files"]:
        if f["name"] == "responses.warc.gz":
            f["sha256"] = "0" * 64
    (out / "manifest.json").write_text(json.dumps(doc))
    check = verify_package(out)
    assert not check.valid and check.problems[0].startswith("manifest signature")
    # the package kept by the platform is checked against the digest recorded when sealed
    _, folder = platform.monitor.evidence_folder(listing_id)
    (folder / "manifest.json").write_text(json.dumps(doc))
    assert not platform.monitor.verify(folder).valid


@pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) or shutil.which("chromium")), reason="Chromium not installed"
)
def test_a_full_page_screenshot_is_sealed_with_chromium(platform, register, site_factory, tmp_path):  # noqa: ANN001
    site = site_factory("jsonld", [stolen_seascape_item()])
    add_source(platform, "shop", site)
    platform.photos.sync()
    report = platform.monitor.crawl("shop", screenshots=Screenshotter(enabled=True))
    assert report.evidence == 1
    out = tmp_path / "package"
    assert platform.monitor.export_evidence(SYSTEM, report.hit_listing_ids[0], out).valid
    shot = (out / "screenshot.png").read_bytes()
    assert shot.startswith(b"\x89PNG")
    sealed = json.loads((out / "manifest.json").read_text())["certificate"]
    assert "screenshot.png" in {f["name"] for f in sealed["files"]} and sealed["screenshot_missing"] is None

"""``heritrace monitor``: sources from TOML and YAML files, a crawl, hits as JSON lines as good as
``heritrace screen`` and ``heritrace identify`` on the same listings, evidence export and checks."""

from __future__ import annotations

import json

import yaml
from typer.testing import CliRunner

from heritrace.cli.main import app
from tests.monitor.conftest import SEASCAPE, stolen_seascape_item, unregistered_items
from tests.monitor.sites import PLAIN_SELECTORS
from tests.objects.test_import_export import cli_env  # noqa: F401

runner = CliRunner()


def _toml(path, name: str, base: str):  # noqa: ANN001, ANN202
    path.write_text(
        f'name = "{name}"\nstart_urls = ["{base}/"]\nallowed_domains = ["127.0.0.1"]\n'
        "interval_minutes = 60\ndelay_s = 0\nconcurrency = 2\n"
    )
    return path


def test_sources_run_hits_and_evidence(cli_env, register, site_factory, tmp_path):  # noqa: ANN001, F811
    items = [stolen_seascape_item(), *unregistered_items(3)]
    shop = site_factory("jsonld", items, per_page=2)
    bare = site_factory("plain", [stolen_seascape_item("sea-2"), *unregistered_items(2, start=5)])
    r = runner.invoke(
        app, ["monitor", "sources", "add", str(_toml(tmp_path / "shop.toml", "shop", shop.base))]
    )
    assert r.exit_code == 0, r.output
    yml = tmp_path / "bare.yaml"
    yml.write_text(
        yaml.safe_dump(
            {"name": "bare", "start_urls": [bare.base + "/"], "allowed_domains": ["127.0.0.1"], "delay_s": 0,
             "selectors": PLAIN_SELECTORS}
        )
    )  # fmt: skip
    assert runner.invoke(app, ["monitor", "sources", "add", str(yml)]).exit_code == 0
    listed = runner.invoke(app, ["monitor", "sources", "list"]).stdout
    assert "shop" in listed and "bare" in listed

    r = runner.invoke(app, ["monitor", "run", "--source", "shop", "--no-screenshots"])
    assert r.exit_code == 0, r.output
    assert "listings_seen=4" in r.output and "hits=1" in r.output
    r = runner.invoke(app, ["monitor", "hits", "--source", "shop", "--json"])
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [(h["listing_url"], h["object_id"], h["verdict"]) for h in lines] == [
        (shop.base + "/item/seascape-boats", SEASCAPE["id"], "match")
    ]
    assert 0 < lines[0]["score"] <= 1

    # as good as `heritrace screen` (text) and `heritrace identify` (photo) on the same listing
    item = items[0]
    listing = tmp_path / "listing.jsonl"
    listing.write_text(json.dumps({"id": "x", "title": item.title, "description": item.description}) + "\n")
    screened = json.loads(runner.invoke(app, ["screen", str(listing)]).stdout)["candidates"][0]
    (tmp_path / "photo.jpg").write_bytes(item.photos[0])
    identified = json.loads(runner.invoke(app, ["identify", str(tmp_path / "photo.jpg"), "--json"]).stdout)
    explanation = lines[0]["explanation"]
    assert (screened["object_id"], screened["verdict"]) == (SEASCAPE["id"], explanation["text"]["verdict"])
    best_photo = identified["candidates"][0]
    assert (best_photo["object_id"], best_photo["verdict"]) == (
        SEASCAPE["id"],
        explanation["photo"]["verdict"],
    )

    # all sources when none is named; the plain site is read through its selectors
    assert runner.invoke(app, ["monitor", "run", "--no-screenshots"]).exit_code == 0
    bare_hits = runner.invoke(app, ["monitor", "hits", "--source", "bare", "--json"]).stdout.splitlines()
    assert [json.loads(h)["object_id"] for h in bare_hits] == [SEASCAPE["id"]]

    out = tmp_path / "evidence"
    r = runner.invoke(app, ["monitor", "evidence", str(lines[0]["listing_id"]), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert runner.invoke(app, ["monitor", "verify", str(out)]).exit_code == 0
    photo = next((out / "photos").iterdir())
    photo.write_bytes(photo.read_bytes() + b"\0")
    r = runner.invoke(app, ["monitor", "verify", str(out)])
    assert r.exit_code == 1 and "altered" in r.stdout

    assert runner.invoke(app, ["monitor", "sources", "remove", "bare"]).exit_code == 0
    assert "bare" not in runner.invoke(app, ["monitor", "sources", "list"]).stdout
    assert runner.invoke(app, ["monitor", "sources", "remove", "bare"]).exit_code == 1


def test_a_bad_source_file_is_refused_field_by_field(cli_env, tmp_path):  # noqa: ANN001, F811
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nstart_urls = ["ftp://a.example/"]\nallowed_domains = ["a.example"]\n')
    r = runner.invoke(app, ["monitor", "sources", "add", str(bad)])
    assert r.exit_code == 1 and "start_urls" in r.output
    bad.write_text('name = "x"\nstart_urls = ["https://b.example/"]\nallowed_domains = ["a.example"]\n')
    r = runner.invoke(app, ["monitor", "sources", "add", str(bad)])
    assert r.exit_code == 1 and "outside allowed_domains" in r.output

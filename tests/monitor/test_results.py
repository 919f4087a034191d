"""The monitor's figures on the results page (SQLite and PostgreSQL): listings seen, hits, escalations
and dismissals, by source, day and outcome; small counts withheld from the public as for every other
provider. And the providers' registry: each domain package registers its own provider."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from heritrace.app import create_app
from heritrace.core.actor import ANONYMOUS
from heritrace.db.base import utcnow
from heritrace.results import providers
from tests.conftest import add_member, add_organisation
from tests.monitor.conftest import add_source, crawl, stolen_seascape_item, unregistered_items


def test_each_package_registers_its_own_provider() -> None:
    # asking for the figures loads every package's provider, whoever asks first
    names = {**providers.by_organisation_providers(), **providers.scoped_providers()}
    assert {
        "cases",
        "register",
        "diligence",
        "alerts",
        "consultations",
        "meetings",
        "training",
        "monitor",
    } <= set(names)
    for name, fn in names.items():
        package, module = fn.__module__.rsplit(".", 1)
        assert module == providers.MODULE and package.startswith("heritrace."), (name, fn.__module__)
        given = {**providers.figures(), **providers.medians()}
        assert all(key in given for key in providers.REGISTERED[name].figures)
    assert fn.__module__ != providers.__name__
    assert list(providers.figures())[:2] == ["returns", "objects_returned"]  # the page's order, by ``order``
    assert list(providers.figures())[-4:] == [
        "market_listings_seen", "market_hits", "market_escalations", "market_dismissals",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="already given by 'monitor'"):
        providers.by_organisation("another", figures={"market_hits": "hits again"})(lambda s, y: None)
    assert "another" not in providers.by_organisation_providers()


def test_monitor_figures_feed_the_results_with_small_counts_withheld(platform, register, site_factory):  # noqa: ANN001
    police = add_organisation(platform, "Carabinieri TPC", "police", country="IT")
    analyst = add_member(platform, "analyst", police, ["analyst", "investigator", "registrar"])
    add_source(platform, "shop", site_factory("jsonld", [stolen_seascape_item(), *unregistered_items(2)]))
    add_source(platform, "quiet", site_factory("microdata", unregistered_items(4, start=10)))
    crawl(platform, "shop")
    crawl(platform, "quiet")
    year, today = utcnow().year, utcnow().date().isoformat()
    with TestClient(create_app(platform=platform), headers=analyst.headers) as web:
        [hit] = web.get("/api/v1/monitor/hits").json()
        assert (
            web.post(f"/api/v1/monitor/hits/{hit['hit_id']}/escalate", json={"kind": "case"}).status_code
            == 200
        )
        f = web.get(f"/api/v1/results?year={year}").json()
        got = [
            f[k] for k in ("market_listings_seen", "market_hits", "market_escalations", "market_dismissals")
        ]
        assert got == [7, 1, 1, 0]
        groups = f["breakdowns"]
        assert groups["source"]["market_listings_seen"] == {"quiet": 4, "shop": 3}
        assert groups["source"]["market_hits"] == {"shop": 1}
        assert groups["day"]["market_listings_seen"] == {today: 7}
        assert groups["outcome"]["market_escalations"] == {"case: opened": 1}
        # the escalation counts for the reviewer's organisation: an Italian police force
        assert f["by_country"]["market_escalations"] == {"IT": 1}
        assert f["by_organisation_type"]["market_escalations"] == {"police": 1}
        assert f["by_year"]["market_hits"][-1] == [year, 1]
        assert web.get(f"/api/v1/results?year={year - 1}").json()["market_listings_seen"] == 0
        page = web.get(f"/results?year={year}").text
        assert 'id="by-group"' in page and 'id="source-market_hits"' in page and "shop: 1" in page
    public = platform.results.figures(ANONYMOUS, year)
    # the platform-wide figures of the year as they are; every small cell of a breakdown withheld
    assert (public["market_listings_seen"], public["market_hits"]) == (7, 1)
    assert public["breakdowns"]["source"]["market_hits"] == {"shop": None}
    assert public["breakdowns"]["source"]["market_listings_seen"] == {"quiet": None, "shop": None}
    assert public["breakdowns"]["day"]["market_listings_seen"] == {today: 7}
    assert public["breakdowns"]["outcome"]["market_escalations"] == {"case: opened": None}
    assert public["by_country"]["market_escalations"] == {"IT": None}
    italy = platform.results.figures(ANONYMOUS, year, "IT")
    assert italy["market_escalations"] is None and "market_escalations" in italy["suppressed"]
    assert italy["breakdowns"] == {}  # by source or day knows no country
    with TestClient(create_app(platform=platform)) as anonymous:
        rows = list(csv.DictReader(io.StringIO(anonymous.get(f"/api/v1/results.csv?year={year}").text)))
        [cell] = [r for r in rows if r["breakdown"] == "source" and r["figure"] == "market_hits"]
        assert (cell["group"], cell["value"], cell["withheld"]) == ("shop", "", "1")
        page = anonymous.get(f"/results?year={year}").text
        assert "shop: 1" not in page and "shop: &lt;5" in page

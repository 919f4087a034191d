"""The review queue: ranked hits with explanations, dismissals that stick to look-alikes, escalation
into an alert to the originator, a consultation or a case, carrying the evidence; rights applied."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from heritrace.alerts.models import Alert
from heritrace.app import create_app
from heritrace.core.actor import SYSTEM
from tests.conftest import add_member, add_organisation
from tests.monitor.conftest import SEASCAPE, add_source, crawl, stolen_seascape_item, unregistered_items


@pytest.fixture
def analyst(platform):  # noqa: ANN001, ANN201
    police = add_organisation(platform, "Carabinieri TPC", "police", country="IT")
    return add_member(platform, "analyst", police, ["analyst", "investigator", "registrar"])


@pytest.fixture
def analyst_client(platform, analyst):  # noqa: ANN001, ANN201
    with TestClient(create_app(platform=platform), headers=analyst.headers) as c:
        yield c


@pytest.fixture
def seascape_hit(platform, register, site_factory):  # noqa: ANN001, ANN201
    site = site_factory("jsonld", [stolen_seascape_item(), *unregistered_items(2)])
    add_source(platform, "shop", site)
    crawl(platform, "shop")
    return platform.monitor.hits(SYSTEM)[0]


def test_the_queue_is_for_analysts_and_shows_explained_hits(client, analyst_client, seascape_hit):  # noqa: ANN001
    assert client.get("/api/v1/monitor/hits").status_code == 403  # a museum registrar
    hits = analyst_client.get("/api/v1/monitor/hits").json()
    assert [h["object_id"] for h in hits] == [SEASCAPE["id"]]
    assert hits[0]["explanation"]["text"]["contributions"] and hits[0]["evidence"]["manifest_sha256"]
    page = analyst_client.get("/monitor")
    assert page.status_code == 200 and SEASCAPE["id"] in page.text and "matching points" in page.text
    # the text explanation in the reader's words, not the engine's codes
    french = analyst_client.get("/monitor?lang=fr").text
    assert "auteur nom complet" in french and "probabilité a priori" in french
    assert "object_type" not in french and "prior odds" not in french


def test_escalation_into_an_alert_to_the_originator_carries_the_evidence(
    platform, analyst_client, registrar, seascape_hit
):  # noqa: ANN001
    hit_id = seascape_hit["hit_id"]
    r = analyst_client.post(
        f"/api/v1/monitor/hits/{hit_id}/escalate", json={"kind": "alert", "note": "on sale now"}
    )
    assert r.status_code == 200, r.text
    kind, _, alert_id = r.json()["reference"].partition(":")
    with platform.sessions() as s:
        alert = s.get(Alert, int(alert_id))
    assert kind == "alert" and alert.type == "market_sighting"
    assert json.loads(alert.audience_values) == [registrar.organisation_id]
    assert (
        seascape_hit["listing_url"] in alert.body
        and seascape_hit["evidence"]["manifest_sha256"] in alert.body
    )
    again = analyst_client.post(f"/api/v1/monitor/hits/{hit_id}/escalate", json={"kind": "case"})
    assert again.status_code == 409
    escalated = analyst_client.get("/api/v1/monitor/hits", params={"state": "escalated"}).json()
    assert escalated[0]["reviews"][0]["reference"] == f"alert:{alert_id}"


def test_escalation_into_a_case(platform, analyst, analyst_client, seascape_hit):  # noqa: ANN001
    r = analyst_client.post(
        f"/api/v1/monitor/hits/{seascape_hit['hit_id']}/escalate",
        json={"kind": "case", "note": "seller in Milan", "legal_basis": "eu_directive_2014_60"},
    )
    assert r.status_code == 200, r.text
    case_id = int(r.json()["reference"].split(":")[1])
    case = analyst_client.get(f"/api/v1/cases/{case_id}").json()
    assert [o["external_id"] if isinstance(o, dict) else o for o in case["objects"]][0] == SEASCAPE["id"]
    assert seascape_hit["listing_url"] in case["summary"]


def test_escalation_into_a_consultation(platform, analyst_client, seascape_hit):  # noqa: ANN001
    expert = add_organisation(platform, "Istituto Centrale per il Restauro", "research")
    r = analyst_client.post(
        f"/api/v1/monitor/hits/{seascape_hit['hit_id']}/escalate",
        json={"kind": "consultation", "expert_organisation_ids": [expert]},
    )
    assert r.status_code == 200, r.text
    consultation_id = int(r.json()["reference"].split(":")[1])
    c = analyst_client.get(f"/api/v1/consultations/{consultation_id}").json()
    assert c["object_id"] == SEASCAPE["id"] and seascape_hit["listing_url"] in c["object_description"]


def test_the_queue_page_escalates_into_a_consultation_with_the_experts_picked(
    platform, analyst_client, seascape_hit
):  # noqa: ANN001
    import re

    from heritrace.consultations.models import Consultation

    chosen = add_organisation(platform, "Istituto Centrale per il Restauro", "research")
    other = add_organisation(platform, "Museo del Mare", "museum")
    add_organisation(platform, "Not yet vetted", "research", vetting="pending")
    page = analyst_client.get("/monitor")
    picker = re.search(
        r'<select name="expert_organisation_ids" multiple[^>]*>(.*?)</select>', page.text, re.S
    )
    assert picker, "the escalation form offers a list of experts"
    offered = set(re.findall(r'<option value="(\d+)"', picker.group(1)))
    assert {str(chosen), str(other)} <= offered and "Not yet vetted" not in picker.group(1)
    assert 'name="fields" value="archaeology"' in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    url = f"/monitor/hits/{seascape_hit['hit_id']}/escalate"
    form = {"csrf_token": token, "kind": "consultation", "expert_organisation_ids": ["x1"]}
    refused = analyst_client.post(url, data=form)
    assert refused.status_code == 422 and "organisations are named by their number" in refused.text
    form = {"csrf_token": token, "kind": "consultation", "note": "is it the stolen seascape?",
            "expert_organisation_ids": [str(chosen)], "fields": ["paintings"]}  # fmt: skip
    r = analyst_client.post(url, data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    consultation_id = int(r.headers["location"].rsplit("/", 1)[1])
    with platform.sessions() as s:
        c = s.get(Consultation, consultation_id)
        named = {e.organisation_id: e.invited_for for e in c.experts}
        assert named.get(chosen) == "named" and other not in named
        assert c.fields == "paintings" and c.object_id == SEASCAPE["id"]
    escalated = analyst_client.get("/api/v1/monitor/hits", params={"state": "escalated"}).json()
    assert escalated[0]["reviews"][0]["reference"] == f"consultation:{consultation_id}"


def test_a_dismissed_look_alike_does_not_come_back(platform, analyst_client, site_factory, seascape_hit):  # noqa: ANN001
    r = analyst_client.post(
        f"/api/v1/monitor/hits/{seascape_hit['hit_id']}/dismiss",
        json={"reason": "a later copy, seen in person"},
    )
    assert r.status_code == 200 and r.json()["state"] == "dismissed"
    assert analyst_client.get("/api/v1/monitor/hits", params={"state": "open"}).json() == []
    relisted = stolen_seascape_item("again")
    relisted.price = "900"  # the same words and photo, a new price, elsewhere
    add_source(platform, "elsewhere", site_factory("microdata", [relisted]))
    report = crawl(platform, "elsewhere")
    assert report.screened == 1 and report.hits == 0
    assert analyst_client.get("/api/v1/monitor/hits", params={"state": "open"}).json() == []


def test_hits_on_records_the_analyst_may_not_read_are_not_shown(platform, register, site_factory):  # noqa: ANN001
    from tests.diligence.helpers import RELIQUARY, register_photo, warped_crop
    from tests.monitor.sites import Item

    item = Item(
        "bust",
        RELIQUARY["title"],
        "Gilded silver reliquary bust, 1620.",
        photos=[warped_crop(register_photo(29))],
    )
    add_source(platform, "shop", site_factory("jsonld", [item]))
    crawl(platform, "shop")
    assert [h["object_id"] for h in platform.monitor.hits(SYSTEM)] == [RELIQUARY["id"]]
    museum = add_organisation(platform, "Another museum", "museum")
    reader = add_member(platform, "curator", museum, ["analyst"])
    with TestClient(create_app(platform=platform), headers=reader.headers) as c:
        assert c.get("/api/v1/monitor/hits").json() == []  # a law-enforcement record


def test_statistics_per_source_and_day(platform, analyst_client, site_factory, seascape_hit):  # noqa: ANN001
    from heritrace.db.base import utcnow
    from heritrace.monitor.stats import monitor_results

    add_source(platform, "quiet", site_factory("microdata", unregistered_items(3, start=20)))
    crawl(platform, "quiet")
    r = analyst_client.post(f"/api/v1/monitor/hits/{seascape_hit['hit_id']}/escalate", json={"kind": "case"})
    assert r.status_code == 200
    today = utcnow()
    with platform.sessions() as s:
        results = monitor_results(s, today.year)
        assert monitor_results(s, today.year - 1)["totals"]["listings_seen"] == 0
    shop, quiet = results["sources"]["shop"], results["sources"]["quiet"]
    assert (shop["listings_seen"], shop["hits"], shop["matches"], shop["escalations"]) == (3, 1, 1, 1)
    assert shop["outcomes"] == {"case: opened": 1}
    assert (quiet["listings_seen"], quiet["hits"], quiet["escalations"]) == (3, 0, 0)
    assert results["totals"]["listings_seen"] == 6
    assert {(d["date"], d["source"]) for d in results["days"]} == {
        (today.date().isoformat(), "shop"),
        (today.date().isoformat(), "quiet"),
    }


def test_the_operator_manages_sources_on_the_sources_page(platform, analyst_client):  # noqa: ANN001
    import re

    operator_org = add_organisation(platform, "Platform operator", "operator")
    operator = add_member(platform, "operator", operator_org, ["platform_admin"])
    toml = (
        'name = "auctions"\nstart_urls = ["https://auctions.example/"]\n'
        'allowed_domains = ["auctions.example"]\n'
    )
    with TestClient(create_app(platform=platform), headers=operator.headers) as web:
        page = web.get("/monitor/sources")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        bad = web.post("/monitor/sources", data={"csrf_token": token, "syntax": "toml", "config": "name = 1"})
        assert bad.status_code == 422 and "start_urls" in bad.text
        ok = web.post(
            "/monitor/sources",
            data={"csrf_token": token, "syntax": "toml", "config": toml},
            follow_redirects=False,
        )
        assert ok.status_code == 303
        assert "auctions.example" in web.get("/monitor/sources").text
    # an analyst sees the sources but may not change them
    assert [s["name"] for s in analyst_client.get("/api/v1/monitor/sources").json()] == ["auctions"]
    page = analyst_client.get("/monitor/sources")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert "source-form" not in page.text
    refused = analyst_client.post(
        "/monitor/sources/auctions/remove", data={"csrf_token": token.group(1) if token else ""}
    )
    assert refused.status_code == 403

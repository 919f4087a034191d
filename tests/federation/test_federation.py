"""Three nodes on 127.0.0.1: federated search, due diligence with a node down, an alert across
nodes, a case with organisations of two nodes, and refused unsigned or replayed requests."""

from __future__ import annotations

import time

import httpx

from heritrace.core.actor import Actor
from heritrace.federation.signing import OnBehalfOf, sign


def _search(node, member, q="gilded silver chalice"):  # noqa: ANN001, ANN202
    with node.client(member) as c:
        response = c.get("/api/v1/federation/search", params={"q": q, "top": 20})
    assert response.status_code == 200, response.text
    return response.json()


def test_search_runs_on_every_node_within_each_nodes_rules(nodes):  # noqa: ANN001
    alpha = nodes["alpha"]
    found = _search(alpha, alpha.people["police"])
    by_node = {(h["node"], h["object_id"]) for h in found["results"]}
    # beta grants alpha's police unit law-enforcement rights: its police-only record is found
    assert {("alpha", "AL-1"), ("beta", "BE-PUB"), ("beta", "BE-POL"), ("gamma", "GA-PUB")} <= by_node
    # gamma does not know alpha's police unit: only its public record
    assert ("gamma", "GA-PART") not in by_node
    hit = next(h for h in found["results"] if h["object_id"] == "BE-POL")
    assert hit["object_url"] == f"{nodes['beta'].url}/objects/BE-POL"
    coverage = {c["node"]: c for c in found["coverage"]}
    assert set(coverage) == {"alpha", "beta", "gamma"} and all(c["answered"] for c in coverage.values())
    assert coverage["beta"]["records"] == 2 and coverage["beta"]["last_updated"]
    # a dealer of alpha is not known to beta: beta answers with its public records only
    dealer = {(h["node"], h["object_id"]) for h in _search(alpha, alpha.people["dealer"])["results"]}
    assert ("beta", "BE-PUB") in dealer and ("beta", "BE-POL") not in dealer


def test_due_diligence_names_the_node_that_did_not_answer(nodes):  # noqa: ANN001
    alpha, gamma = nodes["alpha"], nodes["gamma"]
    gamma.stop()
    started = time.monotonic()
    form = {
        "title": "Chalice seized in Lyon",
        "type_of_object": "chalice",
        "materials_techniques": "gilded silver",
        "date_or_period": "15th century",
    }
    with alpha.client(alpha.people["dealer"]) as c:
        response = c.post("/api/v1/due-diligence", data=form)
    assert response.status_code == 201, response.text
    assert time.monotonic() - started < 20
    check = response.json()
    assert {c["node"] for c in check["candidates"]} >= {"alpha", "beta"}
    # beta's police-only record: the dealer learns only that something may match, never what
    hidden = [c for c in check["candidates"] if c["node"] == "beta" and c["object_id"] is None]
    assert hidden and hidden[0]["verdict"] == "possible" and hidden[0]["notice"]
    searched = {s["node"]: s for s in check["coverage"]["searched"]}
    assert searched["alpha"]["records"] == 2 and searched["beta"]["records"] == 2
    assert searched["beta"]["last_updated"] and "gamma" not in searched
    assert any(
        "gamma" in line and "could not be reached" in line for line in check["coverage"]["not_searched"]
    )
    # the check was also recorded on beta, for the dealer as beta knows them
    with nodes["beta"].platform.sessions() as s:
        from sqlalchemy import select

        from heritrace.diligence.models import DiligenceCheck

        names = s.scalars(select(DiligenceCheck.actor_name)).all()
    assert any("node alpha" in n for n in names)


def test_alert_reaches_subscribers_on_another_node(nodes):  # noqa: ANN001
    alpha, beta, gamma = nodes["alpha"], nodes["beta"], nodes["gamma"]
    alert = {
        "type": "theft_or_loss",
        "title": "Chalices stolen from churches in Apulia",
        "classification": "partners",
    }
    with beta.client(beta.people["museum"]) as c:  # the curator subscribes on their own node
        subscribed = c.put("/api/v1/alert-subscriptions/me", json={"alert_types": ["theft_or_loss"]})
        assert subscribed.status_code == 200, subscribed.text
    with alpha.client(alpha.people["police"]) as c:
        sent = c.post("/api/v1/alerts", json=alert)
    assert sent.status_code == 201, sent.text
    with beta.client(beta.people["museum"]) as c:
        received = c.get("/api/v1/alerts").json()
    titles = {a["title"]: a for a in received}
    assert alert["title"] in titles and titles[alert["title"]]["sender"].endswith("(alpha)")
    with beta.platform.sessions() as s:
        from sqlalchemy import select

        from heritrace.inbox.models import InboxEntry

        assert (
            s.scalar(
                select(InboxEntry).where(
                    InboxEntry.subject.contains("Apulia"),
                    InboxEntry.organisation_id == beta.people["museum"].organisation_id,
                )
            )
            is not None
        )
    # alpha knows no organisation of gamma: a partners-only alert does not go there
    with gamma.client(gamma.people["ngo"]) as c:
        assert alert["title"] not in {a["title"] for a in c.get("/api/v1/alerts").json()}


def test_a_case_involves_organisations_of_two_nodes(nodes):  # noqa: ANN001
    alpha, beta = nodes["alpha"], nodes["beta"]
    police, curator = alpha.people["police"], beta.people["museum"]
    case = {"title": "Return of the chalice of Bari", "legal_basis": "bilateral", "object_ids": ["AL-1"]}
    with alpha.client(police) as c:
        opened = c.post("/api/v1/cases", json=case)
        assert opened.status_code == 201, opened.text
        case_id = opened.json()["id"]
        museum_here = next(p for p in c.get("/api/v1/federation/peers").json() if p["name"] == "beta")
        assert museum_here["organisations"] == 1
    with alpha.platform.sessions() as s:
        from sqlalchemy import select

        from heritrace.partners.models import Organisation

        mirror = s.scalar(select(Organisation.id).where(Organisation.remote_id == curator.organisation_id))
    with beta.client(curator) as c:
        assert c.get(f"/api/v1/federation/peers/alpha/cases/{case_id}").status_code == 404
    with alpha.client(police) as c:
        added = c.post(f"/api/v1/cases/{case_id}/participants", json={"organisation_id": mirror})
    assert added.status_code == 201 and added.json()["peer_told"] is True
    with beta.client(curator) as c:
        seen = c.get(f"/api/v1/federation/peers/alpha/cases/{case_id}")
        assert seen.status_code == 200 and seen.json()["case"]["title"] == case["title"]
        posted = c.post(
            f"/api/v1/federation/peers/alpha/cases/{case_id}/messages", json={"text": "We hold the file."}
        )
        assert posted.status_code == 201, posted.text
    with alpha.client(police) as c:
        thread = c.get(f"/api/v1/cases/{case_id}/messages").json()
    assert thread[-1]["text"] == "We hold the file." and "beta" in thread[-1]["author"]


def _signed(node, target, path, body):  # noqa: ANN001, ANN202
    request = httpx.Request("POST", f"{target.url}/federation/v1{path}", json=body)
    sign(request, node.platform.federation.key, OnBehalfOf(None, "tester"))
    return request


def test_unsigned_forged_and_replayed_requests_are_refused(nodes, tmp_path):  # noqa: ANN001
    alpha, beta = nodes["alpha"], nodes["beta"]
    body = {"q": "chalice"}
    with httpx.Client(timeout=10) as http:
        unsigned = http.post(f"{beta.url}/federation/v1/search", json=body)
        assert unsigned.status_code == 401 and "not signed" in unsigned.json()["detail"]

        from heritrace.diligence.signing import PlatformKey

        stranger = PlatformKey(tmp_path / "stranger.pem")  # a node beta never agreed to peer with
        forged = httpx.Request("POST", f"{beta.url}/federation/v1/search", json=body)
        sign(forged, stranger, OnBehalfOf(None, "intruder"))
        assert http.send(forged).status_code == 401

        tampered = _signed(alpha, beta, "/search", body)
        tampered.headers["heritrace-organisation"] = "1"  # claims another organisation after signing
        assert http.send(tampered).status_code == 401

        request = _signed(alpha, beta, "/search", body)
        first = http.send(request)
        assert first.status_code == 200, first.text
        replayed = http.send(request)
        assert replayed.status_code == 401 and "replayed" in replayed.json()["detail"]

    # a person of this node cannot reach the peer-only routes, even signed in
    with beta.client(beta.people["museum"]) as c:
        assert c.post("/federation/v1/search", json=body).status_code == 401
    assert Actor(name="x").node_id is None

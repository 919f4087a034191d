"""Due-diligence checks through the API: text, photos, both merged, rights, stored checks, bad input."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from heritrace.core.actor import Actor
from heritrace.diligence.history import checks_on, first_hits
from heritrace.diligence.models import DiligenceCheck
from tests.diligence.helpers import RELIQUARY, SEASCAPE, warped_crop

DEALER_LOT = {
    "title": "Seascape with fishing boats at dawn",
    "maker": "attributed to I. Aivazovsky",
    "type_of_object": "oil painting",
    "measurements": "45.5 x 60 cm",
    "date_or_period": "c. 1890",
}


def _photo(data: bytes, name: str = "offer.jpg") -> tuple:
    return ("photos", (name, data, "image/jpeg"))


def test_text_check_finds_the_record_explains_it_and_states_coverage(market_client, register):  # noqa: ANN001
    r = market_client.post("/api/v1/due-diligence", data=DEALER_LOT)
    assert r.status_code == 201, r.text
    body = r.json()
    best = body["candidates"][0]
    assert best["object_id"] == SEASCAPE["id"] and best["verdict"] in ("match", "possible")
    assert body["verdict"] == best["verdict"]
    assert best["photo"] is None and best["text"]["probability"] > 0.5
    comparisons = [c["comparison"] for c in best["contributions"]]
    assert comparisons[0] == "prior" and "maker" in comparisons and "photo" not in comparisons
    assert abs(sum(c["weight"] for c in best["contributions"]) - best["text"]["log2_odds"]) < 0.1
    assert best["text"]["score"] == best["text"]["probability"] and 0 <= best["score"] <= 1  # one scale
    coverage = body["coverage"]
    assert coverage["searched"][0]["records"] == 2 and coverage["searched"][0]["last_updated"]
    assert len(coverage["searched"]) == 1  # no photo submitted: the photo index was not searched
    assert any("INTERPOL" in s for s in coverage["not_searched"])
    assert "not proof of lawful provenance" in coverage["statement"]
    assert body["query"] == DEALER_LOT
    again = market_client.get(f"/api/v1/due-diligence/{body['check_id']}")
    assert again.status_code == 200 and again.json()["candidates"] == body["candidates"]


def test_photo_only_check_matches_by_verified_correspondences(market_client, register):  # noqa: ANN001
    query = warped_crop(register.seascape_photo)
    r = market_client.post("/api/v1/due-diligence", files=[_photo(query)])
    assert r.status_code == 201, r.text
    body = r.json()
    best = body["candidates"][0]
    assert best["object_id"] == SEASCAPE["id"] and best["verdict"] == "match"
    assert best["text"] is None and best["photo"]["inliers"] >= 20
    bar = best["contributions"][-1]
    assert bar["comparison"] == "photo" and bar["level"] == "match"
    assert f"{best['photo']['inliers']} geometrically verified correspondences" in bar["detail"]
    assert len(body["photos"]) == 1 and len(body["photos"][0]) == 64
    assert body["coverage"]["searched"][1]["photos"] == 2


def test_text_and_photo_evidence_merge_into_one_candidate(market_client, register):  # noqa: ANN001
    files = [_photo(warped_crop(register.seascape_photo))]
    r = market_client.post("/api/v1/due-diligence", data=DEALER_LOT, files=files)
    assert r.status_code == 201, r.text
    candidates = r.json()["candidates"]
    ids = [c["object_id"] for c in candidates if c["object_id"]]
    assert len(ids) == len(set(ids))
    best = candidates[0]
    assert best["object_id"] == SEASCAPE["id"] and best["verdict"] == "match"
    assert best["text"] is not None and best["photo"] is not None
    kinds = [c["comparison"] for c in best["contributions"]]
    assert "maker" in kinds and kinds[-1] == "photo"


def test_market_user_hitting_a_law_enforcement_record_is_told_only_to_contact_the_originator(
    platform, market_client, register, registrar
):  # noqa: ANN001
    described = {
        "title": "Reliquary bust of Saint Nicholas",
        "maker": "Neapolitan workshop",
        "measurements": "52 x 30 cm",
        "materials_techniques": "gilded silver",
    }
    r = market_client.post(
        "/api/v1/due-diligence", data=described, files=[_photo(warped_crop(register.reliquary_photo))]
    )
    assert r.status_code == 201, r.text
    hidden = [c for c in r.json()["candidates"] if c["object_id"] is None]
    assert len(hidden) == 1
    assert hidden[0]["verdict"] == "possible" and "contact the originating authority" in hidden[0]["notice"]
    assert hidden[0]["contributions"] == [] and hidden[0]["score"] is None and hidden[0]["photo"] is None
    text = r.text
    assert RELIQUARY["id"] not in text and "Chiasso" not in text
    originator = Actor("registrar", registrar.user_id, registrar.organisation_id, frozenset({"registrar"}))
    entries = platform.diligence.inbox.entries(originator)
    assert [e.object_id for e in entries] == [RELIQUARY["id"]]
    assert r.json()["check_id"] in entries[0].subject and "Reliquary bust" in entries[0].body
    # a return case on the record finds the check, with the verdict the asker could not see
    with platform.sessions() as s:
        found = checks_on(s, lambda: None, [RELIQUARY["id"]], [])  # no certificate: no key needed
        first = first_hits(s, [RELIQUARY["id"]])
    assert [(c.check_id, c.objects) for c in found] == [(r.json()["check_id"], {RELIQUARY["id"]: "match"})]
    assert set(first) == {RELIQUARY["id"]}


def test_originator_sees_its_inbox_with_unread_count(platform, client, market_client, register):  # noqa: ANN001
    market_client.post("/api/v1/due-diligence", data=DEALER_LOT)
    page = client.get("/inbox")
    assert page.status_code == 200
    assert "1 unread" in page.text and SEASCAPE["id"] in page.text
    market_page = market_client.get("/inbox")
    assert "0 unread" in market_page.text and SEASCAPE["id"] not in market_page.text


def test_a_check_is_readable_only_by_its_organisation(platform, market_client, client, register):  # noqa: ANN001
    check_id = market_client.post("/api/v1/due-diligence", data=DEALER_LOT).json()["check_id"]
    assert client.get(f"/api/v1/due-diligence/{check_id}").status_code == 404
    assert client.get("/api/v1/due-diligence/DD-nothing").status_code == 404


def test_bad_input_gets_field_errors_and_stores_nothing(platform, market_client, anon_client, register):  # noqa: ANN001
    empty = market_client.post("/api/v1/due-diligence", data={"title": "  "})
    assert empty.status_code == 422 and "description" in empty.json()["errors"]
    unknown = market_client.post("/api/v1/due-diligence", data={"title": "Seascape", "price": "900"})
    assert unknown.status_code == 422 and unknown.json()["errors"] == {"price": "unknown field"}
    too_long = market_client.post("/api/v1/due-diligence", data={"maker": "x" * 501})
    assert too_long.status_code == 422 and "maker" in json.dumps(too_long.json()["errors"])
    not_image = market_client.post(
        "/api/v1/due-diligence", data={"title": "Seascape"}, files=[_photo(b"%PDF-1.4 not a photo", "x.jpg")]
    )
    assert not_image.status_code == 422 and "photo 1" in not_image.json()["errors"]["photos"]
    assert anon_client.post("/api/v1/due-diligence", data=DEALER_LOT).status_code == 401
    with platform.sessions() as s:
        assert s.scalar(select(func.count(DiligenceCheck.id))) == 0
    assert market_client.post("/api/v1/due-diligence", data=DEALER_LOT).status_code == 201


def test_a_hit_reaches_the_originator_through_alert_delivery_and_no_one_else(
    platform, client, market_client, text_register, registrar
):  # noqa: ANN001
    """The notice is a restricted alert for the originating organisation: its members' channels apply
    (here a real SMTP server), and the asker can neither list nor open it."""
    from heritrace.alerts.models import Alert, AlertDelivery
    from tests.receivers import smtp_server

    with smtp_server() as (port, messages):
        platform.settings.smtp_port = port
        sub = {"channels": ["inbox", "email"], "email": "registry@museo.example", "alert_types": ["seizure"]}
        assert client.put("/api/v1/alert-subscriptions/me", json=sub).status_code == 200
        check = market_client.post("/api/v1/due-diligence", data=DEALER_LOT).json()
    with platform.sessions() as s:
        [alert] = s.scalars(select(Alert).where(Alert.type == "due_diligence_hit")).all()
        channels = {(d.user_id, d.channel, d.status) for d in s.scalars(select(AlertDelivery))}
    # a subscription to seizures only does not hold back a notice addressed to the organisation
    assert channels == {(registrar.user_id, "inbox", "delivered"), (registrar.user_id, "email", "delivered")}
    [mail] = messages
    assert mail["To"] == "registry@museo.example" and check["check_id"] in mail["Subject"]
    assert alert.classification == "restricted" and alert.organisation_id is None
    assert market_client.get(f"/api/v1/alerts/{alert.id}").status_code == 404
    assert alert.id not in [a["id"] for a in market_client.get("/api/v1/alerts").json()]
    assert client.get(f"/api/v1/alerts/{alert.id}").json()["link"] == f"/objects/{SEASCAPE['id']}"

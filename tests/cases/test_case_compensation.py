"""The compensation and due-diligence record of a case: claims under optimistic locking, the factors of the
law, and the Heritrace due-diligence checks and certificates on the case's objects."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from heritrace.app import create_app
from heritrace.audit.models import AuditEntry
from heritrace.audit.unit import unaudited
from heritrace.diligence.models import DiligenceCertificate
from heritrace.diligence.schemas import CheckIn
from tests.cases.helpers import actor, case_body
from tests.conftest import add_member, add_organisation

SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"])
POSSESSOR = "A gallery in Paris"


@pytest.fixture
def dealer(platform):  # noqa: ANN001
    org = add_organisation(platform, "Galerie du Quai", "market", country="FR")
    return add_member(platform, "dealer", org, ["market_user"])


def _open(api, cast, **extra) -> dict:  # noqa: ANN001, ANN003
    r = api.post("/api/v1/cases", json=case_body(cast.objects, **extra))
    assert r.status_code == 201, r.text
    return r.json()


def _claim(version: int, **extra) -> dict:  # noqa: ANN003
    return {
        "version": version,
        "claimant": POSSESSOR,
        "basis": "eu_directive_2014_60_art10",
        "amount": "185000.00",
        "currency": "EUR",
        "price_paid": "EUR 185,000 at a Paris sale, 2019",
        "register_consulted": "checked Heritrace before buying",
        "provenance_documentation": "an invoice from a Swiss dealer, no earlier history",
        **extra,
    }


def test_claims_are_edited_under_optimistic_locking(platform, api, cast):  # noqa: ANN001
    case = _open(api, cast)
    url = f"/api/v1/cases/{case['id']}/compensation"
    added = api.post(url, json=_claim(case["version"]))
    assert added.status_code == 201, added.text
    body = added.json()
    claim = body["compensation"][0]
    assert (claim["claimant"], claim["amount"], claim["currency"], claim["status"]) == (
        POSSESSOR,
        "185000.00",
        "EUR",
        "claimed",
    )
    assert claim["factors"]["price_paid"].startswith("EUR 185,000") and claim["basis_status"] == "verified"
    assert body["version"] == case["version"] + 1
    # a second editor who opened the case before the claim was recorded is refused, nothing written
    stale = api.post(url, json=_claim(case["version"], amount="1.00"))
    assert stale.status_code == 409 and "nothing was saved" in stale.json()["detail"]
    edit = f"{url}/{claim['id']}"
    agreed = api.put(edit, json=_claim(body["version"], status="agreed", amount="150000"))
    assert agreed.status_code == 200 and agreed.json()["compensation"][0]["status"] == "agreed"
    late = api.put(edit, json=_claim(body["version"], status="rejected"))
    assert late.status_code == 409
    stored = api.get(f"/api/v1/cases/{case['id']}").json()
    assert [(c["status"], c["amount"]) for c in stored["compensation"]] == [("agreed", "150000.00")]
    assert [e["kind"] for e in stored["timeline"]].count("compensation") == 2
    with platform.sessions() as s:
        actions = s.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.action.like("case.compensation%"))
            .order_by(AuditEntry.id)
        ).all()
    assert actions == ["case.compensation_claimed", "case.compensation"]


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"claimant": "Someone else"}, "claimant", "not one of the case's parties"),
        ({"register_checks": ["DD-20240101-NOSUCH"]}, "register_checks", "no stored due-diligence check"),
        ({"currency": None}, "currency", "needs its currency"),
    ],
)
def test_wrong_claims_are_refused_field_by_field(api, cast, change, field, words):  # noqa: ANN001
    case = _open(api, cast)
    r = api.post(f"/api/v1/cases/{case['id']}/compensation", json=_claim(case["version"], **change))
    assert r.status_code == 422 and words in r.json()["errors"][field]
    assert api.get(f"/api/v1/cases/{case['id']}").json()["compensation"] == []


@SQLITE_ONLY
def test_only_the_case_organisations_writers_record_claims(platform, api, cast):  # noqa: ANN001
    case = _open(api, cast, classification="partners")
    app = create_app(platform=platform)
    with TestClient(app, headers=cast.outsider.headers) as outsider:
        r = outsider.post(f"/api/v1/cases/{case['id']}/compensation", json=_claim(case["version"]))
        assert r.status_code == 403
    with TestClient(app, headers=cast.people["analyst"].headers) as analyst:
        r = analyst.post(f"/api/v1/cases/{case['id']}/compensation", json=_claim(case["version"]))
        assert r.status_code == 403


def test_due_diligence_checks_on_the_objects_are_listed_and_verified(platform, api, cast, dealer):  # noqa: ANN001
    buyer = actor(dealer, ["market_user"])
    hit = platform.diligence.check(
        buyer, CheckIn(title="Madonna 1", maker="Unknown", type_of_object="painting")
    )
    assert hit.candidates[0]["object_id"] == cast.objects[0]
    cert = platform.diligence.issue_certificate(buyer, hit.check_id)
    unrelated = platform.diligence.check(buyer, CheckIn(title="Bronze horse", maker="Rodin"))
    case = _open(api, cast)
    # the possessor cites its clean check of another description: listed as cited, with no hit
    r = api.post(
        f"/api/v1/cases/{case['id']}/compensation",
        json=_claim(case["version"], register_checks=[unrelated.check_id]),
    )
    assert r.status_code == 201, r.text
    listed = {c["check_id"]: c for c in api.get(f"/api/v1/cases/{case['id']}/due-diligence").json()}
    assert set(listed) == {hit.check_id, unrelated.check_id}
    found = listed[hit.check_id]
    assert found["objects"] == {cast.objects[0]: hit.candidates[0]["verdict"]}
    assert (found["certificate_id"], found["signature"]) == (cert.id, "valid")
    assert found["requested_by"] == "dealer" and found["organisation"] == "Galerie du Quai"
    assert found["checked_at"].startswith(hit.checked_at.date().isoformat())
    assert listed[unrelated.check_id]["cited"] and listed[unrelated.check_id]["signature"] == "no_certificate"
    # someone rewrites the stored certificate to say nothing was found: flagged
    with platform.sessions.begin() as s:
        unaudited(s, "tampering by someone with database access")
        doc = json.loads(s.get(DiligenceCertificate, cert.id).document_json)
        doc["certificate"]["verdict"] = "none"
        s.execute(
            update(DiligenceCertificate)
            .where(DiligenceCertificate.id == cert.id)
            .values(document_json=json.dumps(doc))
        )
    again = {c["check_id"]: c for c in api.get(f"/api/v1/cases/{case['id']}/due-diligence").json()}
    assert again[hit.check_id]["signature"] == "altered"
    assert "altered" in again[hit.check_id]["signature_message"]


@SQLITE_ONLY
def test_a_changed_stored_check_no_longer_matches_its_certificate(platform, api, cast, dealer):  # noqa: ANN001
    from heritrace.diligence.models import DiligenceCheck

    buyer = actor(dealer, ["market_user"])
    hit = platform.diligence.check(
        buyer, CheckIn(title="Madonna 1", maker="Unknown", type_of_object="painting")
    )
    platform.diligence.issue_certificate(buyer, hit.check_id)
    case = _open(api, cast)
    with platform.sessions.begin() as s:
        unaudited(s, "tampering by someone with database access")
        s.execute(update(DiligenceCheck).where(DiligenceCheck.id == hit.check_id).values(verdict="none"))
    listed = api.get(f"/api/v1/cases/{case['id']}/due-diligence").json()
    assert (
        listed[0]["signature"] == "altered"
        and "stored check differs (verdict)" in listed[0]["signature_message"]
    )


@SQLITE_ONLY
def test_who_checked_is_withheld_from_readers_without_need_to_know(platform, api, cast, dealer):  # noqa: ANN001
    buyer = actor(dealer, ["market_user"])
    hit = platform.diligence.check(
        buyer, CheckIn(title="Madonna 1", maker="Unknown", type_of_object="painting")
    )
    case = _open(api, cast, classification="partners")
    restricted = _open(api, cast)
    with TestClient(create_app(platform=platform), headers=cast.outsider.headers) as outsider:
        listed = outsider.get(f"/api/v1/cases/{case['id']}/due-diligence").json()
        assert [c["check_id"] for c in listed] == [hit.check_id] and listed[0]["requested_by"] is None
        assert outsider.get(f"/api/v1/cases/{restricted['id']}/due-diligence").status_code == 404


@SQLITE_ONLY
def test_the_claim_form_of_the_case_page_refuses_a_stale_version(platform, app, api, cast):  # noqa: ANN001
    from tests.access.test_accounts import csrf, sign_in

    case = _open(api, cast)
    with TestClient(app) as web:
        registrar = cast.people["registrar"]
        assert sign_in(web, registrar.username, registrar.password).status_code == 303
        form = {"csrf_token": csrf(web), "claimant": POSSESSOR, "basis": "unidroit_1995_art4_1"}
        form |= {"status": "claimed", "version": str(case["version"]), "amount": "10", "currency": "eur"}
        first = web.post(f"/cases/{case['id']}/compensation", data=form, follow_redirects=False)
        assert first.status_code == 303
        again = web.post(f"/cases/{case['id']}/compensation", data=form, follow_redirects=False)
        assert again.status_code == 409 and "changed by someone else" in again.text
        page = web.get(f"/cases/{case['id']}")
        assert page.text.count('class="claim"') == 1 and "10.00 EUR" in page.text

"""Typo-tolerant, cross-language search through the matching engine (API and list page)."""

from __future__ import annotations

from heritrace.audit.unit import unaudited
from heritrace.core.actor import SYSTEM
from heritrace.db.engine import writing
from heritrace.objects.schemas import ObjectIn


def _register(platform, **fields) -> None:  # noqa: ANN001
    platform.objects.create(SYSTEM, ObjectIn(**fields))


def test_search_finds_misspelt_and_translated_descriptions(platform, client):  # noqa: ANN001
    _register(
        platform,
        id="UA-1",
        type_of_object="painting",
        title="Seascape at night",
        maker="Ivan Aivazovsky",
        date_or_period="c. 1900",
        materials_techniques="oil on canvas",
        measurements="45.5 x 60.5 cm",
    )
    _register(
        platform,
        id="IT-1",
        type_of_object="painting",
        title="Landscape with soldiers",
        maker="Salvator Rosa",
        date_or_period="1650-1660",
        measurements="73 x 98 cm",
    )
    r = client.get(
        "/api/v1/search", params={"q": "Gemälde Kreis von I. Ajwasowski, Seestück, um 1900, 45 x 60 cm"}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["results"][0]["object_id"] == "UA-1"
    assert any(c["comparison"] == "maker" for c in body["results"][0]["contributions"])
    r = client.get("/api/v1/search", params={"q": "Salvatore Rossa landscape soldiers"})
    assert r.json()["results"][0]["object_id"] == "IT-1"
    assert client.get("/api/v1/search", params={"q": ""}).status_code == 422


def test_search_never_returns_records_the_caller_may_not_read(platform, client):  # noqa: ANN001
    _register(
        platform,
        id="LE-1",
        classification="law_enforcement",
        type_of_object="painting",
        title="Madonna with the goldfinch",
        maker="Raphael",
    )
    client.cookies.clear()
    client.headers.pop("Authorization", None)
    r = client.get("/api/v1/search", params={"q": "Raphael Madonna goldfinch"})
    assert r.status_code == 200
    assert r.json()["results"] == []


def test_search_returns_a_restricted_record_to_the_organisations_it_is_shared_with(platform):  # noqa: ANN001
    from fastapi.testclient import TestClient

    from heritrace.app import create_app
    from heritrace.objects.models import CulturalObject
    from tests.conftest import add_member, add_organisation

    owner = add_organisation(platform, "Owning police unit", kind="police")
    partner = add_organisation(platform, "Partner ministry", kind="national_authority")
    other = add_organisation(platform, "Other museum")
    _register(
        platform,
        id="R-1",
        classification="restricted",
        shared_with=[partner],
        type_of_object="icon",
        title="Saint Nicholas with scenes of his life",
        maker="Novgorod school",
    )
    with writing(), platform.sessions() as s:
        unaudited(s, "the test hands the record to another organisation")
        s.get(CulturalObject, 1).organisation_id = owner
        s.commit()
    seen = {}
    for name, org in (("partner", partner), ("other", other)):
        member = add_member(platform, f"{name}-analyst", org, ["analyst"])
        with TestClient(create_app(platform=platform), headers=member.headers) as c:
            r = c.get("/api/v1/search", params={"q": "icon Saint Nicholas scenes of his life"})
            assert r.status_code == 200, r.text
            seen[name] = [h.get("object_id") for h in r.json()["results"]]
    assert seen["partner"][:1] == ["R-1"]
    assert "R-1" not in seen["other"]

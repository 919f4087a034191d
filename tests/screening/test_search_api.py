"""Typo-tolerant, cross-language search through the matching engine (API and list page)."""

from __future__ import annotations

from heritrace.core.actor import SYSTEM
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

"""Unknown addresses answer a page to a browser and JSON to the API; the API docs need no internet."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from heritrace.app import create_app
from heritrace.core.settings import Settings


@pytest.fixture(scope="module")
def web(tmp_path_factory):  # noqa: ANN001
    with TestClient(create_app(Settings(mode="test", data_dir=tmp_path_factory.mktemp("web")))) as c:
        yield c


def test_unknown_page_is_an_html_404(web):  # noqa: ANN001
    r = web.get("/no-such-page", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in r.text and 'href="/objects"' in r.text


def test_unknown_api_address_and_json_clients_get_json(web):  # noqa: ANN001
    r = web.get("/api/v1/no-such-thing")
    assert r.status_code == 404 and r.json()["detail"] == "Not Found"
    r = web.get("/no-such-page", headers={"Accept": "application/json"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")


def test_api_docs_load_their_assets_from_this_server(web):  # noqa: ANN001
    page = web.get("/api/v1/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text) + re.findall(r"url: '([^']+)'", page.text)
    assert assets and all(a.startswith("/") for a in assets), assets  # no CDN, no other host
    for asset in assets:
        r = web.get(asset)
        assert r.status_code == 200, asset
    assert "SwaggerUIBundle" in web.get("/static/swagger-ui/swagger-ui-bundle.js").text

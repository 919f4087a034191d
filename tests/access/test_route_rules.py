"""Every API route and every web page has an access rule, documented in docs/access.md."""

from __future__ import annotations

import pytest

from heritrace.access.routes import AUDIENCES, ROUTE_RULES, rule_for
from heritrace.app import create_app
from heritrace.core.settings import Settings
from tests.access.docs_tables import table

FRAMEWORK = {"/api/v1/openapi.json", "/api/v1/docs", "/docs/oauth2-redirect", "/static"}


def app_routes(routes) -> list[tuple[str, str]]:  # noqa: ANN001
    """(method, path) of every endpoint, looking inside included routers."""
    found = []
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI's included router
            found += app_routes(route.original_router.routes)
        elif getattr(route, "path", None) not in FRAMEWORK and getattr(route, "methods", None):
            found += [(m, route.path) for m in sorted(route.methods) if m != "HEAD"]
    return found


@pytest.fixture(scope="module")
def routes(tmp_path_factory) -> list[tuple[str, str]]:  # noqa: ANN001
    app = create_app(Settings(mode="test", data_dir=tmp_path_factory.mktemp("routes")))
    return app_routes(app.routes)


def test_every_route_has_an_access_rule(routes):  # noqa: ANN001
    assert len(routes) >= 30
    missing = [f"{m} {p}" for m, p in routes if rule_for(m, p) is None]
    assert not missing, f"routes without an access rule in heritrace/access/routes.py: {missing}"


def test_no_rule_for_a_route_that_does_not_exist(routes):  # noqa: ANN001
    assert set(ROUTE_RULES) - set(routes) == set()


def test_docs_show_exactly_the_rules():
    documented = {(m, p): (a, s) for m, p, a, s in table("route-rules")}
    assert documented == {k: (r.audience, r.scope) for k, r in ROUTE_RULES.items()}
    assert {a for a, _ in documented.values()} <= set(AUDIENCES)


def test_audit_log_cannot_be_changed_through_heritrace(routes):  # noqa: ANN001
    assert [r for r in routes if "audit" in r[1] and r[0] != "GET"] == []


def test_a_route_without_a_rule_is_refused(platform, anon_client):  # noqa: ANN001
    from fastapi import Depends

    from heritrace.core.http import get_actor

    app = anon_client.app

    @app.get("/api/v1/unruled", dependencies=[Depends(get_actor)])
    def unruled() -> dict:
        return {"leak": True}

    r = anon_client.get("/api/v1/unruled")
    assert r.status_code == 403 and "no access rule" in r.json()["detail"]

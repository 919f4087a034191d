"""Schemathesis over the whole OpenAPI schema, as several roles: no server error, no undocumented answer."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from heritrace.app import create_app
from heritrace.core.settings import Settings
from heritrace.platform import Heritrace
from tests.conftest import add_member, add_organisation

ROLES = ("anonymous", "registrar", "market_user", "platform_admin")
# zero server errors, zero undocumented answers (status, media type, body). Schemathesis's other checks
# judge the API's *input* rules (e.g. a schema-valid but unknown organisation id answers 422), which the
# domain decides; they are not run here.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):  # noqa: ANN001
    platform = Heritrace(Settings(mode="test", data_dir=tmp_path_factory.mktemp("fuzz")))
    museum = add_organisation(platform, "Fuzz museum", "museum")
    market = add_organisation(platform, "Fuzz dealer", "market")
    operator = add_organisation(platform, "Fuzz operator", "operator")
    members = {
        "registrar": add_member(platform, "registrar", museum, ["registrar"]),
        "market_user": add_member(platform, "dealer", market, ["market_user"]),
        "platform_admin": add_member(platform, "operator", operator, ["platform_admin"]),
    }
    app = create_app(platform=platform)
    yield app, {role: m.headers for role, m in members.items()} | {"anonymous": {}}
    platform.close()


@pytest.fixture(scope="module")
def api_schema(fuzzed):  # noqa: ANN001
    loaded = schemathesis.openapi.from_asgi("/api/v1/openapi.json", fuzzed[0])
    # the coverage phase enumerates every boundary case of every field: minutes, not seconds
    loaded.config.phases.update(phases=["examples", "fuzzing"])
    return loaded


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case, fuzzed):  # noqa: ANN001
    for role in ROLES:  # each generated request is sent once per role
        case.call_and_validate(headers=fuzzed[1][role], checks=CHECKS)

"""Fixtures of the case-file tests: the cast, the app over the test platform, the registrar's client."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from heritrace.app import create_app
from tests.cases.helpers import build_cast


@pytest.fixture
def cast(platform):  # noqa: ANN001
    return build_cast(platform)


@pytest.fixture
def app(platform):  # noqa: ANN001
    return create_app(platform=platform)


@pytest.fixture
def api(app, cast):  # noqa: ANN001
    """The requesting museum's registrar, over the API."""
    with TestClient(app, headers=cast.people["registrar"].headers) as c:
        yield c

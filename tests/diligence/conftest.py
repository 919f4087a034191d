"""Fixtures of the due-diligence tests: the registrar's register with photos, and a market user."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from heritrace.app import create_app
from tests.diligence.helpers import Register, market_member, seed_register


@pytest.fixture
def register(client) -> Register:  # noqa: ANN001
    return seed_register(client)


@pytest.fixture
def text_register(client) -> Register:  # noqa: ANN001
    """The same records without photos, for tests that need only text."""
    return seed_register(client, with_photos=False)


@pytest.fixture
def market(platform):  # noqa: ANN001, ANN201
    return market_member(platform)


@pytest.fixture
def market_client(platform, market) -> Iterator[httpx.Client]:  # noqa: ANN001
    from fastapi.testclient import TestClient

    with TestClient(create_app(platform=platform), headers=market.headers) as c:
        yield c

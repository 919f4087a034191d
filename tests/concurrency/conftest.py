"""A real server on an ephemeral port, for tests that send it requests from several threads at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from heritrace.app import create_app
from tests.receivers import serving


@pytest.fixture
def live_server(platform) -> Iterator[str]:  # noqa: ANN001
    with serving(create_app(platform=platform)) as url:
        yield url

"""A real server on an ephemeral port, for tests that send it requests from several threads at once."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from heritrace.app import create_app


@pytest.fixture
def live_server(platform) -> Iterator[str]:  # noqa: ANN001
    import uvicorn

    # the server is handed a socket already bound, so that no other process can take its port
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(platform=platform), log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "the test server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)

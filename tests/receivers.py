"""Real local receivers for alert delivery: an SMTP server (aiosmtpd) and an HTTP webhook endpoint,
both on 127.0.0.1. Used by the delivery tests and by ``benchmarks/alert_fanout.py``."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def free_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@contextmanager
def serving(app) -> Iterator[str]:  # noqa: ANN001
    """The app served by uvicorn on a thread, on an ephemeral port; yields its base URL."""
    import time

    import uvicorn

    # the server is handed a socket already bound, so that no other process can take its port
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "the test server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def smtp_handler():  # noqa: ANN201
    """An aiosmtpd handler keeping every message it accepts in ``.messages``."""
    from aiosmtpd.handlers import Message

    class Keep(Message):
        def __init__(self) -> None:
            super().__init__()
            self.messages: list = []

        def handle_message(self, message) -> None:  # noqa: ANN001
            self.messages.append(message)

    return Keep()


@contextmanager
def smtp_server(port: int | None = None) -> Iterator[tuple[int, list]]:
    """A running SMTP server: yields its port and the list its accepted messages land in."""
    from aiosmtpd.controller import Controller

    handler = smtp_handler()
    controller = Controller(handler, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    try:
        yield controller.port, handler.messages
    finally:
        controller.stop()


@contextmanager
def webhook_server(
    answers: list[int] | None = None, hold: threading.Event | None = None, answered: list[int] | None = None
) -> Iterator[tuple[str, list]]:
    """A running HTTP endpoint: yields its URL and the list of (headers, body) it accepted. Each POST
    is answered with the next code of ``answers`` (200 once they are used up), once ``hold`` is set (if
    given; at most 30 s later); the codes sent are appended to ``answered``."""
    received: list[tuple[dict, bytes]] = []
    pending = list(answers or [])
    lock = threading.Lock()

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if hold is not None:
                hold.wait(30)
            with lock:
                code = pending.pop(0) if pending else 200
                if code == 200:
                    received.append((dict(self.headers), body))
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()
            if answered is not None:
                answered.append(code)

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook", received
    finally:
        server.shutdown()
        server.server_close()

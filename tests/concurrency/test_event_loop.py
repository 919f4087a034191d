"""Slow work (password hashing, photo identification, certificate verification) runs off the server's
event loop: while one request is busy with it, a real server still answers everyone else at once."""

from __future__ import annotations

import re
import threading
import time

import httpx
import pytest

from tests.objects.test_api import jpeg_bytes

SLOW_S = 4.0  # long enough that a busy machine cannot be mistaken for a blocked event loop


@pytest.fixture(params=["sqlite"])
def backend(request) -> str:  # noqa: ANN001
    # the event loop is the server's, whatever the store
    return request.param


class Slow:
    """Slow work that says when it starts and when it is done (it runs in the server's process)."""

    def __init__(self) -> None:
        self.started, self.done = threading.Event(), threading.Event()

    def __call__(self) -> None:
        self.started.set()
        time.sleep(SLOW_S)
        self.done.set()


class SlowHasher:
    """A password hasher that takes SLOW_S per check, as argon2 does under load."""

    def __init__(self, slow: Slow):
        self.slow = slow

    def hash(self, password: str) -> str:
        return "$slow$" + password

    def verify(self, stored: str, password: str) -> bool:
        self.slow()
        return False


def _sign_in(base: str) -> httpx.Response:
    with httpx.Client(base_url=base, timeout=60) as c:
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/sign-in").text).group(1)
        return c.post("/sign-in", data={"csrf_token": token, "username": "nobody", "password": "wrong"})


def _identify(base: str, headers: dict) -> httpx.Response:
    files = {"photo": ("p.jpg", jpeg_bytes(), "image/jpeg")}
    return httpx.post(f"{base}/api/v1/identify", files=files, headers=headers, timeout=60)


def _verify(base: str) -> httpx.Response:
    files = {"file": ("c.json", b'{"certificate": {}}', "application/json")}
    return httpx.post(f"{base}/api/v1/certificates/verify", files=files, timeout=60)


@pytest.mark.parametrize("slow_work", ["sign_in", "identify", "verify"])
def test_others_are_answered_while_slow_work_runs(
    platform, registrar, live_server, monkeypatch, slow_work
) -> None:  # noqa: ANN001
    slow = Slow()

    def sleepy(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        slow()
        raise ValueError("slow work done")

    if slow_work == "sign_in":
        platform.accounts.__dict__["hasher"] = SlowHasher(slow)
        platform.accounts.__dict__["_dummy_hash"] = "$slow$dummy"
        call = lambda: _sign_in(live_server)  # noqa: E731
    elif slow_work == "identify":
        platform.photos  # noqa: B018 - built before it is slowed down
        monkeypatch.setattr(platform.photos, "identify", lambda *a, **k: slow() or [])
        call = lambda: _identify(live_server, registrar.headers)  # noqa: E731
    else:
        monkeypatch.setattr("heritrace.diligence.api.verify_file", sleepy)
        call = lambda: _verify(live_server)  # noqa: E731
    outcome: list = []
    busy = threading.Thread(target=lambda: outcome.append(call()))
    busy.start()
    assert slow.started.wait(60), "the slow request never reached its slow part"
    # asked while the slow part runs: answered before it ends (a blocked event loop would answer
    # only after it), whatever the machine's load
    assert httpx.get(f"{live_server}/api/v1/objects", timeout=60).status_code == 200
    answered_while_busy = not slow.done.is_set()
    busy.join(timeout=60)
    assert outcome, "the slow request did not finish"
    assert answered_while_busy, "another request waited until the slow work was done"

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


class SlowHasher:
    """A password hasher that takes SLOW_S per check, as argon2 does under load."""

    def hash(self, password: str) -> str:
        return "$slow$" + password

    def verify(self, stored: str, password: str) -> bool:
        time.sleep(SLOW_S)
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


@pytest.mark.parametrize("slow", ["sign_in", "identify", "verify"])
def test_others_are_answered_while_slow_work_runs(
    platform, registrar, live_server, monkeypatch, slow
) -> None:  # noqa: ANN001
    def sleepy(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        time.sleep(SLOW_S)
        raise ValueError("slow work done")

    if slow == "sign_in":
        platform.accounts.__dict__["hasher"] = SlowHasher()
        platform.accounts.__dict__["_dummy_hash"] = "$slow$dummy"
        call = lambda: _sign_in(live_server)  # noqa: E731
    elif slow == "identify":
        platform.photos  # noqa: B018 - built before it is slowed down
        monkeypatch.setattr(platform.photos, "identify", lambda *a, **k: time.sleep(SLOW_S) or [])
        call = lambda: _identify(live_server, registrar.headers)  # noqa: E731
    else:
        monkeypatch.setattr("heritrace.diligence.api.verify_file", sleepy)
        call = lambda: _verify(live_server)  # noqa: E731
    outcome: list = []
    busy = threading.Thread(target=lambda: outcome.append(call()))
    started = time.monotonic()
    busy.start()
    time.sleep(0.3)  # the slow request is being worked on
    waits = []
    for _ in range(3):
        t0 = time.monotonic()
        assert httpx.get(f"{live_server}/api/v1/objects", timeout=60).status_code == 200
        waits.append(time.monotonic() - t0)
    busy.join(timeout=60)
    assert time.monotonic() - started >= SLOW_S  # the slow request really was slow
    assert outcome, "the slow request did not finish"
    assert max(waits) < SLOW_S / 2, f"others waited {max(waits):.2f} s behind the slow request"

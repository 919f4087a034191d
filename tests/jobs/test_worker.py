"""Background jobs through a real queue and a real `heritrace worker` process: SQLite huey always,
Redis huey when Redis runs on 127.0.0.1:6379 (required in CI)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest

from heritrace.core.actor import SYSTEM
from heritrace.core.settings import Settings
from heritrace.objects.demo import make_photo
from heritrace.objects.schemas import ObjectIn
from heritrace.platform import Heritrace
from tests.conftest import _skip_or_fail

REDIS_URL = os.environ.get("HERITRACE_TEST_REDIS", "redis://127.0.0.1:6379/0")


@pytest.fixture(params=["sqlite-queue", "redis-queue"])
def queue_settings(request, tmp_path):  # noqa: ANN001
    redis_url = None
    if request.param == "redis-queue":
        import redis

        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        except Exception as exc:  # noqa: BLE001
            _skip_or_fail("HERITRACE_REQUIRE_REDIS", f"Redis not reachable at {REDIS_URL}: {exc}")
        redis_url = REDIS_URL
    return Settings(
        mode="test",
        data_dir=tmp_path / "data",
        jobs="queue",
        redis_url=redis_url,
        queue_name=f"heritrace-test-{uuid.uuid4().hex[:8]}",
    )


def _photo_bytes(tmp_path) -> bytes:  # noqa: ANN001
    import random

    path = tmp_path / "p.jpg"
    make_photo(random.Random(11), path)
    return path.read_bytes()


def _worker(queue_settings) -> subprocess.Popen:  # noqa: ANN001
    env = {
        **os.environ,
        "HERITRACE_DATA_DIR": str(queue_settings.data_dir),
        "HERITRACE_JOBS": "queue",
        "HERITRACE_QUEUE_NAME": queue_settings.queue_name,
        "HERITRACE_REDIS_URL": queue_settings.redis_url or "",
    }
    env.pop("HERITRACE_DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "heritrace.cli.main", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_uploaded_photo_is_indexed_by_a_worker_process(queue_settings, tmp_path):  # noqa: ANN001
    platform = Heritrace(queue_settings)
    platform.objects.create(SYSTEM, ObjectIn(id="Q-1", title="queued"), [(_photo_bytes(tmp_path), "p.jpg")])
    assert len(platform.photos.index) == 0  # nothing happens in the web process itself
    worker = _worker(queue_settings)
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            platform.photos.reload()
            if len(platform.photos.index) == 1:
                break
            time.sleep(0.5)
        assert len(platform.photos.index) == 1, "the worker did not index the photo"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        platform.close()


def test_an_import_from_the_import_page_runs_in_a_worker_process(queue_settings):  # noqa: ANN001
    from sqlalchemy import func, select

    from heritrace.accounts.service import current_actor
    from heritrace.objects.imports import Mapping
    from heritrace.objects.models import CulturalObject
    from tests.conftest import add_member, add_organisation

    platform = Heritrace(queue_settings)
    member = add_member(platform, "registrar", add_organisation(platform, "Museum"), ["registrar"])
    with platform.sessions() as s:
        actor = current_actor(s, member.user_id)
    rows = "id;Titel;Status\n" + "".join(f"Q-{n};Objekt {n};gestohlen\n" for n in range(300))
    job = platform.imports.upload(actor, "register.csv", rows.encode())
    mapping = Mapping({"id": "id", "Titel": "title", "Status": "status"})
    assert platform.imports.start(actor, job.id, mapping).state == "queued"
    worker = _worker(queue_settings)
    try:
        deadline = time.time() + 90
        while time.time() < deadline and platform.imports.get(actor, job.id).state in ("queued", "running"):
            time.sleep(0.5)
        done = platform.imports.get(actor, job.id)
        assert (done.state, done.inserted, done.rejected) == ("done", 300, 0), done.error
        with platform.sessions() as s:
            stolen = select(func.count()).where(CulturalObject.status == "stolen")
            assert s.scalar(stolen) == 300
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        platform.close()

"""The default job mode (``background``): a real server consumes the job queue on its own threads.
Alert fan-out and webhook sends leave the request, and a retry scheduled with a delay is sent when due:
an organisation webhook that answers 503 once receives the alert afterwards, without any worker."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from heritrace.alerts.schemas import SubscriptionIn
from heritrace.core.settings import Settings
from tests.alerts.test_alerts import _actor
from tests.conftest import add_member, add_organisation
from tests.receivers import webhook_server


@pytest.fixture(params=["sqlite"])
def backend(request) -> str:  # noqa: ANN001
    # the job queue is the same whatever the register's store
    return request.param


@pytest.fixture
def settings(tmp_path) -> Iterator[Settings]:  # noqa: ANN001
    # the default job mode, with a short first retry delay so that the test does not wait 30 s
    yield Settings(
        mode="test",
        data_dir=tmp_path / "data",
        jobs="background",
        alert_retry_base_s=1.0,
        webhook_private_addresses=True,
    )


def test_default_mode_is_background_outside_tests(tmp_path) -> None:  # noqa: ANN001
    assert Settings(data_dir=tmp_path).jobs == "background"
    assert Settings(mode="production", secret_key="k" * 32, data_dir=tmp_path).jobs == "background"


def test_webhook_answering_503_once_receives_the_alert_later(platform, live_server) -> None:  # noqa: ANN001
    museum = add_organisation(platform, "Museo Sender", "museum", country="IT")
    dealer = add_organisation(platform, "Dealer Paris", "market", country="FR")
    sender = add_member(platform, "sender", museum, ["registrar"])
    admin = add_member(platform, "dadmin", dealer, ["org_admin"])
    secret = "a-shared-secret-of-length"
    # the receiver holds every request until the alert's own request has been answered: a request
    # that sent the webhook itself could not be answered first, however busy the machine
    hold, answered = threading.Event(), []
    platform.settings.webhook_timeout_s = 60.0
    with webhook_server(answers=[503], hold=hold, answered=answered) as (url, received):
        hook = SubscriptionIn(channels=["webhook"], webhook_url=url, webhook_secret=secret)
        platform.alerts.subscribe(_actor(platform, admin), hook, organisation_default=True)
        r = httpx.post(
            f"{live_server}/api/v1/alerts",
            json={"type": "seizure", "title": "Seized bronze"},
            headers=sender.headers,
            timeout=120,
        )
        assert r.status_code == 201, r.text
        assert answered == [], "the alert request waited for its webhook"
        hold.set()
        deadline = time.monotonic() + 60
        while not received and time.monotonic() < deadline:
            time.sleep(0.2)
    assert len(received) == 1, "the retry of the webhook never ran"
    headers, body = received[0]
    assert json.loads(body)["delivery"] == headers["Idempotency-Key"]

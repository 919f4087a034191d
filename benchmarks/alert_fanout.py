"""Fan-out of one alert to N members (default 5,000) across channels, with a real consumer running.

    PYTHONPATH=. python benchmarks/alert_fanout.py [--members 5000] [--organisations 100]
        [--email-every 5] [--workers 4]

Every member gets the alert in the in-app inbox; one member in ``--email-every`` also by e-mail (own
subscription), and every organisation's default subscription posts it to a webhook. The alert is sent
from this process onto the SQLite job queue; a separate ``heritrace worker`` process consumes it (the
fan-out task, then one delivery task per e-mail and webhook) against a local SMTP server (aiosmtpd) and
a local HTTP receiver, both on 127.0.0.1. Members are bulk-inserted (no password hashing).

Reported: time from sending until every in-app delivery is done; e-mail and webhook throughput (deliveries
per second from the first attempt on the channel to its last delivery); the total time until all are done.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import func, insert, select

from heritrace.accounts.models import User
from heritrace.alerts.models import AlertDelivery, AlertSubscription, DeliveryAttempt
from heritrace.alerts.schemas import AlertIn
from heritrace.core.actor import SYSTEM
from heritrace.core.settings import Settings
from heritrace.partners.models import Organisation
from heritrace.platform import Heritrace
from tests.receivers import free_port, smtp_server, webhook_server

SECRET = "benchmark-webhook-secret"


def seed(platform: Heritrace, members: int, organisations: int, email_every: int, hook: str) -> dict:
    """Organisations with a webhook default, members (some with an e-mail subscription); expected counts."""
    with platform.sessions.begin() as s:
        s.execute(
            insert(Organisation),
            [
                {
                    "name": f"Org {i}",
                    "kind": "police",
                    "country": "IT",
                    "vetting": "vetted",
                    "id_prefix": f"O{i}",
                }
                for i in range(organisations)
            ],
        )
        org_ids = s.scalars(select(Organisation.id).order_by(Organisation.id)).all()
        s.execute(
            insert(AlertSubscription),
            [
                {
                    "organisation_id": o,
                    "channels": "inbox,webhook",
                    "webhook_url": hook,
                    "webhook_secret": SECRET,
                }
                for o in org_ids
            ],
        )
        s.execute(
            insert(User),
            [
                {
                    "username": f"u{i}",
                    "display_name": f"U {i}",
                    "organisation_id": org_ids[i % len(org_ids)],
                    "roles": "analyst",
                    "password_hash": "x",
                }
                for i in range(members)
            ],
        )
        users = s.execute(select(User.id, User.organisation_id).order_by(User.id)).all()
        s.execute(
            insert(AlertSubscription),
            [
                {
                    "organisation_id": org,
                    "user_id": uid,
                    "channels": "inbox,email",
                    "email": f"u{uid}@bench.example",
                }
                for n, (uid, org) in enumerate(users)
                if n % email_every == 0
            ],
        )
    emails = len(range(0, members, email_every))
    return {"inbox": members, "email": emails, "webhook": organisations}


def delivered(platform: Heritrace, alert_id: int) -> dict[str, int]:
    with platform.sessions() as s:
        rows = s.execute(
            select(AlertDelivery.channel, func.count())
            .where(AlertDelivery.alert_id == alert_id, AlertDelivery.status == "delivered")
            .group_by(AlertDelivery.channel)
        ).all()
    return dict(rows)


def channel_rate(platform: Heritrace, alert_id: int, channel: str) -> tuple[int, float, float]:
    """(delivered, seconds from the channel's first attempt to its last delivery, deliveries per second)."""
    with platform.sessions() as s:
        first = s.scalar(
            select(func.min(DeliveryAttempt.at))
            .join(AlertDelivery, AlertDelivery.id == DeliveryAttempt.delivery_id)
            .where(AlertDelivery.alert_id == alert_id, AlertDelivery.channel == channel)
        )
        last, count = s.execute(
            select(func.max(AlertDelivery.delivered_at), func.count()).where(
                AlertDelivery.alert_id == alert_id,
                AlertDelivery.channel == channel,
                AlertDelivery.status == "delivered",
            )
        ).one()
    span = max((last - first).total_seconds(), 1e-6) if first and last else float("nan")
    return count, span, count / span


def start_worker(settings: Settings, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "HERITRACE_DATA_DIR": str(settings.data_dir),
        "HERITRACE_JOBS": "queue",
        "HERITRACE_QUEUE_NAME": settings.queue_name,
        "HERITRACE_SMTP_PORT": str(settings.smtp_port),
        "HERITRACE_MODE": "test",
        "HERITRACE_WEBHOOK_PRIVATE_ADDRESSES": "1",
    }
    for name in ("HERITRACE_DATABASE_URL", "HERITRACE_REDIS_URL"):
        env.pop(name, None)
    command = [sys.executable, "-m", "heritrace.cli.main", "worker", "--workers", str(workers)]
    worker = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    worker.stderr.readline()  # "consuming the job queue": started, so its start-up is not timed
    threading.Thread(target=worker.stderr.read, daemon=True).start()  # a full pipe would stall it
    return worker


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--organisations", type=int, default=100)
    parser.add_argument("--email-every", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    smtp_port = free_port()
    settings = Settings(
        mode="test",
        data_dir=Path(tempfile.mkdtemp()) / "data",
        jobs="queue",
        queue_name=f"bench-{uuid.uuid4().hex[:8]}",
        smtp_port=smtp_port,
        webhook_private_addresses=True,  # the receiver listens on 127.0.0.1
    )
    platform = Heritrace(settings)
    with smtp_server(smtp_port) as (_, mails), webhook_server() as (hook, posts):
        expected = seed(platform, args.members, args.organisations, args.email_every, hook)
        worker = start_worker(settings, args.workers)
        try:
            report(platform, expected, args.timeout, mails, posts)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    platform.close()


def report(platform: Heritrace, expected: dict, timeout: float, mails: list, posts: list) -> None:
    started = time.perf_counter()
    alert = platform.alerts.send(
        SYSTEM, AlertIn(type="theft_or_loss", title="Benchmark", classification="partners")
    )
    inbox_done = None
    while time.perf_counter() - started < timeout:
        done = delivered(platform, alert.id)
        if inbox_done is None and done.get("inbox", 0) >= expected["inbox"]:
            inbox_done = time.perf_counter() - started
        if all(done.get(c, 0) >= n for c, n in expected.items()):
            break
        time.sleep(0.2)
    total = time.perf_counter() - started
    done = delivered(platform, alert.id)
    print(
        f"recipients: {expected['inbox']} members in {expected['webhook']} organisations; "
        f"planned: {expected['inbox']} in-app, {expected['email']} e-mail, {expected['webhook']} webhook"
    )
    print(
        f"in-app: {done.get('inbox', 0)} delivered, all done {inbox_done:.2f} s after sending"
        if inbox_done is not None
        else f"in-app: only {done.get('inbox', 0)} delivered in {total:.0f} s"
    )
    for channel, received in (("email", len(mails)), ("webhook", len(posts))):
        count, span, rate = channel_rate(platform, alert.id, channel)
        print(f"{channel}: {count} delivered ({received} received) in {span:.2f} s: {rate:.0f}/s")
    print(
        f"everything delivered {total:.2f} s after sending"
        if done == expected
        else f"incomplete after {total:.0f} s: {done}"
    )


if __name__ == "__main__":
    main()

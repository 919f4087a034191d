"""Reliable delivery: plan one delivery per recipient and channel (idempotency key), put in-app ones in
the inbox at once, send e-mails and webhooks from the job queue with bounded retries and back-off.

Every attempt is written to ``delivery_attempt``. A delivery is claimed before sending (status
``sending`` with a lease), so two workers never send it twice; a worker that dies mid-send leaves a
lapsed lease, and the delivery is sent again with the same Message-ID / Idempotency-Key, which the far
side uses to drop the duplicate.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from heritrace.alerts.channels import Rejected, Retryable, post_webhook, send_email
from heritrace.alerts.content import as_text, linked_objects, payload_for, subject_line
from heritrace.alerts.models import Alert, AlertDelivery, DeliveryAttempt
from heritrace.alerts.targeting import Recipient, recipients
from heritrace.core.settings import Settings
from heritrace.db.base import utcnow
from heritrace.db.engine import writing
from heritrace.inbox.models import InboxEntry

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)


def idempotency_key(alert_id: int, channel: str, r: Recipient) -> str:
    return f"alert-{alert_id}-{channel}-o{r.organisation_id}-u{r.user_id if r.user_id is not None else 'org'}"


class Deliveries:
    def __init__(self, sessions: sessionmaker[Session], settings: Settings, enqueue: Callable[..., None]):
        self.sessions = sessions
        self.settings = settings
        self.enqueue = enqueue  # enqueue(task_name, *args, delay=seconds)

    # -- fan-out -----------------------------------------------------------------------------------

    def fan_out(self, alert_id: int) -> list[int]:
        """Plan the alert's deliveries (once), fill the inbox, queue e-mails and webhooks."""
        with writing(), self.sessions() as s:
            alert = s.get(Alert, alert_id)
            objects = linked_objects(s, alert)
            object_types = {o.type_concept for o in objects if o.type_concept} | set(
                json.loads(alert.categories)
            )
            found = recipients(s, alert, object_types)
            known = set(
                s.scalars(select(AlertDelivery.idempotency_key).where(AlertDelivery.alert_id == alert_id))
            )
            rows = self._plan(alert, objects, found, known)
            if rows:
                s.execute(insert(AlertDelivery), rows)
            self._fill_inbox(s, alert)
            s.commit()
            outward = s.scalars(
                select(AlertDelivery.id).where(
                    AlertDelivery.alert_id == alert_id,
                    AlertDelivery.channel != "inbox",
                    AlertDelivery.status == "pending",
                )
            ).all()
        for delivery_id in outward:
            self.enqueue("alerts_deliver", delivery_id)
        return list(outward)

    def _plan(self, alert: Alert, objects: list, found: list[Recipient], known: set[str]) -> list[dict]:
        rows, cache = [], {}
        for r in found:
            for channel in r.channels:
                key = idempotency_key(alert.id, channel, r)
                target = {"inbox": f"user:{r.user_id}", "email": r.email, "webhook": r.webhook_url}[channel]
                if key in known or not target:
                    continue
                known.add(key)
                # what the recipient may read, in their language
                visible = (r.actor.organisation_id, r.actor.vetted, r.actor.law_enforcement, r.language)
                if visible not in cache:
                    cache[visible] = payload_for(alert, objects, r.actor, r.language)
                rows.append(_planned(alert.id, r, channel, target, key, cache[visible]))
        return rows

    def _fill_inbox(self, s: Session, alert: Alert) -> None:
        """In-app deliveries: the inbox entry and the 'delivered' status are written together."""
        pending = s.scalars(
            select(AlertDelivery).where(
                AlertDelivery.alert_id == alert.id,
                AlertDelivery.channel == "inbox",
                AlertDelivery.status == "pending",
            )
        ).all()
        if not pending:
            return
        now, texts = utcnow(), {}
        entries = []
        for d in pending:
            payload = json.loads(d.payload)
            if d.payload not in texts:
                texts[d.payload] = (subject_line(payload), as_text(payload))
            first = (payload["objects"] or [{}])[0].get("id")
            entries.append(
                {
                    "organisation_id": d.organisation_id,
                    "user_id": d.user_id,
                    "alert_id": alert.id,
                    "created_at": now,
                    "kind": "alert",
                    "subject": texts[d.payload][0][:500],
                    "body": texts[d.payload][1],
                    "object_id": first,
                }
            )
        s.execute(insert(InboxEntry), entries)
        ids = [d.id for d in pending]
        s.execute(
            update(AlertDelivery)
            .where(AlertDelivery.id.in_(ids))
            .values(status="delivered", attempts=1, delivered_at=now)
            .execution_options(synchronize_session=False)
        )
        s.execute(
            insert(DeliveryAttempt), [{"delivery_id": i, "at": now, "outcome": "delivered"} for i in ids]
        )

    # -- sending -----------------------------------------------------------------------------------

    def deliver(self, delivery_id: int) -> float | None:
        """One attempt at one delivery; returns the delay before the next attempt, if one is due."""
        claimed = self._claim(delivery_id)
        if claimed is None:
            return None  # delivered already, or another worker holds it: never twice
        started = time.monotonic()
        outcome, detail = "delivered", None
        try:
            self._send(claimed)
        except Retryable as exc:
            outcome, detail = "retry", str(exc)
        except Rejected as exc:
            outcome, detail = "rejected", str(exc)
        return self._record(claimed, outcome, detail, int((time.monotonic() - started) * 1000))

    def _claim(self, delivery_id: int) -> AlertDelivery | None:
        now = utcnow()
        with self.sessions.begin() as s:
            done = s.execute(
                update(AlertDelivery)
                .where(
                    AlertDelivery.id == delivery_id,
                    AlertDelivery.channel != "inbox",
                    or_(
                        AlertDelivery.status == "pending",
                        (AlertDelivery.status == "sending") & (AlertDelivery.claimed_until < now),
                    ),
                )
                .values(status="sending", claimed_until=now + LEASE)
            )
            if done.rowcount != 1:
                return None
            return s.get(AlertDelivery, delivery_id)

    def _send(self, d: AlertDelivery) -> None:
        payload = json.loads(d.payload)
        if d.channel == "email":
            st = self.settings
            subject = f"[Heritrace] {subject_line(payload)}"
            send_email(
                st.smtp_host, st.smtp_port, st.smtp_timeout_s, st.smtp_sender, d.target, subject,
                as_text(payload), d.idempotency_key,
            )  # fmt: skip
            return
        secret = self._webhook_secret(d)
        body = json.dumps({"delivery": d.idempotency_key, **payload}, sort_keys=True).encode()
        st = self.settings
        post_webhook(
            d.target, secret, body, d.idempotency_key, st.webhook_timeout_s, st.webhook_private_addresses
        )

    def _webhook_secret(self, d: AlertDelivery) -> str:
        from heritrace.alerts.models import AlertSubscription

        with self.sessions() as s:
            secret = s.scalar(
                select(AlertSubscription.webhook_secret).where(
                    AlertSubscription.organisation_id == d.organisation_id,
                    AlertSubscription.user_id.is_(None),
                )
            )
        if not secret:
            raise Rejected("the organisation's webhook has no shared secret")
        return secret

    def _record(self, d: AlertDelivery, outcome: str, detail: str | None, ms: int) -> float | None:
        now, attempts = utcnow(), d.attempts + 1
        delay = None
        values = {"attempts": attempts, "claimed_until": None, "last_error": detail and detail[:1000]}
        if outcome == "delivered":
            values |= {"status": "delivered", "delivered_at": now}
        elif outcome == "rejected":
            values |= {"status": "rejected"}
        elif attempts >= self.settings.alert_max_attempts:
            outcome = "failed"
            values |= {"status": "failed"}
        else:
            delay = self.settings.alert_retry_base_s * 2 ** (attempts - 1)
            values |= {"status": "pending", "next_attempt_at": now + timedelta(seconds=delay)}
        with self.sessions.begin() as s:
            s.execute(update(AlertDelivery).where(AlertDelivery.id == d.id).values(**values))
            s.add(DeliveryAttempt(delivery_id=d.id, at=now, outcome=outcome, detail=detail, duration_ms=ms))
        log.info("alert delivery %s over %s: %s %s", d.id, d.channel, outcome, detail or "")
        return delay

    def redeliver(self, include_failed: bool = False, now=None) -> int:  # noqa: ANN001
        """Queue again what is due: pending deliveries whose back-off is over, lapsed claims, and (on
        request, once a channel is back) the ones that used up their retries."""
        now = now or utcnow()
        due = [
            (AlertDelivery.status == "pending")
            & (AlertDelivery.next_attempt_at.is_(None) | (AlertDelivery.next_attempt_at <= now)),
            (AlertDelivery.status == "sending") & (AlertDelivery.claimed_until < now),
        ]
        with self.sessions.begin() as s:
            if include_failed:
                s.execute(
                    update(AlertDelivery)
                    .where(AlertDelivery.status == "failed")
                    .values(status="pending", attempts=0, next_attempt_at=None)
                )
            ids = s.scalars(select(AlertDelivery.id).where(AlertDelivery.channel != "inbox", or_(*due))).all()
        for delivery_id in ids:
            self.enqueue("alerts_deliver", delivery_id)
        return len(ids)


def _planned(alert_id: int, r: Recipient, channel: str, target: str, key: str, payload: str) -> dict:
    return {
        "alert_id": alert_id,
        "organisation_id": r.organisation_id,
        "user_id": r.user_id,
        "channel": channel,
        "target": target,
        "payload": payload,
        "idempotency_key": key,
        "status": "pending",
        "attempts": 0,
    }


def register_alert_tasks(queue, platform) -> None:  # noqa: ANN001
    """The alert tasks on the platform's queue: fan-out, one delivery, and a periodic redelivery sweep."""
    from huey import crontab

    @queue.task(name="alerts_fan_out")
    def alerts_fan_out(alert_id: int) -> int:
        planned = len(platform.alerts.deliveries.fan_out(alert_id))
        platform.forward_alert_to_peers(alert_id)
        return planned

    @queue.task(name="alerts_deliver")
    def alerts_deliver(delivery_id: int) -> str:
        delay = platform.alerts.deliveries.deliver(delivery_id)
        if delay is not None:
            alerts_deliver.schedule((delivery_id,), delay=delay)
        return "retry" if delay is not None else "done"

    @queue.periodic_task(crontab(minute="*"), name="alerts_redeliver")
    def alerts_redeliver() -> int:
        return platform.alerts.deliveries.redeliver()

    platform.tasks.update(
        alerts_fan_out=alerts_fan_out, alerts_deliver=alerts_deliver, alerts_redeliver=alerts_redeliver
    )

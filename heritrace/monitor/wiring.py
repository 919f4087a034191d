"""Builds the market monitor from the platform's parts; its jobs on the queue (crawls on schedule,
retro-screening of newly reported records)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from huey import crontab
from huey.api import Huey

from heritrace.monitor.screen import ListingScreener
from heritrace.monitor.service import RETRO_STATUSES, MarketMonitor

if TYPE_CHECKING:
    from heritrace.platform import Heritrace

log = logging.getLogger(__name__)


def make_monitor(platform: Heritrace) -> MarketMonitor:
    from heritrace.diligence.wiring import signing_key

    return MarketMonitor(
        platform.sessions,
        platform.images,
        ListingScreener(platform.matcher, platform.photos),
        lambda: signing_key(platform),
        platform.settings.data_dir / "monitor-evidence",
        lambda: platform,
    )


def retro_screen_later(platform: Heritrace, external_id: str, status: str) -> None:
    """A record newly reported stolen, missing or looted: search the archive of listings for it.
    Like alerts, a failure here never undoes the register write that caused it."""
    if status not in RETRO_STATUSES:
        return
    try:
        platform.queue  # noqa: B018 - registers the tasks
        platform.tasks["monitor_retro_screen"](external_id)
    except Exception:  # noqa: BLE001
        log.exception("could not retro-screen the archive of listings for %s", external_id)


def retro_screen_photos_later(platform: Heritrace, image_ids: list[int]) -> None:
    """Register photos just indexed: those of records reported stolen, missing or looted are searched
    for among the listings seen (a record is usually reported first and its photos added after)."""
    from sqlalchemy import select

    from heritrace.objects.models import CulturalObject, ObjectImage

    if not image_ids:
        return
    try:
        with platform.sessions() as s:
            external_ids = list(
                s.scalars(
                    select(CulturalObject.external_id)
                    .join(ObjectImage, ObjectImage.object_id == CulturalObject.id)
                    .where(ObjectImage.id.in_(image_ids), CulturalObject.status.in_(RETRO_STATUSES))
                    .distinct()
                )
            )
        if not external_ids:
            return
        platform.queue  # noqa: B018 - registers the tasks
        for external_id in external_ids:
            platform.tasks["monitor_retro_screen"](external_id, text=False)
    except Exception:  # noqa: BLE001
        log.exception("could not retro-screen the archive of listings for photos %s", image_ids)


def register_monitor_tasks(queue: Huey, platform: Heritrace) -> None:
    @queue.task(name="monitor_retro_screen")
    def monitor_retro_screen(external_id: str, text: bool = True) -> int:
        """Search every listing ever seen for a newly reported record (without ``text``: for its
        photos only); the hits are stored at once, their evidence sealed by a job of its own."""
        new = platform.monitor.retro_screen(external_id, seal=False, text=text)
        if new:
            platform.tasks["monitor_retro_evidence"](new)
        return len(new)

    @queue.task(retries=3, retry_delay=30, name="monitor_retro_evidence")
    def monitor_retro_evidence(hit_ids: list[int]) -> int:
        """Seal the evidence of retro-screening hits (what the archive holds of their listings)."""
        platform.monitor.seal_retro(hit_ids)
        return len(hit_ids)

    platform.tasks["monitor_retro_screen"] = monitor_retro_screen
    platform.tasks["monitor_retro_evidence"] = monitor_retro_evidence

    @queue.task(name="monitor_crawl")
    def monitor_crawl(name: str) -> dict:
        """Crawl one source once (listings stored, screened, hits sealed)."""
        from dataclasses import asdict

        platform.photos.sync()  # register photos added since: listings are screened against them
        return asdict(platform.monitor.crawl(name))

    platform.tasks["monitor_crawl"] = monitor_crawl

    @queue.periodic_task(crontab(minute="*"), name="monitor_schedule")
    def monitor_schedule() -> list[str]:
        """Every minute: hand each source whose crawl interval has passed to the queue."""
        due = platform.monitor.claim_due_sources()
        for name in due:
            monitor_crawl(name)
        return due

    platform.tasks["monitor_schedule"] = monitor_schedule

"""The job queue (huey): SQLite by default, Redis when ``HERITRACE_REDIS_URL`` is set.

Tasks are registered on the platform's own queue object, closing over the platform, so that a worker
process (``heritrace worker``) and the web process share code but no import-time globals. In
``background`` mode (the default: one server process) the server consumes the queue on its own
threads (``InProcessConsumer``); in ``queue`` mode ``heritrace worker`` processes do; in ``immediate``
mode (tests) tasks run at once, inside the caller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from huey import RedisHuey, SqliteHuey
from huey.api import Huey

from heritrace.alerts.delivery import register_alert_tasks

if TYPE_CHECKING:
    from heritrace.platform import Heritrace


def make_queue(platform: Heritrace) -> Huey:
    settings = platform.settings
    immediate = settings.jobs == "immediate"
    if settings.redis_url:
        queue: Huey = RedisHuey(settings.queue_name, url=settings.redis_url, immediate=immediate)
    else:
        queue = SqliteHuey(
            settings.queue_name, filename=str(settings.data_dir / "jobs.db"), immediate=immediate
        )
    _register_tasks(queue, platform)
    return queue


def _register_tasks(queue: Huey, platform: Heritrace) -> None:
    @queue.task(retries=3, retry_delay=10, name="index_photos")
    def index_photos(image_ids: list[int]) -> list[str]:
        """Extract local features of new register photos and add them to the photo index."""
        failures = platform.photos.index_images(image_ids)
        from heritrace.monitor.wiring import retro_screen_photos_later

        retro_screen_photos_later(platform, image_ids)  # a stolen record's photos, searched once indexed
        return failures

    platform.tasks["index_photos"] = index_photos

    @queue.task(name="import_register")
    def import_register(job_id: int) -> None:
        """Import a register file uploaded on the import page (``objects.imports``)."""
        platform.imports.run(job_id)

    platform.tasks["import_register"] = import_register
    register_alert_tasks(queue, platform)

    @queue.task(retries=8, retry_delay=60, name="federation_forward_alert")
    def federation_forward_alert(alert_id: int, peer: str) -> str:
        """Send an alert to a peer node; retried while the peer does not take it."""
        from heritrace.federation.alerts import forward_alert

        return forward_alert(platform, alert_id, peer)

    platform.tasks["federation_forward_alert"] = federation_forward_alert
    from heritrace.monitor.wiring import register_monitor_tasks

    register_monitor_tasks(queue, platform)

    from huey import crontab

    @queue.periodic_task(crontab(hour="6", minute="0"), name="meetings_remind")
    def meetings_remind() -> int:
        """Reminders of meeting actions falling due or overdue (``MeetingService.remind``), daily."""
        return platform.meetings.remind()

    platform.tasks["meetings_remind"] = meetings_remind


class InProcessConsumer:
    """The default single-process mode (``HERITRACE_JOBS=background``): a huey consumer on threads of
    the server process. Jobs leave the request (alert fan-out, e-mail and webhook sends, photo
    indexing) and retries scheduled with a delay run when due; the queue is the SQLite file (or Redis)
    that ``heritrace worker`` would read, so nothing queued is lost when the server stops."""

    def __init__(self, queue: Huey, workers: int = 2):
        from huey.consumer import Consumer

        # poll at most a second apart (huey's default backs off to 10 s when the queue is empty)
        self._consumer = Consumer(queue, workers=workers, worker_type="thread", max_delay=1.0)
        self.started = False

    def start(self) -> None:
        # not Consumer.start(): that installs signal handlers, which belong to the web server
        self._consumer.scheduler.start()
        for _, thread in self._consumer.worker_threads:
            thread.start()
        self.started = True

    def stop(self, timeout_s: float = 10.0) -> None:
        if not self.started:
            return
        self._consumer.stop_flag.set()
        for _, thread in self._consumer.worker_threads:
            thread.join(timeout_s)
        self._consumer.scheduler.join(timeout_s)
        self.started = False

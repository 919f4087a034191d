"""The explicit application object: settings, storage and services, built once and passed everywhere."""

from __future__ import annotations

from functools import cached_property

from huey.api import Huey
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from heritrace.audit.unit import Checkpoints, watch
from heritrace.core.errors import StorageUnavailable
from heritrace.core.i18n import _
from heritrace.core.settings import Settings
from heritrace.db.engine import make_engine, make_sessionmaker
from heritrace.db.migrate import needs_upgrade, upgrade
from heritrace.images.embedder import load_embedder
from heritrace.images.service import PhotoSearch
from heritrace.images.store import ImageStore
from heritrace.jobs import make_queue
from heritrace.objects.service import ObjectService
from heritrace.screening.service import RegisterMatcher


class Heritrace:
    def __init__(self, settings: Settings, *, migrate: bool = True):
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = make_engine(settings)
        self.sessions = make_sessionmaker(self.engine)
        # a write to an audited table commits only with its audit entry; checkpoints signed when due
        self.checkpoints = Checkpoints(lambda: self.audit_key)
        watch(self.sessions, self.checkpoints)
        self.tasks: dict = {}
        self.serving = False  # set by `heritrace serve`: this process answers requests, workers index
        self._consumer = None  # the in-process job consumer (start_jobs)
        if migrate:
            self.migrate()

    def migrate(self) -> None:
        """Create or upgrade the schema (first use of a data directory, or a new release)."""
        try:
            if needs_upgrade(self.engine):
                upgrade(self.engine)
        except OperationalError as exc:
            detail = str(exc.orig).splitlines()[0]
            raise StorageUnavailable(_("cannot open the database: %(detail)s", detail=detail)) from exc

    @cached_property
    def secret_key(self) -> bytes:
        """The key of CSRF tokens and session digests: HERITRACE_SECRET_KEY, or (dev, demo, test) one
        generated once and kept in data_dir/keys, so that every process of a node shares it."""
        if self.settings.secret_key:
            return self.settings.secret_key.encode()
        from heritrace.accounts.secrets import stored_secret

        return stored_secret(self.settings.data_dir / "keys" / "secret-key")

    @cached_property
    def images(self) -> ImageStore:
        return ImageStore(
            self.settings.data_dir / "images",
            max_bytes=self.settings.max_upload_bytes,
            max_pixels=self.settings.max_image_pixels,
        )

    @cached_property
    def objects(self) -> ObjectService:
        return ObjectService(
            self.sessions,
            self.images,
            on_images_added=self.index_photos_later,
            on_status=self._on_object_status,
        )

    @cached_property
    def accounts(self):  # noqa: ANN201 - users, sessions, API tokens (issue 3)
        from heritrace.accounts.service import AccountService

        return AccountService(self.sessions, self.settings, self.secret_key)

    @cached_property
    def partners(self):  # noqa: ANN201 - the partner network (issue 3)
        from heritrace.partners.service import PartnerService

        return PartnerService(self.sessions)

    @cached_property
    def audit(self):  # noqa: ANN201 - reading the audit log (issue 3)
        from heritrace.audit.browse import AuditReader

        return AuditReader(self.sessions)

    @cached_property
    def audit_key(self):  # noqa: ANN201 - signs the audit log's checkpoints: the certificates' key
        from heritrace.diligence.wiring import signing_key

        return signing_key(self)

    @cached_property
    def cases(self):  # noqa: ANN201 - return and restitution case files (issue 7)
        from heritrace.cases.wiring import make_cases

        return make_cases(self)

    def start_jobs(self) -> None:
        """In the default ``background`` mode, consume the job queue on threads of this process."""
        if self.settings.jobs != "background" or self._consumer is not None:
            return
        from heritrace.jobs import InProcessConsumer

        self._consumer = InProcessConsumer(self.queue)
        self._consumer.start()

    def stop_jobs(self) -> None:
        if self._consumer is not None:
            self._consumer.stop()
            self._consumer = None

    def close(self) -> None:
        self.stop_jobs()
        self.engine.dispose()

    @cached_property
    def photos(self) -> PhotoSearch:
        embedder = load_embedder(self.settings.photo_embedder)
        # web processes of a deployment with workers share one read-only mapping of the index
        shared = self.serving and self.settings.jobs == "queue"
        return PhotoSearch(
            self.sessions, self.images, self.settings.data_dir / "photo-index", embedder, shared
        )

    @cached_property
    def matcher(self) -> RegisterMatcher:
        return RegisterMatcher(self.sessions)

    @cached_property
    def diligence(self):  # noqa: ANN201 - due-diligence checks and certificates (issue 4)
        from heritrace.diligence.wiring import make_due_diligence

        return make_due_diligence(self)

    @cached_property
    def alerts(self):  # noqa: ANN201 - alerts among partners and their delivery (issue 6)
        from heritrace.alerts.service import AlertService

        def enqueue(name: str, *args: object) -> None:
            self.queue  # noqa: B018 - registers the tasks
            self.tasks[name](*args)

        return AlertService(self.sessions, self.settings, enqueue)

    @cached_property
    def federation(self):  # noqa: ANN201 - peer nodes, signed requests between them (issue 19)
        from heritrace.diligence.signing import PlatformKey
        from heritrace.diligence.wiring import key_path
        from heritrace.federation.service import Federation
        from heritrace.federation.signing import KEY_FILE

        return Federation(self.sessions, self.settings, PlatformKey(key_path(self, KEY_FILE)))

    @cached_property
    def consultations(self):  # noqa: ANN201 - expert consultation (issue 6)
        from heritrace.cases.documents import DocumentStore
        from heritrace.consultations.service import ConsultationService

        limit = self.settings.max_attachment_bytes
        files = DocumentStore(self.settings.data_dir / "consultation-files", limit)
        return ConsultationService(self.sessions, self.images, files, self.alerts.notify, limit)

    @cached_property
    def meetings(self):  # noqa: ANN201 - regular meetings of the partners (issue 14)
        from heritrace.cases.documents import DocumentStore
        from heritrace.meetings.service import MeetingService

        files = DocumentStore(self.settings.data_dir / "meeting-files", self.settings.max_attachment_bytes)
        return MeetingService(self.sessions, files, self.alerts.notify)

    @cached_property
    def results(self):  # noqa: ANN201 - tangible results across the domains (issue 14)
        from heritrace.results.service import ResultsService

        return ResultsService(self.sessions)

    @cached_property
    def laws(self):  # noqa: ANN201 - the law database (issue 18)
        from heritrace.laws.service import LawService

        return LawService(self.sessions)

    @cached_property
    def library(self):  # noqa: ANN201 - the knowledge library (issue 14)
        from heritrace.cases.documents import DocumentStore
        from heritrace.library.service import Library

        limit = self.settings.max_attachment_bytes
        return Library(
            self.sessions, self.images, DocumentStore(self.settings.data_dir / "library-files", limit), limit
        )

    @cached_property
    def training(self):  # noqa: ANN201 - courses, assessments, events, completion certificates (issue 14)
        from heritrace.cases.documents import DocumentStore
        from heritrace.diligence.wiring import signing_key
        from heritrace.training.service import Training

        limit = self.settings.max_attachment_bytes
        files = DocumentStore(self.settings.data_dir / "training-files", limit)
        return Training(
            self.sessions, self.images, files, lambda: signing_key(self), limit, self.alerts.notify
        )

    @cached_property
    def export_certificates(self):  # noqa: ANN201 - model export certificates (issue 18)
        from heritrace.diligence.wiring import signing_key
        from heritrace.exports.service import ExportCertificates

        return ExportCertificates(self.sessions, self.images, lambda: signing_key(self))

    @cached_property
    def review(self):  # noqa: ANN201 - the review queue of flagged values (issue 16)
        from heritrace.objects.review import ReviewQueue

        return ReviewQueue(self.sessions, self.objects)

    @cached_property
    def inventory(self):  # noqa: ANN201 - inventories before theft (issue 16)
        from heritrace.objects.inventory import InventoryService

        return InventoryService(self.sessions, lambda ids, status: self.alerts.on_objects_event(ids, status))

    @cached_property
    def inventory_search(self):  # noqa: ANN201 - law enforcement searching consenting inventories
        from heritrace.screening.inventory import InventorySearch

        return InventorySearch(self.sessions, self.alerts.notify, self.photos)

    @cached_property
    def imports(self):  # noqa: ANN201 - imports from the import page, as background jobs (issue 16)
        from heritrace.accounts.service import current_actor
        from heritrace.objects.imports import ImportService
        from heritrace.objects.transfer import RegisterImporter

        def importer(actor, profile, inventory: bool) -> RegisterImporter:  # noqa: ANN001
            # no describing processes: forking from the threads of a web server or of a queue
            # worker risks copying a lock another thread holds; the CLI import forks them
            return RegisterImporter(
                self.sessions, self.images, actor, on_images_added=self.index_photos_later,
                profile=profile, inventory=inventory,
            )  # fmt: skip

        def enqueue(job_id: int) -> None:
            self.queue  # noqa: B018 - registers the tasks
            self.tasks["import_register"](job_id)

        folder = self.settings.data_dir / "imports"
        limit = self.settings.max_import_bytes
        return ImportService(self.sessions, self.images, folder, limit, enqueue, current_actor, importer)

    @cached_property
    def monitor(self):  # noqa: ANN201 - the market monitor (issue 17)
        from heritrace.monitor.wiring import make_monitor

        return make_monitor(self)

    def _on_object_status(self, external_id: str, status: str) -> None:
        self.alerts.on_object_event(external_id, status)
        from heritrace.monitor.wiring import retro_screen_later

        retro_screen_later(self, external_id, status)

    @cached_property
    def queue(self) -> Huey:
        return make_queue(self)

    def forward_alert_to_peers(self, alert_id: int) -> None:
        """Hand an alert raised here to the job queue, once per peer node."""
        from heritrace.federation.alerts import forward_to_peers

        self.queue  # noqa: B018 - registers the tasks
        forward_to_peers(self, alert_id)

    def index_photos_later(self, image_ids: list[int]) -> None:
        """Hand new register photos to the job queue for photo-search indexing."""
        if image_ids:
            self.queue  # noqa: B018 - registers the tasks
            self.tasks["index_photos"](list(image_ids))

"""Imports from the import page: upload a register file, map its columns, preview what the import
will create, flag and reject, then import it as a background job (huey) whose progress the page
shows.

An upload is checked whole before anything is kept (size, format, encoding, a row of column
names); a file that fails leaves nothing behind. The import itself is ``RegisterImporter`` with a
profile made from the page's mapping, run with the rights of the user who started it, as they are
when it runs.
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import restrict
from heritrace.audit.service import AuditLog
from heritrace.core.actor import Actor
from heritrace.core.errors import Forbidden, NotFound, TooLarge, ValidationFailed
from heritrace.core.i18n import N_, _
from heritrace.db.base import utcnow
from heritrace.db.engine import writing
from heritrace.images.store import ImageStore
from heritrace.objects.describe import flag_text
from heritrace.objects.headers import suggest_mapping
from heritrace.objects.intake import Prepared, Recipe, prepare_chunk
from heritrace.objects.models import INVENTORY, CulturalObject, ImportJob
from heritrace.objects.profiles import IGNORE, TARGETS, Profile, ProfileDocument, ProfileError
from heritrace.objects.service import may_write
from heritrace.objects.tables import FileFormatError, file_format, open_table
from heritrace.partners.prefixes import organisation_prefix

PREVIEW_ROWS = 200
SAMPLE_ROWS = 3
REPORTED_REJECTIONS = 1000
PROGRESS_EVERY_S = 1.0
# photos travel with the CLI import (paths beside the file); an uploaded file cannot bring them
PAGE_TARGETS = tuple(t for t in TARGETS if t != "images")
# why a mapping is refused once the import has left the "uploaded" state, one sentence a state
_ALREADY = {
    "queued": N_("this import is already queued"),
    "running": N_("this import is already running"),
    "done": N_("this import is already done"),
    "failed": N_("this import has already failed"),
}


@dataclass
class Mapping:
    """What the import page chose: a field per column, defaults, and whether it is an inventory."""

    columns: dict[str, str]
    defaults: dict[str, str] = field(default_factory=dict)
    inventory: bool = False

    def profile(self, file_format: str) -> Profile:
        columns = {h: t for h, t in self.columns.items() if t != IGNORE}
        if "id" not in columns.values():
            raise ValidationFailed({"mapping": _("choose the column that holds each record's id")})
        doc = {"format": file_format, "columns": columns, "defaults": self.defaults}
        try:
            return Profile.from_document(ProfileDocument.model_validate(doc))
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            raise ValidationFailed({"mapping": str(exc)}) from None


@dataclass
class Preview:
    """What importing the mapped file would do, read from its first rows."""

    rows_read: int
    new: int = 0
    updated: int = 0
    flagged: int = 0
    rejected: int = 0
    samples: list[dict] = field(default_factory=list)


class ImportService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        images: ImageStore,
        folder: Path,
        max_bytes: int,
        enqueue: Callable[[int], None],
        actor_for: Callable[[Session, int], Actor | None],
        importer: Callable[..., object],
    ):
        self.sessions = sessions
        self.images = images
        self.folder = folder
        self.max_bytes = max_bytes
        self.enqueue = enqueue  # hands a job id to the queue (huey task ``import_register``)
        self.actor_for = actor_for  # the user's actor as it is now (None: no longer active)
        self.importer = importer  # makes a RegisterImporter

    # -- upload ------------------------------------------------------------------------------------

    def upload(self, actor: Actor, file_name: str, data: bytes, inventory: bool = False) -> ImportJob:
        """Keep an uploaded register file once it reads as a table; else nothing is kept."""
        _require_importer(actor)
        if len(data) > self.max_bytes:
            raise TooLarge(
                {"file": _("the file is larger than %(mb)s MB", mb=self.max_bytes // (1024 * 1024))}
            )
        name = _safe_name(file_name)
        folder = self.folder / secrets.token_hex(12)
        folder.mkdir(parents=True)
        path = folder / name
        try:
            path.write_bytes(data)
            fmt = file_format(path)
            headers = _headers(path)
        except FileFormatError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise ValidationFailed({"file": str(exc)}, str(exc)) from None
        mapping = Mapping(_suggested(headers), inventory=inventory)
        with writing(), self.sessions() as s:
            job = ImportJob(
                organisation_id=actor.organisation_id, user_id=actor.user_id, created_by=actor.name,
                file_name=name, file_format=fmt, stored_as=str(path.relative_to(self.folder)),
                profile=json.dumps(asdict(mapping)), inventory=inventory, state="uploaded",
                classification="restricted",
            )  # fmt: skip
            s.add(job)
            s.flush()
            AuditLog(s).record(
                actor, "upload", "import_job", str(job.id), after={"file": name, "format": fmt}
            )
            s.commit()
            return job

    # -- reading -----------------------------------------------------------------------------------

    def get(self, actor: Actor, job_id: int) -> ImportJob:
        with self.sessions() as s:
            job = s.scalar(restrict(select(ImportJob).where(ImportJob.id == job_id), actor, ImportJob))
            if job is None:
                raise NotFound(_("no import %(id)s", id=job_id))
            return job

    def recent(self, actor: Actor, limit: int = 20) -> list[ImportJob]:
        with self.sessions() as s:
            query = restrict(select(ImportJob), actor, ImportJob).order_by(ImportJob.id.desc()).limit(limit)
            return list(s.scalars(query))

    def columns(self, job: ImportJob) -> tuple[list[str], list[dict]]:
        """The file's column names and its first rows, to show beside the mapping."""
        table = open_table(self._path(job))
        return table.headers, [row for _, row in islice(table.rows, SAMPLE_ROWS) if isinstance(row, dict)]

    def mapping(self, job: ImportJob) -> Mapping:
        return Mapping(**json.loads(job.profile))

    # -- preview and import ------------------------------------------------------------------------

    def preview(self, actor: Actor, job_id: int, mapping: Mapping) -> Preview:
        """Describe the first rows through the mapping, as the import would, writing nothing."""
        job = self._startable(actor, job_id)
        self._remember(job, mapping)
        path = self._path(job)
        profile = mapping.profile(job.file_format)
        with self.sessions() as s:
            prefix = organisation_prefix(s, actor.organisation_id)
        recipe = Recipe(
            path.parent,
            date.today(),
            profile=profile,
            inventory=mapping.inventory,
            holder=True,
            namespace=prefix,
        )
        try:
            rows = list(islice(open_table(path, profile).rows, PREVIEW_ROWS))
        except FileFormatError as exc:
            raise ValidationFailed({"file": str(exc)}) from None
        outcomes = prepare_chunk((rows, recipe))
        with self.sessions() as s:
            ids = [o.id for _, _, o in outcomes if isinstance(o, Prepared)]
            existing = set(s.scalars(_stored(ids))) if ids else set()
        return _preview(outcomes, existing)

    def start(self, actor: Actor, job_id: int, mapping: Mapping) -> ImportJob:
        """Queue the import of the whole file with the mapping."""
        job = self._startable(actor, job_id)
        mapping.profile(job.file_format)  # a mapping that cannot be used is refused now, not in the job
        with writing(), self.sessions() as s:
            job = s.get(ImportJob, job.id)
            job.profile = json.dumps(asdict(mapping))
            job.inventory = mapping.inventory
            job.state = "queued"
            AuditLog(s).record(actor, "start", "import_job", str(job.id), after=asdict(mapping))
            s.commit()
        self.enqueue(job_id)
        return self.get(actor, job_id)

    def run(self, job_id: int) -> None:
        """The background job: import the file, keep the progress and the report, remove the file."""
        with writing(), self.sessions() as s:
            job = s.get(ImportJob, job_id)
            if job is None or job.state != "queued":
                return  # started twice, or removed
            actor = self.actor_for(s, job.user_id) if job.user_id else None
            job.state, job.processed = "running", 0
            s.commit()
            mapping, fmt, path = self.mapping(job), job.file_format, self._path(job)
        if actor is None:
            self._finish(job_id, error="the user who started the import can no longer import")
            return
        try:
            importer = self.importer(actor, mapping.profile(fmt), mapping.inventory)
            report = importer.run(path, self._progress(job_id))
        except (FileFormatError, ValidationFailed, ProfileError) as exc:
            self._finish(job_id, error=getattr(exc, "message", str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - the page says the job failed instead of waiting forever
            self._finish(job_id, error=f"the import stopped: {exc}")
            raise
        self._finish(job_id, report=report)

    def _progress(self, job_id: int) -> Callable[[int], None]:
        last = [0.0]

        def update(done: int) -> None:
            now = time.monotonic()
            if now - last[0] < PROGRESS_EVERY_S:
                return
            last[0] = now
            with writing(), self.sessions() as s:
                s.get(ImportJob, job_id).processed = done
                s.commit()

        return update

    def _finish(self, job_id: int, report=None, error: str | None = None) -> None:  # noqa: ANN001
        with writing(), self.sessions() as s:
            job = s.get(ImportJob, job_id)
            job.state, job.finished_at, job.error = ("failed" if error else "done"), utcnow(), error
            if report is not None:
                job.processed, job.inserted, job.updated = report.processed, report.inserted, report.updated
                job.unchanged, job.flagged, job.rejected = (
                    report.unchanged,
                    report.flagged,
                    len(report.rejected),
                )
                job.report = json.dumps([asdict(r) for r in report.rejected[:REPORTED_REJECTIONS]])
            stored = self._path(job).parent
            s.commit()
        shutil.rmtree(stored, ignore_errors=True)

    def _startable(self, actor: Actor, job_id: int) -> ImportJob:
        _require_importer(actor)
        job = self.get(actor, job_id)
        if job.state != "uploaded":
            raise ValidationFailed({"state": _(_ALREADY[job.state])})
        return job

    def _remember(self, job: ImportJob, mapping: Mapping) -> None:
        with writing(), self.sessions() as s:
            s.get(ImportJob, job.id).profile = json.dumps(asdict(mapping))
            s.commit()

    def _path(self, job: ImportJob) -> Path:
        return self.folder / job.stored_as


def _require_importer(actor: Actor) -> None:
    if not may_write(actor) or actor.organisation_id is None:
        raise Forbidden(_("only registrars and administrators of an organisation import registers"))


def _safe_name(file_name: str) -> str:
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in base if c.isalnum() or c in "._- ").strip(" .")[:150]
    return cleaned or "register"


def _headers(path: Path) -> list[str]:
    table = open_table(path)
    first = next(table.rows, None)
    if first is None:
        raise FileFormatError(f"{path.name}: the file holds column names but no records")
    return [h for h in table.headers if h]


def _suggested(headers: list[str]) -> dict[str, str]:
    suggestions = suggest_mapping(headers)
    return {h: (h if h in PAGE_TARGETS else suggestions.get(h, IGNORE)) for h in headers}


def _stored(ids: list[str]):  # noqa: ANN202
    # the ids are inside the importing organisation's namespace, where every record is its own
    return select(CulturalObject.external_id).where(CulturalObject.external_id.in_(ids))


def _preview(outcomes: list[tuple], existing: set[str]) -> Preview:
    preview = Preview(rows_read=len(outcomes))
    for line, rid, outcome in outcomes:
        sample = {"line": line, "id": rid}
        if isinstance(outcome, str):
            preview.rejected += 1
            sample.update(outcome="rejected", reason=outcome)
        else:
            kind = "updated" if outcome.id in existing else "new"
            setattr(preview, kind, getattr(preview, kind) + 1)
            flags = [flag_text(f) for f in json.loads(outcome.columns.get("flags") or "[]")]
            preview.flagged += bool(flags)
            sample.update(outcome=kind, id=outcome.id, title=outcome.columns.get("title"), flags=flags,
                          inventory=outcome.columns.get("classification") == INVENTORY)  # fmt: skip
        if len(preview.samples) < 50:
            preview.samples.append(sample)
    return preview

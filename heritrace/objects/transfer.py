"""Bulk import of the register (CSV, JSON Lines, XLSX; in the import format or through a profile).

Import streams the file in batches: each record is validated and described in memory, then a batch
is written with bulk statements in one transaction. A record is stored whole or not at all; bad
records are reported with their line number and the rest goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import NOT_PUBLISHABLE, can_write, may_publish
from heritrace.audit.service import AuditLog
from heritrace.core.actor import Actor
from heritrace.db import fulltext
from heritrace.db.base import utcnow
from heritrace.db.bulk import insert_rows
from heritrace.db.engine import writing
from heritrace.images.decode import ImageRejected
from heritrace.images.store import ImageStore
from heritrace.objects import staging
from heritrace.objects.intake import XML_SUFFIXES, Prepared, Recipe, prepare_chunk, read_records, stage_chunk
from heritrace.objects.models import (
    INVENTORY,
    CulturalObject,
    Identifier,
    Incident,
    ObjectImage,
    ObjectMaterial,
    StatusChange,
)
from heritrace.objects.profiles import Profile
from heritrace.objects.tables import (
    FileFormatError,
    file_format,
    jsonl_lines,
    open_table,
)
from heritrace.partners import prefixes
from heritrace.partners.models import Organisation

BATCH = 1000
CHUNK = 250  # records a worker process describes at a time
ANALYZE_AFTER = 5000  # records written, after which PostgreSQL statistics are refreshed
INCIDENT_DEFAULTS = dict.fromkeys(staging.INCIDENT_COLUMNS)  # what an incident row may leave out


@dataclass
class Rejected:
    line: int
    record_id: str | None
    reason: str


@dataclass
class ImportReport:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    flagged: int = 0  # records stored with values to review (objects.describe)
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.inserted + self.updated + self.unchanged + len(self.rejected)


def _filled(p: Prepared, staged: tuple[dict, list, list, list]) -> Prepared:
    columns, materials, incidents, identifiers = staged
    return replace(p, columns=columns, materials=materials, incidents=incidents, identifiers=identifiers)


def _remove_abandoned_staging(folder: Path) -> None:
    """Remove staging folders left by an import whose process is gone (killed, machine stopped)."""
    for path in folder.glob(".import-*-*"):
        pid = path.name.split("-")[1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def import_workers(records: int | None) -> int:
    """Processes that describe records while the importing process writes: none for small files,
    else one per core (measured on 2 cores at 100,000 records: 5,582 records/s with one, 6,910-9,623
    with two)."""
    return 0 if (records or 0) < 5 * CHUNK else max(1, min(4, os.cpu_count() or 1))


# -- writing -------------------------------------------------------------------------------------


class RegisterImporter:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        images: ImageStore,
        actor: Actor,
        on_images_added: Callable[[list[int]], None] | None = None,
        workers: int = 0,
        profile: Profile | None = None,
        inventory: bool = False,
        image_roots: tuple[Path, ...] = (),
    ):
        # workers: processes that describe records while this one writes (0: all in this process)
        self.workers = workers
        self.profile = profile
        # the records go into the actor's organisation's inventory (see objects.inventory)
        self.inventory = inventory
        # photos come from the import file's folder, or from these (the operator's command line)
        self.image_roots = image_roots
        self.sessions = sessions
        self.images = images
        self.actor = actor
        self.on_images_added = on_images_added
        self.today = date.today()
        self.namespace: str | None = None  # the organisation's id prefix (set by run)
        self.foreign: set[str] = set()

    def run(self, path: Path, progress: Callable[[int], None] | None = None) -> ImportReport:
        """Import a file (CSV, TSV, JSON Lines, XLSX, LIDO XML); ``progress`` receives the number of records
        processed. A file that cannot be read as a whole raises FileFormatError before anything
        is written."""
        if self.inventory and self.actor.organisation_id is None:
            raise FileFormatError("an inventory is imported for an organisation: name it")
        report = ImportReport()
        seen: dict[str, int] = {}
        with self.sessions() as s:
            self.namespace = prefixes.organisation_prefix(s, self.actor.organisation_id)
            # an importer of no organisation (the operator) adds no record to an organisation's namespace
            self.foreign = set() if self.namespace else set(s.scalars(select(Organisation.id_prefix)))
        workdir = self._staging_dir()
        if workdir is None:
            self._run_batches(path, report, seen, progress)
        else:
            try:
                self._run_staged(path, workdir, report, seen, progress)
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
        if progress:
            progress(report.processed)
        if report.inserted + report.updated >= ANALYZE_AFTER:
            self._refresh_statistics()
        return report

    def _run_batches(
        self, path: Path, report: ImportReport, seen: dict[str, int], progress: Callable[[int], None] | None
    ) -> None:
        batch: list[Prepared] = []
        for line, rid, outcome in self._prepared(path):
            item = self._accept(line, rid, outcome, seen, report)
            if item:
                batch.append(item)
            if len(batch) >= BATCH:
                self._write(batch, report)
                batch = []
            if progress:
                progress(report.processed + len(batch))
        if batch:
            self._write(batch, report)

    def _run_staged(
        self,
        path: Path,
        workdir: Path,
        report: ImportReport,
        seen: dict[str, int],
        progress: Callable[[int], None] | None,
    ) -> None:
        """Workers describe a batch each into a staging file; this process copies it in."""
        items, recipe = self._items(path)
        args = ((chunk, recipe, workdir / f"{n}.db") for n, chunk in enumerate(_chunks(items, BATCH)))
        engine: Engine = self.sessions.kw["bind"]
        with engine.connect() as conn:
            for (*_, stage), outcomes in self._in_order(stage_chunk, args):
                staged = sum(isinstance(o, Prepared) for _, _, o in outcomes)
                accepted = [p for line, rid, o in outcomes if (p := self._accept(line, rid, o, seen, report))]
                self._write_staged(conn, stage, staged, accepted, report)
                stage.unlink()
                if progress:
                    progress(report.processed)

    def _staging_dir(self) -> Path | None:
        """A new folder beside the SQLite database for staging files, or None when records are
        passed as objects (no workers, or PostgreSQL, which takes them with COPY)."""
        engine: Engine = self.sessions.kw["bind"]
        database = engine.url.database
        if self.workers < 1 or not _can_fork() or engine.dialect.name != "sqlite":
            return None
        if not database or database == ":memory:" or database.startswith("file:"):
            return None
        folder = Path(database).resolve().parent
        _remove_abandoned_staging(folder)
        return Path(tempfile.mkdtemp(prefix=f".import-{os.getpid()}-", dir=folder))

    def _write_staged(
        self, conn: Connection, stage: Path, staged: int, accepted: list[Prepared], report: ImportReport
    ) -> None:
        driver = conn.connection.driver_connection
        staging.attach(driver, stage)
        try:
            rest = self._copy_new(conn, staged, accepted, report)
            loaded = staging.load(driver, [p.line for p in rest])
        finally:
            staging.detach(driver)
        if rest:
            self._write([_filled(p, loaded[p.line]) for p in rest], report)

    def _copy_new(
        self, conn: Connection, staged: int, accepted: list[Prepared], report: ImportReport
    ) -> list[Prepared]:
        """Copy the staged records that are new and bring no photos, in one transaction; return the
        others (all of them if the copy failed, so that each is then written, or rejected, alone)."""
        if not accepted:
            return []
        with writing(), self.sessions(bind=conn) as s:
            existing = self._existing(s, [p.id for p in accepted])
            new = [p for p in accepted if p.id not in existing and not p.images and not self._foreign(p.id)]
            if not new:
                return accepted
            lines = None if len(new) == staged else [p.line for p in new]
            try:
                staging.copy_new(s, lines, self.actor.organisation_id, self.actor.name, utcnow())
                self._audit(s, new, [])
                s.commit()
            except Exception:  # noqa: BLE001 - the records are written one by one instead
                s.rollback()
                return accepted
        report.inserted += len(new)
        report.flagged += sum(p.flagged for p in new)
        return [p for p in accepted if p.id in existing or p.images or self._foreign(p.id)]

    def _refresh_statistics(self) -> None:
        """After a bulk load, PostgreSQL's planner statistics and visibility map are stale until
        autovacuum comes round: lists and searches right after a 100,000-record import were measured
        at p95 116 ms instead of under 50. Vacuum and analyse the written tables at once."""
        engine = self.sessions.kw["bind"]
        if engine.dialect.name != "postgresql":
            return
        tables = ", ".join(
            m.__tablename__ for m in (CulturalObject, ObjectMaterial, Incident, StatusChange, Identifier)
        )
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"VACUUM (ANALYZE) {tables}, audit_entry")

    def _items(self, path: Path) -> tuple[Iterator[tuple[int, Any]], Recipe]:
        """The file's rows, and how workers make records of them: JSON Lines are left for the
        workers to decode; a profile's columns are checked against the file first."""
        recipe = Recipe(
            path.parent,
            self.today,
            profile=self.profile,
            inventory=self.inventory,
            holder=self.actor.organisation_id is not None,
            image_roots=self.image_roots,
            namespace=self.namespace,
        )
        if path.suffix.lower() in XML_SUFFIXES:
            if self.profile is not None:
                raise FileFormatError(f"{path.name}: LIDO is read as LIDO: a profile maps tables only")
            return read_records(path), recipe
        fmt = file_format(path, self.profile)
        if self.profile is None:
            if fmt == "jsonl":
                return jsonl_lines(path), replace(recipe, raw=True)
            return read_records(path), recipe
        table = open_table(path, self.profile)
        missing = self.profile.missing_columns(table.headers)
        if missing and fmt != "jsonl":  # a JSON record may leave a key out; a table has every column
            raise FileFormatError(
                f"{path.name}: the profile names columns the file lacks: {', '.join(missing)}"
            )
        if fmt == "jsonl":
            return jsonl_lines(path, self.profile.encoding), replace(recipe, raw=True)
        return table.rows, recipe

    def _prepared(self, path: Path) -> Iterator[tuple[int, object, Prepared | str]]:
        """Each record validated and described, in file order: by worker processes when asked for.

        Describing a record costs about as much as writing it, so with ``workers`` > 0 the
        description of the next records runs in other processes while this one writes."""
        items, recipe = self._items(path)
        if self.workers < 1 or not _can_fork():
            for chunk in _chunks(items, CHUNK):
                yield from prepare_chunk((chunk, recipe))
            return
        args = ((chunk, recipe) for chunk in _chunks(items, CHUNK))
        for _, out in self._in_order(prepare_chunk, args):
            yield from out

    def _in_order(self, func: Callable[[Any], list], args: Iterator[tuple]) -> Iterator[tuple[tuple, list]]:
        """(arguments, func(arguments)) for each of ``args``, computed by worker processes, in order.

        Pool.imap would read the whole file ahead of the writer: only a few chunks are in flight,
        so that memory stays flat on large files."""
        pending: deque = deque()
        with multiprocessing.get_context("fork").Pool(self.workers) as pool:
            for a in args:
                pending.append((a, pool.apply_async(func, (a,))))
                if len(pending) >= 3 * self.workers:
                    a, result = pending.popleft()
                    yield a, result.get()
            while pending:
                a, result = pending.popleft()
                yield a, result.get()

    def _accept(
        self, line: int, rid: object, outcome: Prepared | str, seen: dict[str, int], report: ImportReport
    ) -> Prepared | None:
        key = outcome.id if isinstance(outcome, Prepared) else str(rid)
        if rid is not None and key in seen:
            outcome = f"duplicate id '{key}' (first seen on line {seen[key]})"
        elif isinstance(outcome, Prepared) and outcome.columns.get("classification") == "public":
            if not may_publish(self.actor):
                outcome = f"classification: {NOT_PUBLISHABLE}"
        if isinstance(outcome, str):
            report.rejected.append(Rejected(line, key if rid is not None else None, outcome))
            return None
        seen[outcome.id] = line
        return outcome

    def _write(self, batch: list[Prepared], report: ImportReport) -> None:
        ready = []
        for item in batch:
            try:
                self._store_images(item)
                ready.append(item)
            except ImageRejected as exc:
                report.rejected.append(Rejected(item.line, item.id, f"images: {exc.reason}"))
        try:
            self._write_batch(ready, report)
        except Exception:  # noqa: BLE001 - isolate the record that breaks the batch, keep the rest
            for item in ready:
                try:
                    self._write_batch([item], report)
                except Exception as exc:  # noqa: BLE001
                    report.rejected.append(Rejected(item.line, item.id, f"not stored: {exc}"))

    def _store_images(self, item: Prepared) -> None:
        for sha, path in item.images:
            if not self.images.path(sha, "thumb").exists():
                self.images.put(path.read_bytes())

    def _write_batch(self, batch: list[Prepared], report: ImportReport) -> None:
        counts = ImportReport()
        new_image_ids: list[int] = []
        with writing(), self.sessions() as s:
            existing = self._existing(s, [p.id for p in batch])
            batch = self._may_change(batch, existing, report)
            inserts = [p for p in batch if p.id not in existing]
            changed = [p for p in batch if p.id in existing and existing[p.id][1] != p.digest]
            counts.unchanged = len(batch) - len(inserts) - len(changed)
            ids = self._insert(s, inserts)
            self._update(s, changed, existing, ids)
            new_image_ids = self._insert_children(s, inserts + changed, ids)
            self._audit(s, inserts, changed)
            s.commit()
        counts.inserted, counts.updated = len(inserts), len(changed)
        report.flagged += sum(p.flagged for p in inserts + changed)
        report.inserted += counts.inserted
        report.updated += counts.updated
        report.unchanged += counts.unchanged
        if new_image_ids and self.on_images_added:
            self.on_images_added(new_image_ids)

    def _may_change(self, batch: list[Prepared], existing: dict, report: ImportReport) -> list[Prepared]:
        """The records of the batch this import may write: an existing record only when the actor
        may change it, and never moved between an inventory and the register (see inventory.py).

        An organisation's ids are inside its namespace, where every record is its own, so only an
        importer of no organisation (the operator, who reads every record but inventories) meets
        records of others: it may change those of the register, not an organisation's inventory,
        and adds none to an organisation's namespace."""
        kept = []
        for p in batch:
            reason = None
            if p.id in existing:
                _, _, status, classification, organisation_id = existing[p.id]
                if not can_write(self.actor, organisation_id) or (
                    classification == INVENTORY and organisation_id != self.actor.organisation_id
                ):
                    reason = "the id names a record of another organisation, which this import may not change"
                elif (classification == INVENTORY) != (p.columns["classification"] == INVENTORY):
                    reason = "an inventory record and a register record cannot share an id (report it stolen)"
            elif self._foreign(p.id):
                reason = "the id is in an organisation's namespace: import it for that organisation"
            if reason:
                report.rejected.append(Rejected(p.line, p.id, reason))
                continue
            kept.append(p)
        return kept

    def _foreign(self, external_id: str) -> bool:
        return prefixes.namespace(external_id) in self.foreign

    @staticmethod
    def _existing(s: Session, ids: list[str]) -> dict[str, tuple[int, str, str, str, int | None]]:
        """id -> (primary key, fingerprint, status, classification, organisation) of stored records."""
        rows = s.execute(
            select(
                CulturalObject.external_id,
                CulturalObject.id,
                CulturalObject.content_hash,
                CulturalObject.status,
                CulturalObject.classification,
                CulturalObject.organisation_id,
            ).where(CulturalObject.external_id.in_(ids))
        )
        return {r[0]: tuple(r[1:]) for r in rows}

    def _insert(self, s: Session, items: list[Prepared]) -> dict[str, int]:
        if not items:
            return {}
        now = utcnow()
        rows = [
            {
                **p.columns,
                "external_id": p.id,
                "content_hash": p.digest,
                "organisation_id": self.actor.organisation_id,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
            for p in items
        ]
        # plain executemany, then one query for the new ids: far faster than RETURNING row by row
        insert_rows(s, CulturalObject.__table__, rows)
        ids = dict(
            s.execute(
                select(CulturalObject.external_id, CulturalObject.id).where(
                    CulturalObject.external_id.in_([p.id for p in items])
                )
            ).all()
        )
        fulltext.index_new_objects(s, list(ids.values()))
        insert_rows(
            s,
            StatusChange.__table__,
            [
                {
                    "object_id": ids[p.id],
                    "status": p.status,
                    "changed_by": self.actor.name,
                    "reason": "imported",
                    "changed_at": now,
                    "previous_status": None,
                }
                for p in items
            ],
        )
        return ids

    def _update(self, s: Session, items: list[Prepared], existing: dict, ids: dict[str, int]) -> None:
        if not items:
            return
        now = utcnow()
        for p in items:
            ids[p.id] = existing[p.id][0]
        s.execute(
            update(CulturalObject),
            [{**p.columns, "id": ids[p.id], "content_hash": p.digest, "updated_at": now} for p in items],
        )
        object_ids = [ids[p.id] for p in items]
        for child in (ObjectMaterial, Incident, Identifier):
            s.execute(delete(child).where(child.object_id.in_(object_ids)))
        moved = [p for p in items if existing[p.id][2] != p.status]
        if moved:
            s.execute(
                StatusChange.__table__.insert(),
                [
                    {
                        "object_id": ids[p.id],
                        "status": p.status,
                        "changed_at": now,
                        "previous_status": existing[p.id][2],
                        "changed_by": self.actor.name,
                        "reason": "changed by import",
                    }
                    for p in moved
                ],
            )

    def _insert_children(self, s: Session, items: list[Prepared], ids: dict[str, int]) -> list[int]:
        materials = [{"object_id": ids[p.id], "concept_id": c} for p in items for c in p.materials]
        incidents = [
            {**INCIDENT_DEFAULTS, **row, "object_id": ids[p.id]} for p in items for row in p.incidents
        ]
        idents = [
            {"object_id": ids[p.id], "scheme": scheme, "value": value}
            for p in items
            for scheme, value in p.identifiers
        ]
        for model, rows in ((ObjectMaterial, materials), (Incident, incidents), (Identifier, idents)):
            insert_rows(s, model.__table__, rows)
        return self._sync_images(s, items, ids)

    def _sync_images(self, s: Session, items: list[Prepared], ids: dict[str, int]) -> list[int]:
        with_images = [p for p in items if p.images]
        oids = [ids[p.id] for p in items]
        current = {}
        for oid, sha in s.execute(
            select(ObjectImage.object_id, ObjectImage.sha256).where(ObjectImage.object_id.in_(oids))
        ):
            current.setdefault(oid, set()).add(sha)
        wanted = {ids[p.id]: [sha for sha, _ in p.images] for p in items}
        for oid, shas in current.items():
            gone = shas - set(wanted.get(oid, []))
            if gone:
                s.execute(
                    delete(ObjectImage).where(ObjectImage.object_id == oid, ObjectImage.sha256.in_(gone))
                )
        added = []
        for p in with_images:
            oid = ids[p.id]
            for pos, (sha, path) in enumerate(p.images):
                if sha in current.get(oid, set()):
                    continue
                stored = self.images.describe_stored(sha, path)
                img = ObjectImage(
                    object_id=oid,
                    sha256=sha,
                    mime=stored.mime,
                    width=stored.width,
                    height=stored.height,
                    size_bytes=stored.size_bytes,
                    original_name=path.name,
                    position=pos,
                    publishable=True,
                )
                s.add(img)
                added.append(img)
        s.flush()
        return [img.id for img in added]

    def _audit(self, s: Session, inserts: list[Prepared], changed: list[Prepared]) -> None:
        log = AuditLog(s)
        log.record_many(self.actor, "import", "object", [(p.id, {"content_hash": p.digest}) for p in inserts])
        log.record_many(
            self.actor, "import_update", "object", [(p.id, {"content_hash": p.digest}) for p in changed]
        )

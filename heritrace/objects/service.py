"""Use cases of the register: create, read, update, change status, list, attach photos."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Select,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, defer, noload, raiseload, selectinload, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from heritrace.access.policy import NOT_PUBLISHABLE, can_write, may_publish, restrict
from heritrace.audit.service import AuditLog
from heritrace.core.actor import Actor
from heritrace.core.errors import Conflict, Forbidden, NotFound, StorageUnavailable, ValidationFailed
from heritrace.core.i18n import N_, _
from heritrace.core.text import fold
from heritrace.db import fulltext
from heritrace.db.base import utcnow
from heritrace.db.engine import writing
from heritrace.images.decode import ImageRejected
from heritrace.images.store import ImageStore, StoredImage
from heritrace.objects.choices import display
from heritrace.objects.describe import Described, content_hash, describe, flag_text, missing_essentials
from heritrace.objects.models import (
    INVENTORY,
    NEED_TO_KNOW_COLUMNS,
    STATUSES,
    CulturalObject,
    Identifier,
    Incident,
    ObjectImage,
    ObjectMaterial,
    ObjectShare,
    StatusChange,
)
from heritrace.objects.reads import AUDITED_READS, record_reads  # reading these is audited
from heritrace.objects.schemas import ObjectIn, ObjectUpdate, StatusChangeIn
from heritrace.partners import prefixes
from heritrace.partners.models import Organisation
from heritrace.vocab import get_vocabulary

COUNT_CAP = 1000


@dataclass(frozen=True)
class ObjectFilters:
    type: str | None = None
    country: str | None = None
    status: str | None = None
    period_from: int | None = None
    period_to: int | None = None
    material: str | None = None
    maker: str | None = None
    q: str | None = None
    inventory: bool = False  # the actor's inventory instead of the register


def may_write(actor: Actor) -> bool:
    """Whether the actor may register objects at all (editing one also needs ``can_write``)."""
    if not actor.may("write"):
        return False
    if actor.has_role("platform_admin"):
        return True
    return bool({"registrar", "org_admin"} & actor.roles) and actor.organisation_id is not None


class ObjectService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        images: ImageStore,
        on_images_added: Callable[[list[int]], None] | None = None,
        on_status: Callable[[str, str], None] | None = None,
    ):
        self.sessions = sessions
        self.images = images
        self.on_images_added = on_images_added
        # told (external id, status) after a record is registered or changes status: alerts follow
        self.on_status = on_status

    # -- reads -------------------------------------------------------------------------------------

    def get(self, actor: Actor, external_id: str) -> CulturalObject:
        """One record the actor may read; reading a law-enforcement or restricted record is audited."""
        with self.sessions() as s:
            # one statement for the row (without its search text), one for all its lists
            obj = self._visible(s, actor, external_id, options=_READ_ONLY)
            with _storage_guard():
                _load_lists(s, obj)
        if obj.classification in AUDITED_READS:
            # the entry is written in its own short transaction that takes the write lock first
            # (SQLite): a read that turned into a write would be refused whenever another writer is
            # busy (docs/concurrency.md). The record is returned only once its read is recorded.
            with writing(), self.sessions() as s, _storage_guard():
                AuditLog(s).record(
                    actor, "read", "object", obj.external_id, after={"classification": obj.classification}
                )
                s.commit()
        return obj

    def list(
        self, actor: Actor, filters: ObjectFilters, page: int = 1, per_page: int = 50
    ) -> tuple[list[CulturalObject], int, bool]:
        """One page of the records the actor may read, newest registrations first, and the total
        (exact up to COUNT_CAP; beyond it ``exact`` is False and the total is a lower bound)."""
        dialect = self.sessions.kw["bind"].dialect.name
        with self.sessions() as s, _storage_guard():
            walk = (
                dialect == "sqlite" and filters.material is not None and _common_material(s, filters.material)
            )
            ids, order = id_query(
                restrict(select(CulturalObject.id), actor, CulturalObject), filters, dialect, walk
            )
            counted = s.scalar(select(func.count()).select_from(ids.limit(COUNT_CAP + 1).subquery()))
            # ids first (index-only where possible), then only this page's rows: wide rows are never sorted
            page_ids = s.scalars(ids.order_by(order).limit(per_page).offset((page - 1) * per_page)).all()
            rows = s.scalars(
                select(CulturalObject)
                .where(CulturalObject.id.in_(page_ids))
                .options(selectinload(CulturalObject.images), raiseload("*"))
            ).all()
        by_id = {row.id: row for row in rows}
        exact = counted <= COUNT_CAP
        found = [by_id[i] for i in page_ids if i in by_id]
        with _storage_guard():
            record_reads(self.sessions, actor, [(o.external_id, o.classification) for o in found], "list")
        return found, min(counted, COUNT_CAP), exact

    def check_image_readable(self, actor: Actor, sha256: str) -> None:
        """A photo file is served only if the actor may read an object that has it."""
        with self.sessions() as s, _storage_guard():
            if s.scalar(_image_visible_query(actor, sha256)) is None:
                raise NotFound(_("no such image"))

    def _visible(
        self, s: Session, actor: Actor, external_id: str, lock: bool = False, options: tuple = ()
    ) -> CulturalObject:
        """The record ``external_id`` names among those the actor reads; failing that, the
        shorthand: the organisation's own record with the id prefixed by its namespace (``A-1`` for
        ``NMU-A-1``). Only readable records are ever looked at, so the answer reveals nothing."""
        with _storage_guard():
            obj = readable_record(s, actor, external_id, lock, options)
        if obj is None:
            # the same answer whether it does not exist or may not be seen: ids are not probes
            raise NotFound(_("no object '%(id)s'", id=external_id))
        return obj

    # -- writes ------------------------------------------------------------------------------------

    def create(
        self, actor: Actor, data: ObjectIn, photos: list[tuple[bytes, str | None]] = ()
    ) -> CulturalObject:
        """Register an object, with its photos: all of it is stored, or nothing."""
        _require_writer(actor)
        described = describe(data)
        described.errors = {**missing_essentials(data, len(photos)), **described.errors}
        _checked(described)
        _check_publishable(actor, described.columns["classification"])
        stored = [(self._store_photo(raw), safe_name(name)) for raw, name in photos]
        with writing(), self.sessions() as s, _storage_guard():
            external_id = _new_id(s, actor, data.id)
            _check_shares(s, data.shared_with)
            if s.scalar(select(exists().where(CulturalObject.external_id == external_id))):
                raise Conflict(_("an object with id '%(id)s' already exists", id=external_id))
            obj = CulturalObject(
                external_id=external_id,
                organisation_id=actor.organisation_id,
                content_hash=content_hash(data, described, [st.sha256 for st, _ in stored]),
            )
            fill(obj, described, data)
            obj.images = [_image_row(st, name, pos) for pos, (st, name) in enumerate(stored)]
            obj.status_history.append(
                StatusChange(status=data.status, changed_by=actor.name, reason="registered")
            )
            s.add(obj)
            s.flush()
            fulltext.index_new_objects(s, [obj.id])
            AuditLog(s).record(actor, "create", "object", external_id, after=snapshot(obj))
            s.commit()
        if obj.images and self.on_images_added:
            self.on_images_added([img.id for img in obj.images])
        if self.on_status:
            self.on_status(external_id, obj.status)
        return obj

    def problems(self, data: ObjectIn, photos: int) -> dict[str, str]:
        """Every field error a new record would get, at once (the form shows them all together)."""
        return {**missing_essentials(data, photos), **describe(data).errors}

    def update(self, actor: Actor, external_id: str, data: ObjectUpdate) -> CulturalObject:
        _require_writer(actor)
        described = _checked(describe(data))
        with writing(), self.sessions() as s, _storage_guard():
            obj = self._writable(s, actor, external_id)
            _checked(Described({}, [], [], errors=missing_essentials(data, len(obj.images))))
            _check_publishable(actor, described.columns["classification"])
            if obj.version != data.version:
                raise Conflict(
                    _(
                        "the record was changed by someone else (version %(current)s, you edited version "
                        "%(edited)s); reload it and apply your changes again",
                        current=obj.version,
                        edited=data.version,
                    )
                )
            _check_shares(s, data.shared_with)
            _check_stays_in_place(obj, described)
            before = snapshot(obj)
            kept = [
                f for f in flag_entries(obj) if f["field"] == "status" or f["field"].startswith("incident.")
            ]
            fill(obj, described, data, keep_incidents=True)
            obj.flags = (
                json.dumps(kept + described.flags, ensure_ascii=False) if kept or described.flags else None
            )
            obj.version += 1
            obj.updated_at = utcnow()
            s.flush()
            AuditLog(s).record(actor, "update", "object", obj.external_id, before=before, after=snapshot(obj))
            s.commit()
            return obj

    def change_status(self, actor: Actor, external_id: str, change: StatusChangeIn) -> CulturalObject:
        _require_writer(actor)
        if change.status not in STATUSES:
            raise ValidationFailed(
                {
                    "status": _(
                        "'%(value)s' is not one of: %(choices)s",
                        value=change.status,
                        choices=", ".join(STATUSES),
                    )
                }
            )
        with writing(), self.sessions() as s, _storage_guard():
            obj = self._writable(s, actor, external_id)
            if obj.classification == INVENTORY or change.status == "held":
                message = _("an inventory record is held until it is reported stolen from the inventory")
                raise ValidationFailed({"status": message})
            if obj.status == change.status:
                raise ValidationFailed(
                    {"status": _("the object is already '%(status)s'", status=display(change.status))}
                )
            obj.status_history.append(
                StatusChange(
                    status=change.status,
                    previous_status=obj.status,
                    changed_by=actor.name,
                    reason=change.reason,
                )
            )
            before = {"status": obj.status}
            obj.status, obj.version, obj.updated_at = change.status, obj.version + 1, utcnow()
            AuditLog(s).record(
                actor,
                "status",
                "object",
                obj.external_id,
                before=before,
                after={"status": change.status, "reason": change.reason},
            )
            s.commit()
        if self.on_status:
            self.on_status(obj.external_id, change.status)
        return obj

    def add_image(
        self, actor: Actor, external_id: str, data: bytes, filename: str | None, publishable: bool = True
    ) -> ObjectImage:
        _require_writer(actor)
        stored = self._store_photo(data)
        with writing(), self.sessions() as s, _storage_guard():
            obj = self._writable(s, actor, external_id)
            if any(img.sha256 == stored.sha256 for img in obj.images):
                raise Conflict(_("this photo is already attached to the object"))
            image = _image_row(stored, safe_name(filename), len(obj.images), publishable)
            obj.images.append(image)
            obj.updated_at = utcnow()
            s.flush()
            AuditLog(s).record(
                actor,
                "add_image",
                "object",
                obj.external_id,
                after={"sha256": stored.sha256, "name": image.original_name},
            )
            s.commit()
        if self.on_images_added:
            self.on_images_added([image.id])
        return image

    def _store_photo(self, data: bytes) -> StoredImage:
        try:
            return self.images.put(data)
        except ImageRejected as exc:
            raise ValidationFailed({"file": exc.reason}, _("photo rejected")) from exc

    def _writable(self, s: Session, actor: Actor, external_id: str) -> CulturalObject:
        obj = self._visible(s, actor, external_id, lock=True)
        if not can_write(actor, obj.organisation_id):
            raise Forbidden(_(ONLY_ITS_ORGANISATION))
        return obj


ONLY_ITS_ORGANISATION = N_("only the organisation that registered the object can change it")


def _check_stays_in_place(obj: CulturalObject, described: Described) -> None:
    """An edit neither moves an inventory record onto the register nor back (see report_stolen)."""
    if (obj.classification == INVENTORY) != (described.columns["classification"] == INVENTORY):
        message = _("an inventory record reaches the register by being reported stolen, not by an edit")
        raise ValidationFailed({"classification": message})


def _image_row(stored: StoredImage, name: str | None, position: int, publishable: bool = True) -> ObjectImage:
    return ObjectImage(
        sha256=stored.sha256,
        mime=stored.mime,
        width=stored.width,
        height=stored.height,
        size_bytes=stored.size_bytes,
        original_name=name,
        publishable=publishable,
        position=position,
    )


def readable_record(
    s: Session, actor: Actor, external_id: str, lock: bool = False, options: tuple = ()
) -> CulturalObject | None:
    """The record ``external_id`` names among those the actor reads, else the actor's own record under
    the shorthand (``A-1`` for ``NMU-A-1``); None when neither is readable."""
    obj = _readable(s, actor, external_id, lock, options)
    if obj is None:
        prefix = prefixes.organisation_prefix(s, actor.organisation_id)
        for shorthand in prefixes.spellings(external_id, prefix)[1:]:
            obj = obj or _readable(s, actor, shorthand, lock, options)
    return obj


def _readable(
    s: Session, actor: Actor, external_id: str, lock: bool, options: tuple = ()
) -> CulturalObject | None:
    query = restrict(
        select(CulturalObject).where(CulturalObject.external_id == external_id).options(*options),
        actor,
        CulturalObject,
    )
    if lock:
        # PostgreSQL: the row stays locked until this transaction ends, so a concurrent edit of
        # the same version waits, then reads the new version and is refused (409); SQLite
        # ignores it (the writer already holds the database's write lock, see writing())
        query = query.with_for_update(of=CulturalObject)
    return s.scalars(query).first()


def _new_id(s: Session, actor: Actor, chosen: str | None) -> str:
    """The id a new record is stored under: the chosen one inside the actor's organisation's
    namespace, or a generated ``HT-`` id (partners.prefixes)."""
    if not chosen:
        return f"{prefixes.GENERATED}-{uuid.uuid4().hex[:12].upper()}"
    try:
        return prefixes.chosen_id(s, actor.organisation_id, chosen)
    except ValueError as exc:
        raise ValidationFailed({"id": str(exc)}) from None


def _require_writer(actor: Actor) -> None:
    if not may_write(actor):
        raise Forbidden(_("you may not change the register"))


def _check_publishable(actor: Actor, classification: str | None) -> None:
    if classification == "public" and not may_publish(actor):
        raise ValidationFailed({"classification": _(NOT_PUBLISHABLE)})


def _checked(described: Described) -> Described:
    if described.errors:
        raise ValidationFailed(described.errors)
    return described


def fill(obj: CulturalObject, described: Described, data, keep_incidents: bool = False) -> None:  # noqa: ANN001
    """Copy described values onto a record (children replaced, so the record matches the input)."""
    for key, value in described.columns.items():
        setattr(obj, key, value)
    obj.materials = [ObjectMaterial(concept_id=c) for c in described.materials]
    for key in NEED_TO_KNOW_COLUMNS:
        setattr(obj, key, getattr(data, key, None))
    obj.shares = [ObjectShare(organisation_id=o) for o in sorted(set(getattr(data, "shared_with", [])))]
    if not keep_incidents:
        obj.incidents = [Incident(**row) for row in described.incidents]
        obj.identifiers = [Identifier(scheme=i.scheme, value=i.value) for i in data.identifiers]


# a record's lists: the relationship, its model, and the order its relationship loads them in
_LISTS = {
    "materials": (ObjectMaterial, ("concept_id",)),
    "incidents": (Incident, ("id",)),
    "identifiers": (Identifier, ("id",)),
    "images": (ObjectImage, ("position", "id")),
    "status_history": (StatusChange, ("id",)),
    "shares": (ObjectShare, ("organisation_id",)),
}
# a record read to be shown: its lists come from _load_lists, its search text is never shown
_READ_ONLY = (defer(CulturalObject.search_text), *(noload(getattr(CulturalObject, name)) for name in _LISTS))


def _load_lists(s: Session, obj: CulturalObject) -> None:
    """All the lists of one record in one statement (UNION ALL of each list's rows as JSON) instead of
    one statement per list: a record's page made seven round trips to the database, now two."""
    json_row = func.json_object if s.get_bind().dialect.name == "sqlite" else func.json_build_object
    parts = []
    for kind, (model, _order) in enumerate(_LISTS.values()):
        pairs = [
            x for a in sa_inspect(model).column_attrs for x in (literal_column(f"'{a.key}'"), a.columns[0])
        ]
        parts.append(
            select(literal_column(str(kind)).label("kind"), json_row(*pairs).label("row")).where(
                model.__table__.c.object_id == obj.id
            )
        )
    found: dict[int, list[dict]] = {}
    for kind, row in s.execute(union_all(*parts)).all():
        found.setdefault(kind, []).append(row if isinstance(row, dict) else json.loads(row))
    for kind, (name, (model, order)) in enumerate(_LISTS.items()):
        rows = sorted(found.get(kind, []), key=lambda r: tuple(r[k] for k in order))
        set_committed_value(obj, name, [model(**_typed(model, r)) for r in rows])


def _typed(model: type, row: dict) -> dict:
    """JSON values as the ORM reads them: timestamps as datetimes, SQLite's 0/1 as booleans."""
    for a in sa_inspect(model).column_attrs:
        value, kind = row.get(a.key), a.columns[0].type
        if value is None:
            continue
        if isinstance(kind, DateTime):
            row[a.key] = datetime.fromisoformat(value)
        elif isinstance(kind, Boolean):
            row[a.key] = bool(value)
    return row


def snapshot(obj: CulturalObject) -> dict:
    """The record's values for the audit log's before/after."""
    cols = {
        c.key: getattr(obj, c.key)
        for c in CulturalObject.__table__.columns
        if c.key not in ("search_text", "content_hash")
    }
    cols["materials"] = [m.concept_id for m in obj.materials]
    cols["shared_with"] = [sh.organisation_id for sh in obj.shares]
    return cols


def _check_shares(s: Session, organisation_ids: list[int]) -> None:
    if not organisation_ids:
        return
    known = set(s.scalars(select(Organisation.id).where(Organisation.id.in_(set(organisation_ids)))))
    unknown = sorted(set(organisation_ids) - known)
    if unknown:
        raise ValidationFailed(
            {"shared_with": _("no organisation with id %(ids)s", ids=", ".join(map(str, unknown)))}
        )


def safe_name(filename: str | None) -> str | None:
    """Keep only the base name of an uploaded file: a name is a label, never a path."""
    if not filename:
        return None
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in base if c.isprintable() and c not in '<>:"|?*')[:200]
    return cleaned or None


def id_query(query: Select, f: ObjectFilters, dialect: str, walk_materials: bool = False):  # noqa: ANN201
    """The filtered id query and its ordering (newest first). On SQLite, full text drives the
    query from the FTS5 index in rowid order, so a common word stops after one page."""
    query = apply_filters(query, f, walk_materials)
    if not (f.q and fold(f.q)):
        return query, CulturalObject.id.desc()
    if dialect == "sqlite":
        fts = table("object_fts", column("rowid"))
        query = query.join(fts, fts.c.rowid == CulturalObject.id).where(
            text("object_fts MATCH :m").bindparams(m=fts_match(f.q))
        )
        return query, fts.c.rowid.desc()
    # PostgreSQL: the stored search_vector (revision 0008) has word statistics, so the planner walks
    # the newest records for a common word and takes the GIN index for a rare one
    return query.where(_tsvector_match(f.q)), CulturalObject.id.desc()


def apply_filters(query: Select, f: ObjectFilters, walk_materials: bool = False) -> Select:
    """The attribute filters (everything but the full text, which ``id_query`` adds per store).
    ``walk_materials``: test the material per record (EXISTS) instead of collecting the records of
    the material first (IN), which is faster when the material is common (see ``_common_material``)."""
    if f.inventory:
        query = query.where(CulturalObject.classification == INVENTORY)
    else:
        query = query.where(CulturalObject.classification != INVENTORY)
    if f.type:
        query = query.where(_type_clause(f.type))
    if f.country:
        query = query.where(CulturalObject.country == f.country.upper())
    if f.status:
        query = query.where(CulturalObject.status == f.status)
    if f.period_from is not None:
        query = query.where(CulturalObject.date_latest >= f.period_from)
    if f.period_to is not None:
        query = query.where(CulturalObject.date_earliest <= f.period_to)
    if f.material:
        query = query.where(_material_clause(f.material, walk_materials))
    if f.maker:
        query = query.where(CulturalObject.maker_key.like(f"%{_like_escape(fold(f.maker))}%", escape="\\"))
    return query


def _concepts_under(term: str, scheme: str) -> set[str] | None:
    vocab = get_vocabulary()
    concept = vocab.get(term) or vocab.lookup(term, scheme)
    return vocab.descendants(concept.id) if concept else None


def _type_clause(term: str):  # noqa: ANN202
    ids = _concepts_under(term, "object_type")
    if ids is None:
        return CulturalObject.type_text.ilike(f"%{_like_escape(term)}%", escape="\\")
    return CulturalObject.type_concept.in_(sorted(ids))


def _material_clause(term: str, walk: bool = False):  # noqa: ANN202
    ids = _concepts_under(term, "material")
    if ids is None:
        return CulturalObject.materials_techniques.ilike(f"%{_like_escape(term)}%", escape="\\")
    concept = ObjectMaterial.concept_id.in_(sorted(ids))
    if walk:
        return exists().where(ObjectMaterial.object_id == CulturalObject.id, concept)
    return CulturalObject.id.in_(select(ObjectMaterial.object_id).where(concept))


COMMON_MATERIAL_ROWS = 5000


def _common_material(s: Session, term: str) -> bool:
    """SQLite plans a material filter one way whatever its frequency. Collecting the records of a
    material first (IN) costs in proportion to how many there are; walking the register newest-first
    and testing each record (EXISTS) costs in proportion to how rare the material is. Measured at
    100,000 records: oil paint (17,500 records) 44 ms IN against 17 ms EXISTS, alabaster (12 records)
    0.1 ms against 130 ms. A count capped at COMMON_MATERIAL_ROWS (at most a few ms) decides."""
    ids = _concepts_under(term, "material")
    if not ids:
        return False
    capped = select(ObjectMaterial.object_id).where(ObjectMaterial.concept_id.in_(sorted(ids)))
    found = s.scalar(select(func.count()).select_from(capped.limit(COMMON_MATERIAL_ROWS).subquery()))
    return (found or 0) >= COMMON_MATERIAL_ROWS


def fts_match(q: str) -> str:
    """An FTS5 query: all words must occur; the last one may be a prefix (search-as-you-type)."""
    terms = fold(q).split()[:12]
    return (" ".join(f'"{t}"' for t in terms[:-1]) + f' "{terms[-1]}"*').strip()


def _tsvector_match(q: str):  # noqa: ANN202
    """PostgreSQL: all words must occur; the last one may be a prefix."""
    terms = fold(q).split()[:12]
    tsq = " & ".join([*terms[:-1], f"{terms[-1]}:*"])
    return text("cultural_object.search_vector @@ to_tsquery('simple', :tsq)").bindparams(tsq=_ts_escape(tsq))


def _ts_escape(tsq: str) -> str:
    return "".join(c for c in tsq if c.isalnum() or c in " &:*_")


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class _storage_guard:
    """Turns a locked or vanished database into a clear 503 instead of a stack trace."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, exc, tb) -> bool:  # noqa: ANN001
        if isinstance(exc, OperationalError):
            detail = str(exc.orig).splitlines()[0]
            raise StorageUnavailable(_("the database is unavailable: %(detail)s", detail=detail)) from exc
        return False


def flag_entries(obj: CulturalObject) -> list[dict]:
    """The record's flags as {"field", "message", "text"} (flags stored before fields were named
    have the field "record")."""
    entries = json.loads(obj.flags) if obj.flags else []
    return [e if isinstance(e, dict) else {"field": "record", "message": e} for e in entries]


def flags_of(obj: CulturalObject) -> list[str]:
    """The record's flags in the reader's language."""
    return [flag_text(e) for e in flag_entries(obj)]


def _image_visible_query(actor: Actor, sha256: str) -> Select:
    query = select(ObjectImage.id).join(CulturalObject, CulturalObject.id == ObjectImage.object_id)
    query = restrict(query.where(ObjectImage.sha256 == sha256), actor, CulturalObject)
    if actor.is_anonymous:
        query = query.where(ObjectImage.publishable.is_(True))
    return query.limit(1)

"""Use cases of the knowledge library: publish a document (a partner's writer), add language versions
and new versions (text and / or an uploaded PDF or office file whose text is extracted for search), add
photos to a categories-at-risk page, curate (the operator features or withdraws), search and read.

Reads go through ``access.policy.restrict``: a document is classified like a register record, so a
``law_enforcement`` guide is listed, found and opened only by law enforcement (and its publisher); other
ids answer 404. Withdrawn documents are shown to their publisher and the operator only."""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import can_write, restrict
from heritrace.audit.service import AuditLog
from heritrace.cases.documents import Attachment, DocumentStore
from heritrace.core.actor import WRITER_ROLES, Actor
from heritrace.core.errors import Forbidden, NotFound, TooLarge, ValidationFailed, over_limit
from heritrace.core.i18n import _
from heritrace.core.text import fold
from heritrace.db.base import utcnow
from heritrace.images.decode import ImageRejected
from heritrace.images.store import ImageStore
from heritrace.library.extract import extract_text, media_type_of
from heritrace.library.models import LibraryDocument, LibraryPhoto, LibraryVersion
from heritrace.library.schemas import CurationIn, DocumentIn, SearchIn, VersionIn
from heritrace.partners.service import organisation_names

ENTITY = "library_document"


def tags(values: list[str]) -> str:
    return ",".join(dict.fromkeys(v.strip() for v in values if v.strip()))


def tag_list(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


def may_publish(actor: Actor) -> bool:
    """Partners publish: a writer of a vetted partner organisation (or the operator)."""
    return actor.has_role("platform_admin") or (
        bool(WRITER_ROLES & actor.roles) and actor.vetted and actor.organisation_id is not None
    )


def current_versions(doc: LibraryDocument) -> dict[str, LibraryVersion]:
    """The newest version of each language, by language."""
    out: dict[str, LibraryVersion] = {}
    for v in doc.versions:
        if v.language not in out or v.version > out[v.language].version:
            out[v.language] = v
    return out


def pick_version(doc: LibraryDocument, language: str | None) -> LibraryVersion | None:
    """The current version in ``language``, else English, else the first one published."""
    current = current_versions(doc)
    if not current:
        return None
    return current.get(language or "") or current.get("en") or min(current.values(), key=lambda v: v.id)


class Library:
    def __init__(
        self, sessions: sessionmaker[Session], images: ImageStore, files: DocumentStore, max_bytes: int
    ):
        self.sessions = sessions
        self.images = images
        self.files = files
        self.max_bytes = max_bytes

    # -- reading -----------------------------------------------------------------------------------

    def _readable(self, actor: Actor):  # noqa: ANN202
        query = restrict(select(LibraryDocument), actor, LibraryDocument)
        if not actor.has_role("platform_admin"):
            own = (
                LibraryDocument.organisation_id == actor.organisation_id
                if actor.organisation_id is not None
                else False
            )
            query = query.where(or_(LibraryDocument.withdrawn.is_(False), own))
        return query

    def search(self, actor: Actor, params: SearchIn, limit: int = 200) -> list[LibraryDocument]:
        """Documents ``actor`` may read, filtered by tags, and by every word of ``q`` found in a current
        or older version's title, summary, body or extracted file text (folded: case and accents ignored)."""
        query = self._readable(actor)
        if params.kind:
            query = query.where(LibraryDocument.kind == params.kind)
        for column, value in (
            (LibraryDocument.topics, params.topic),
            (LibraryDocument.audiences, params.audience),
            (LibraryDocument.countries, params.country),
        ):
            if value:
                wanted = "," + value.lower() + ","  # a whole tag: % and _ are letters here, not wildcards
                query = query.where(func.lower("," + column + ",").contains(wanted, autoescape=True))
        versions = select(LibraryVersion.document_id)
        if params.language:
            versions = versions.where(LibraryVersion.language == params.language)
        terms = fold(params.q).split()[:12]
        if terms:
            versions = versions.where(and_(*(LibraryVersion.search_text.contains(t) for t in terms)))
        if terms or params.language:
            query = query.where(LibraryDocument.id.in_(versions))
        query = query.order_by(LibraryDocument.featured.desc(), LibraryDocument.updated_at.desc())
        with self.sessions() as s:
            return list(s.scalars(query.limit(limit)))

    def get(self, actor: Actor, document_id: int) -> LibraryDocument:
        with self.sessions() as s:
            return self._load(s, actor, document_id)

    def _load(self, s: Session, actor: Actor, document_id: int) -> LibraryDocument:
        doc = s.scalar(self._readable(actor).where(LibraryDocument.id == document_id))
        if doc is None:
            raise NotFound(_("no library document %(id)s that you may read", id=document_id))
        return doc

    def file(self, actor: Actor, document_id: int, version_id: int) -> tuple[LibraryVersion, bytes]:
        doc = self.get(actor, document_id)
        found = next((v for v in doc.versions if v.id == version_id and v.sha256), None)
        if found is None:
            raise NotFound(
                _("no file for version %(version)s of document %(id)s", version=version_id, id=document_id)
            )
        return found, self.files.read(found.sha256 or "")

    def photo(self, actor: Actor, document_id: int, photo_id: int) -> bytes:
        doc = self.get(actor, document_id)
        found = next((p for p in doc.photos if p.id == photo_id), None)
        if found is None:
            raise NotFound(_("no photo %(photo)s on document %(id)s", photo=photo_id, id=document_id))
        try:
            return self.images.path(found.sha256, "display").read_bytes()
        except FileNotFoundError:
            raise NotFound(_("the photo's file is missing from the image store")) from None

    def organisation_names(self, ids: set[int | None]) -> dict[int, str]:
        with self.sessions() as s:
            return organisation_names(s, ids)

    # -- writing -----------------------------------------------------------------------------------

    def publish(self, actor: Actor, data: DocumentIn, upload: Attachment | None = None) -> LibraryDocument:
        if not may_publish(actor):
            raise Forbidden(_("documents are published by registrars and administrators of vetted partners"))
        version = self._version(actor, data.first, 1, upload)
        with self.sessions.begin() as s:
            doc = LibraryDocument(
                organisation_id=actor.organisation_id,
                published_by=actor.name[:200],
                kind=data.kind,
                classification=data.classification,
                topics=tags(data.topics),
                audiences=tags(data.audiences),
                countries=tags(data.countries),
                region=data.region,
                period=data.period,
                featured=False,
                withdrawn=False,
                created_at=utcnow(),
                updated_at=utcnow(),
            )
            doc.versions = [version]
            s.add(doc)
            s.flush()
            AuditLog(s).record(actor, "library.publish", ENTITY, str(doc.id), None, _snapshot(doc))
            document_id = doc.id
        return self.get(actor, document_id)

    def add_version(
        self, actor: Actor, document_id: int, data: VersionIn, upload: Attachment | None = None
    ) -> LibraryVersion:
        """A new language version, or the next version of a language (the older ones are kept)."""
        with self.sessions.begin() as s:
            doc = self._writable(s, actor, document_id)
            number = 1 + max((v.version for v in doc.versions if v.language == data.language), default=0)
            version = self._version(actor, data, number, upload)
            doc.versions.append(version)
            doc.updated_at = utcnow()
            s.flush()
            AuditLog(s).record(
                actor,
                "library.version",
                ENTITY,
                str(doc.id),
                None,
                {"language": version.language, "version": number, "sha256": version.sha256},
            )
            s.expunge(version)
        return version

    def add_photo(self, actor: Actor, document_id: int, photo: Attachment, caption: str) -> LibraryPhoto:
        if len(photo.data) > self.max_bytes:
            raise TooLarge({"file": over_limit(photo.filename, self.max_bytes)})
        with self.sessions.begin() as s:
            doc = self._writable(s, actor, document_id)
            if doc.kind != "categories_at_risk":
                raise ValidationFailed({"file": _("photos illustrate categories-at-risk pages only")})
            try:
                stored = self.images.put(photo.data)
            except ImageRejected as exc:
                raise ValidationFailed({"file": str(exc)}) from None
            row = LibraryPhoto(sha256=stored.sha256, caption=caption.strip()[:500], added_at=utcnow())
            doc.photos.append(row)
            s.flush()
            AuditLog(s).record(actor, "library.photo", ENTITY, str(doc.id), None, {"sha256": row.sha256})
            s.expunge(row)
        return row

    def curate(self, actor: Actor, document_id: int, data: CurationIn) -> LibraryDocument:
        """The operator features a document, withdraws it (or brings it back), with a note."""
        if not actor.has_role("platform_admin"):
            raise Forbidden(_("the operator curates the library"))
        with self.sessions.begin() as s:
            doc = self._load(s, actor, document_id)
            before = _snapshot(doc)
            if data.featured is not None:
                doc.featured = data.featured
            if data.withdrawn is not None:
                doc.withdrawn = data.withdrawn
            if data.note is not None:
                doc.curator_note = data.note.strip() or None
            AuditLog(s).record(actor, "library.curate", ENTITY, str(doc.id), before, _snapshot(doc))
        return self.get(actor, document_id)

    def _writable(self, s: Session, actor: Actor, document_id: int) -> LibraryDocument:
        doc = self._load(s, actor, document_id)
        if not can_write(actor, doc.organisation_id):
            raise Forbidden(_("only the publishing organisation changes a document"))
        return doc

    def _version(
        self, actor: Actor, data: VersionIn, number: int, upload: Attachment | None
    ) -> LibraryVersion:
        extracted = ""
        sha = media = filename = None
        size = None
        if upload is not None:
            if len(upload.data) > self.max_bytes:
                raise TooLarge({"file": over_limit(upload.filename, self.max_bytes)})
            extracted = extract_text(upload.filename, upload.data)
            filename, media, size = upload.filename[:300], media_type_of(upload.filename), len(upload.data)
            sha = self.files.put(upload.data)
        if not (data.body.strip() or upload is not None):
            raise ValidationFailed({"body": _("give the text or upload a file")})
        return LibraryVersion(
            language=data.language,
            version=number,
            created_at=utcnow(),
            created_by=actor.name[:200],
            title=data.title,
            summary=data.summary,
            body=data.body,
            change_note=data.change_note,
            filename=filename,
            media_type=media,
            size=size,
            sha256=sha,
            extracted_text=extracted,
            search_text=fold(" ".join((data.title, data.summary, data.body, extracted))),
        )


def _snapshot(doc: LibraryDocument) -> dict:
    return {
        "kind": doc.kind,
        "classification": doc.classification,
        "topics": doc.topics,
        "audiences": doc.audiences,
        "countries": doc.countries,
        "featured": doc.featured,
        "withdrawn": doc.withdrawn,
    }

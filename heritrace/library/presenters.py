"""One data shape of a library document for the API (JSON) and the pages."""

from __future__ import annotations

from heritrace.access.policy import can_write
from heritrace.core.actor import Actor
from heritrace.library.models import AUDIENCES, KINDS, LibraryDocument, LibraryVersion
from heritrace.library.service import current_versions, pick_version, tag_list


def version_out(doc: LibraryDocument, v: LibraryVersion) -> dict:
    return {
        "id": v.id,
        "language": v.language,
        "version": v.version,
        "title": v.title,
        "summary": v.summary,
        "body": v.body,
        "change_note": v.change_note,
        "created_at": v.created_at,
        "created_by": v.created_by,
        "file": (
            {
                "filename": v.filename,
                "media_type": v.media_type,
                "size": v.size,
                "sha256": v.sha256,
                "url": f"/api/v1/library/{doc.id}/versions/{v.id}/file",
            }
            if v.sha256
            else None
        ),
    }


def document_out(
    doc: LibraryDocument, actor: Actor, names: dict[int, str], language: str | None = None
) -> dict:
    shown = pick_version(doc, language)
    current = current_versions(doc)
    return {
        "id": doc.id,
        "kind": doc.kind,
        "kind_label": KINDS.get(doc.kind, doc.kind),
        "classification": doc.classification,
        "organisation": names.get(doc.organisation_id or 0),
        "published_by": doc.published_by,
        "created_at": doc.created_at,
        "updated_at": doc.updated_at,
        "topics": tag_list(doc.topics),
        "audiences": tag_list(doc.audiences),
        "audience_labels": [AUDIENCES.get(a, a) for a in tag_list(doc.audiences)],
        "countries": tag_list(doc.countries),
        "region": doc.region,
        "period": doc.period,
        "featured": doc.featured,
        "withdrawn": doc.withdrawn,
        "curator_note": doc.curator_note,
        "languages": sorted(current),
        "title": shown.title if shown else "",
        "current": version_out(doc, shown) if shown else None,
        "versions": [
            version_out(doc, v) for v in sorted(doc.versions, key=lambda v: (v.language, -v.version))
        ],
        "photos": [
            {"id": p.id, "caption": p.caption, "url": f"/api/v1/library/{doc.id}/photos/{p.id}"}
            for p in doc.photos
        ],
        "may_edit": can_write(actor, doc.organisation_id),
    }

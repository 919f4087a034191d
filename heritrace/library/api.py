"""REST API of the knowledge library (``/api/v1/library``): thin handlers over ``Library``."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError

from heritrace.core.actor import Actor
from heritrace.core.errors import ValidationFailed
from heritrace.core.http import error_responses, get_actor, get_platform, opaque_download
from heritrace.core.i18n import _
from heritrace.core.validation import error_message, field_errors
from heritrace.library.presenters import document_out
from heritrace.library.schemas import CurationIn, DocumentIn, SearchIn, VersionIn
from heritrace.platform import Heritrace
from heritrace.web.forms import read_upload

router = APIRouter(prefix="/api/v1", tags=["library"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
Id = Annotated[int, Path(ge=1, le=2_000_000_000)]
WRITE_ERRORS = error_responses(403, 404, 409, 413, 422, 503)


def parse_json(model: type[BaseModel], text: str, field: str):  # noqa: ANN201
    """A JSON form field (multipart requests carry the metadata beside the file) into ``model``."""
    try:
        return model.model_validate(json.loads(text or "{}"))
    except json.JSONDecodeError:
        raise ValidationFailed({field: _("not JSON")}) from None
    except ValidationError as exc:
        raise ValidationFailed(
            {f"{field}." + ".".join(map(str, e["loc"])): error_message(e) for e in exc.errors()}
        ) from None


def out(platform: Heritrace, actor: Actor, doc, language: str | None = None) -> dict:  # noqa: ANN001
    return document_out(doc, actor, platform.library.organisation_names({doc.organisation_id}), language)


@router.get("/library", responses=error_responses(422, 503))
def search(
    platform: Platform,
    actor: CurrentActor,
    q: Annotated[str, Query(max_length=300)] = "",
    kind: str | None = None,
    topic: Annotated[str | None, Query(max_length=60)] = None,
    audience: str | None = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
    language: str | None = None,
) -> list[dict]:
    try:
        params = SearchIn(q=q, kind=kind, topic=topic, audience=audience, country=country, language=language)
    except ValidationError as exc:
        raise ValidationFailed(field_errors(exc.errors())) from None
    found = platform.library.search(actor, params)
    return [_summary(d, language) for d in found]


def _summary(doc, language: str | None) -> dict:  # noqa: ANN001
    from heritrace.library.service import pick_version, tag_list

    v = pick_version(doc, language)
    return {
        "id": doc.id,
        "kind": doc.kind,
        "title": v.title if v else "",
        "summary": v.summary if v else "",
        "classification": doc.classification,
        "topics": tag_list(doc.topics),
        "audiences": tag_list(doc.audiences),
        "countries": tag_list(doc.countries),
        "languages": sorted({x.language for x in doc.versions}),
        "featured": doc.featured,
        "withdrawn": doc.withdrawn,
        "url": f"/library/{doc.id}",
    }


@router.post("/library", status_code=201, responses=WRITE_ERRORS)
def publish(
    platform: Platform,
    actor: CurrentActor,
    document: Annotated[str, Form(max_length=300_000, description="DocumentIn as JSON")],
    file: Annotated[UploadFile | None, File()] = None,
) -> dict:
    data = parse_json(DocumentIn, document, "document")
    upload = read_upload(file, platform.settings.max_attachment_bytes)
    return out(platform, actor, platform.library.publish(actor, data, upload))


@router.get("/library/{document_id}", responses=error_responses(404, 422, 503))
def get_document(
    platform: Platform, actor: CurrentActor, document_id: Id, language: str | None = None
) -> dict:
    return out(platform, actor, platform.library.get(actor, document_id), language)


@router.post("/library/{document_id}/versions", status_code=201, responses=WRITE_ERRORS)
def add_version(
    platform: Platform,
    actor: CurrentActor,
    document_id: Id,
    version: Annotated[str, Form(max_length=300_000, description="VersionIn as JSON")],
    file: Annotated[UploadFile | None, File()] = None,
) -> dict:
    data = parse_json(VersionIn, version, "version")
    upload = read_upload(file, platform.settings.max_attachment_bytes)
    platform.library.add_version(actor, document_id, data, upload)
    return out(platform, actor, platform.library.get(actor, document_id), data.language)


@router.get(
    "/library/{document_id}/versions/{version_id}/file",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}, **error_responses(404, 422, 503)},
)
def version_file(platform: Platform, actor: CurrentActor, document_id: Id, version_id: Id) -> Response:
    version, data = platform.library.file(actor, document_id, version_id)
    return opaque_download(data, version.filename or "document")


@router.post("/library/{document_id}/photos", status_code=201, responses=WRITE_ERRORS)
def add_photo(
    platform: Platform,
    actor: CurrentActor,
    document_id: Id,
    file: Annotated[UploadFile, File()],
    caption: Annotated[str, Form(max_length=500)] = "",
) -> dict:
    upload = read_upload(file, platform.settings.max_upload_bytes)
    if upload is None:
        raise ValidationFailed({"file": _("choose a photo")})
    platform.library.add_photo(actor, document_id, upload, caption)
    return out(platform, actor, platform.library.get(actor, document_id))


@router.get(
    "/library/{document_id}/photos/{photo_id}",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}}, **error_responses(404, 422, 503)},
)
def photo(platform: Platform, actor: CurrentActor, document_id: Id, photo_id: Id) -> Response:
    data = platform.library.photo(actor, document_id, photo_id)
    return Response(data, media_type="image/jpeg", headers={"X-Content-Type-Options": "nosniff"})


@router.post("/library/{document_id}/curation", responses=error_responses(403, 404, 422, 503))
def curate(platform: Platform, actor: CurrentActor, document_id: Id, body: CurationIn) -> dict:
    return out(platform, actor, platform.library.curate(actor, document_id, body))

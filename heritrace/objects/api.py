"""REST endpoints of the register (``/api/v1/objects``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse

from heritrace.core.actor import Actor
from heritrace.core.errors import NotFound, ValidationFailed, over_limit
from heritrace.core.http import error_responses, get_actor, get_platform
from heritrace.core.i18n import _
from heritrace.objects.presenters import object_out, summary_out
from heritrace.objects.schemas import ObjectIn, ObjectOut, ObjectPage, ObjectUpdate, StatusChangeIn
from heritrace.objects.service import ObjectFilters
from heritrace.platform import Heritrace
from heritrace.web.forms import read_bytes

router = APIRouter(prefix="/api/v1", tags=["register"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]


def filters_query(
    type: Annotated[
        str | None, Query(max_length=200, description="object type (vocabulary id or label)")
    ] = None,
    country: Annotated[
        str | None, Query(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    ] = None,
    status: Annotated[str | None, Query(max_length=30)] = None,
    period_from: Annotated[
        int | None, Query(ge=-100000, le=3000, description="overlaps from this year")
    ] = None,
    period_to: Annotated[
        int | None, Query(ge=-100000, le=3000, description="overlaps up to this year")
    ] = None,
    material: Annotated[str | None, Query(max_length=200)] = None,
    maker: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[str | None, Query(max_length=500, description="full text")] = None,
    inventory: Annotated[
        bool, Query(description="the caller's organisation's inventory instead of the register")
    ] = False,
) -> ObjectFilters:
    return ObjectFilters(
        type=type,
        country=country,
        status=status,
        period_from=period_from,
        period_to=period_to,
        material=material,
        maker=maker,
        q=q,
        inventory=inventory,
    )


@router.get("/objects", response_model=ObjectPage, responses=error_responses(422, 503))
def list_objects(
    platform: Platform,
    actor: CurrentActor,
    filters: Annotated[ObjectFilters, Depends(filters_query)],
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ObjectPage:
    items, total, exact = platform.objects.list(actor, filters, page, per_page)
    return ObjectPage(
        items=[summary_out(o, actor) for o in items],
        total=total,
        total_exact=exact,
        page=page,
        per_page=per_page,
    )


@router.post(
    "/objects", status_code=201, response_model=ObjectOut, responses=error_responses(403, 409, 422, 503)
)
def create_object(platform: Platform, actor: CurrentActor, body: ObjectIn) -> ObjectOut:
    return object_out(platform.objects.create(actor, body), actor)


@router.get("/objects/{object_id}", response_model=ObjectOut, responses=error_responses(404, 422, 503))
def read_object(platform: Platform, actor: CurrentActor, object_id: str) -> ObjectOut:
    return object_out(platform.objects.get(actor, object_id), actor)


@router.put(
    "/objects/{object_id}", response_model=ObjectOut, responses=error_responses(403, 404, 409, 422, 503)
)
def update_object(platform: Platform, actor: CurrentActor, object_id: str, body: ObjectUpdate) -> ObjectOut:
    return object_out(platform.objects.update(actor, object_id, body), actor)


@router.post(
    "/objects/{object_id}/status", response_model=ObjectOut, responses=error_responses(403, 404, 422, 503)
)
def change_status(platform: Platform, actor: CurrentActor, object_id: str, body: StatusChangeIn) -> ObjectOut:
    return object_out(platform.objects.change_status(actor, object_id, body), actor)


@router.post(
    "/objects/{object_id}/images",
    response_model=ObjectOut,
    status_code=201,
    responses=error_responses(403, 404, 409, 413, 422, 503),
)
def upload_image(
    platform: Platform,
    actor: CurrentActor,
    object_id: str,
    file: Annotated[UploadFile, File(description="JPEG, PNG, WebP or TIFF")],
    publishable: Annotated[bool, Form()] = True,
) -> ObjectOut:
    data = _read_limited(file, platform.settings.max_upload_bytes)
    # decoding the photo and waiting for the write lock happen off the event loop
    platform.objects.add_image(actor, object_id, data, file.filename, publishable)
    return object_out(platform.objects.get(actor, object_id), actor)


@router.get(
    "/images/{sha256}/{kind}",
    response_class=FileResponse,
    responses={200: {"content": {"image/jpeg": {}}}, **error_responses(404, 422)},
)
def image_file(
    platform: Platform, actor: CurrentActor, request: Request, sha256: str, kind: str
) -> FileResponse:
    if kind not in ("display", "thumb"):
        raise NotFound(_("unknown image size"))
    platform.objects.check_image_readable(actor, sha256)
    return FileResponse(platform.images.path(sha256, kind), media_type="image/jpeg")


def _read_limited(file: UploadFile, limit: int) -> bytes:
    data = read_bytes(file, limit + 1)
    if len(data) > limit:
        raise ValidationFailed({"file": over_limit(file.filename, limit)}, _("photo rejected"))
    return data

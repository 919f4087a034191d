"""REST API of case files (``/api/v1/cases``): thin handlers over ``CaseService``."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Query, UploadFile
from fastapi.responses import JSONResponse, Response

from heritrace.cases.presenters import case_out, summary_out
from heritrace.cases.schemas import (
    CaseIn,
    CaseOut,
    CaseSummary,
    CaseUpdate,
    DeadlinePanel,
    DocumentOut,
    TransitionIn,
)
from heritrace.core.actor import Actor
from heritrace.core.errors import ValidationFailed
from heritrace.core.http import error_responses, get_actor, get_platform
from heritrace.platform import Heritrace

router = APIRouter(prefix="/api/v1", tags=["cases"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
Id = Annotated[int, Path(ge=1, le=2_000_000_000)]
ObjectId = Annotated[str | None, Query(max_length=120)]


def _out(platform: Heritrace, actor: Actor, case_id: int) -> CaseOut:
    case = platform.cases.get(actor, case_id)
    return case_out(case, actor, platform.cases.visible_documents(actor, case))


@router.get("/cases", response_model=list[CaseSummary], responses=error_responses(404, 422, 503))
def list_cases(
    platform: Platform, actor: CurrentActor, state: Annotated[str | None, Query(max_length=40)] = None
) -> list[CaseSummary]:
    return [summary_out(c) for c in platform.cases.list(actor, state)]


@router.post("/cases", response_model=CaseOut, status_code=201, responses=error_responses(404, 422, 503))
def open_case(platform: Platform, actor: CurrentActor, body: CaseIn) -> CaseOut:
    case = platform.cases.create(actor, body)
    return _out(platform, actor, case.id)


@router.get("/cases/{case_id}", response_model=CaseOut, responses=error_responses(404, 422, 503))
def get_case(platform: Platform, actor: CurrentActor, case_id: Id) -> CaseOut:
    return _out(platform, actor, case_id)


@router.put("/cases/{case_id}", response_model=CaseOut, responses=error_responses(404, 409, 422, 503))
def update_case(platform: Platform, actor: CurrentActor, case_id: Id, body: CaseUpdate) -> CaseOut:
    platform.cases.update(actor, case_id, body)
    return _out(platform, actor, case_id)


@router.post(
    "/cases/{case_id}/transitions", response_model=CaseOut, responses=error_responses(404, 409, 422, 503)
)
def move_case(platform: Platform, actor: CurrentActor, case_id: Id, body: TransitionIn) -> CaseOut:
    platform.cases.transition(actor, case_id, body)
    return _out(platform, actor, case_id)


@router.post(
    "/cases/{case_id}/documents",
    response_model=DocumentOut,
    status_code=201,
    responses=error_responses(404, 413, 422, 503),
)
async def upload_document(
    platform: Platform,
    actor: CurrentActor,
    case_id: Id,
    file: Annotated[UploadFile, File()],
    title: Annotated[str, Form()] = "",
    classification: Annotated[str, Form()] = "restricted",
) -> DocumentOut:
    data = await read_upload(file, platform.settings.max_upload_bytes)
    doc = platform.cases.add_document(
        actor, case_id, title, file.filename or "", file.content_type or "", data, classification
    )
    return DocumentOut.model_validate(doc, from_attributes=True)


async def read_upload(file: UploadFile, limit: int) -> bytes:
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise ValidationFailed({"file": f"larger than the {limit // (1024 * 1024)} MiB allowed"})
    return data


@router.get(
    "/cases/{case_id}/documents/{document_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}, **error_responses(404, 422, 503)},
)
def download_document(platform: Platform, actor: CurrentActor, case_id: Id, document_id: Id) -> Response:
    doc, data = platform.cases.document(actor, case_id, document_id)
    disposition = f'attachment; filename="{doc.filename.replace(chr(34), "")}"'
    # served as an opaque download whatever was uploaded: an HTML or SVG file must not run in the browser
    headers = {"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"}
    return Response(data, media_type="application/octet-stream", headers=headers)


@router.get("/cases/{case_id}/documents/{document_id}/integrity", responses=error_responses(404, 422, 503))
def document_integrity(platform: Platform, actor: CurrentActor, case_id: Id, document_id: Id) -> dict:
    return platform.cases.verify_document(actor, case_id, document_id).to_json()


@router.get(
    "/cases/{case_id}/deadlines", response_model=DeadlinePanel, responses=error_responses(404, 422, 503)
)
def case_deadlines(
    platform: Platform, actor: CurrentActor, case_id: Id, as_of: Annotated[date | None, Query()] = None
) -> dict:
    return platform.cases.deadlines(actor, case_id, as_of)


@router.get("/cases/{case_id}/request.json", responses=error_responses(404, 422, 503))
def request_json(
    platform: Platform, actor: CurrentActor, case_id: Id, object_id: ObjectId = None
) -> JSONResponse:
    forms = platform.cases.request_forms(actor, case_id, object_id)
    return JSONResponse(
        forms, headers={"Content-Disposition": f'attachment; filename="case-{case_id}-request.json"'}
    )


@router.get(
    "/cases/{case_id}/request.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **error_responses(404, 422, 503)},
)
def request_pdf(platform: Platform, actor: CurrentActor, case_id: Id, object_id: ObjectId = None) -> Response:
    pdf = platform.cases.request_pdf(actor, case_id, object_id)
    headers = {"Content-Disposition": f'attachment; filename="case-{case_id}-request.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)

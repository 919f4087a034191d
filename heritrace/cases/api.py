"""REST API of case files (``/api/v1/cases``): thin handlers over ``CaseService``."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from heritrace.cases.presenters import case_out, check_out, messages_out, summary_out
from heritrace.cases.schemas import (
    CaseIn,
    CaseOut,
    CaseSummary,
    CaseUpdate,
    CheckEvidenceOut,
    CompensationIn,
    DeadlinePanel,
    DocumentOut,
    MessageOut,
    ResultsOut,
    TransitionIn,
)
from heritrace.core.actor import Actor
from heritrace.core.errors import ValidationFailed
from heritrace.core.http import error_responses, get_actor, get_platform, opaque_download, reader_language
from heritrace.core.i18n import _, use_locale
from heritrace.platform import Heritrace
from heritrace.web.forms import read_upload

router = APIRouter(prefix="/api/v1", tags=["cases"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
Id = Annotated[int, Path(ge=1, le=2_000_000_000)]
ObjectId = Annotated[str | None, Query(max_length=120)]


def _out(platform: Heritrace, actor: Actor, case_id: int) -> CaseOut:
    case = platform.cases.get(actor, case_id)
    readable = platform.cases.readable_object_ids(actor, [case])
    return case_out(case, actor, platform.cases.visible_documents(actor, case), readable)


@router.get("/cases", response_model=list[CaseSummary], responses=error_responses(404, 422, 503))
def list_cases(
    platform: Platform, actor: CurrentActor, state: Annotated[str | None, Query(max_length=40)] = None
) -> list[CaseSummary]:
    cases = platform.cases.list(actor, state)
    readable = platform.cases.readable_object_ids(actor, cases)
    return [summary_out(c, readable) for c in cases]


@router.post("/cases", response_model=CaseOut, status_code=201, responses=error_responses(404, 422, 503))
def open_case(platform: Platform, actor: CurrentActor, body: CaseIn) -> CaseOut:
    case = platform.cases.create(actor, body)
    return _out(platform, actor, case.id)


@router.get("/cases/results", response_model=ResultsOut, responses=error_responses(422, 503))
def case_results(platform: Platform, actor: CurrentActor) -> dict:
    """The figures of the results page: returns per year, State and legal basis, time to return."""
    return platform.cases.results(actor)


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
def upload_document(
    platform: Platform,
    actor: CurrentActor,
    case_id: Id,
    file: Annotated[UploadFile, File()],
    title: Annotated[str, Form()] = "",
    classification: Annotated[str, Form()] = "restricted",
) -> DocumentOut:
    upload = read_upload(file, platform.settings.max_upload_bytes)
    if upload is None:
        raise ValidationFailed({"file": _("choose a file to upload")})
    doc = platform.cases.add_document(
        actor, case_id, title, upload.filename, upload.media_type, upload.data, classification
    )
    return DocumentOut.model_validate(doc, from_attributes=True)


@router.get(
    "/cases/{case_id}/messages", response_model=list[MessageOut], responses=error_responses(404, 422, 503)
)
def list_messages(platform: Platform, actor: CurrentActor, case_id: Id) -> list[MessageOut]:
    case, messages = platform.cases.messages(actor, case_id)
    return messages_out(messages, platform.cases.visible_documents(actor, case))


@router.post(
    "/cases/{case_id}/messages",
    response_model=MessageOut,
    status_code=201,
    responses=error_responses(404, 413, 422, 503),
)
def post_message(
    platform: Platform,
    actor: CurrentActor,
    case_id: Id,
    text: Annotated[str, Form(max_length=20000)],
    classification: Annotated[str | None, Form(max_length=20)] = None,
    file: Annotated[UploadFile | None, File()] = None,
) -> MessageOut:
    attachment = read_upload(file, platform.settings.max_upload_bytes)
    message = platform.cases.post_message(actor, case_id, text, classification or None, attachment)
    case, messages = platform.cases.messages(actor, case_id)
    shown = messages_out(
        [m for m in messages if m.id == message.id], platform.cases.visible_documents(actor, case)
    )
    return shown[0]


@router.post(
    "/cases/{case_id}/compensation",
    response_model=CaseOut,
    status_code=201,
    responses=error_responses(404, 409, 422, 503),
)
def add_claim(platform: Platform, actor: CurrentActor, case_id: Id, body: CompensationIn) -> CaseOut:
    platform.cases.add_claim(actor, case_id, body)
    return _out(platform, actor, case_id)


@router.put(
    "/cases/{case_id}/compensation/{claim_id}",
    response_model=CaseOut,
    responses=error_responses(404, 409, 422, 503),
)
def update_claim(
    platform: Platform, actor: CurrentActor, case_id: Id, claim_id: Id, body: CompensationIn
) -> CaseOut:
    platform.cases.update_claim(actor, case_id, claim_id, body)
    return _out(platform, actor, case_id)


@router.get(
    "/cases/{case_id}/due-diligence",
    response_model=list[CheckEvidenceOut],
    responses=error_responses(404, 422, 503),
)
def case_due_diligence(platform: Platform, actor: CurrentActor, case_id: Id) -> list[CheckEvidenceOut]:
    """Stored due-diligence checks that hit the case's objects or that a claim cites, with whether each
    certificate still verifies."""
    return [check_out(c) for c in platform.cases.due_diligence(actor, case_id)]


@router.get(
    "/cases/{case_id}/documents/{document_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}, **error_responses(404, 422, 503)},
)
def download_document(platform: Platform, actor: CurrentActor, case_id: Id, document_id: Id) -> Response:
    doc, data = platform.cases.document(actor, case_id, document_id)
    return opaque_download(data, doc.filename)


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
    return _json(platform.cases.request_forms(actor, case_id, object_id), f"case-{case_id}-request.json")


def _json(body: object, filename: str) -> JSONResponse:
    return JSONResponse(body, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


PDF_ANSWERS = {200: {"content": {"application/pdf": {}}}, **error_responses(404, 422, 503)}


@router.get("/cases/{case_id}/request.pdf", response_class=Response, responses=PDF_ANSWERS)
def request_pdf(
    request: Request, platform: Platform, actor: CurrentActor, case_id: Id, object_id: ObjectId = None
) -> Response:
    with use_locale(reader_language(request)):
        pdf = platform.cases.request_pdf(actor, case_id, object_id)
    return _pdf(pdf, f"case-{case_id}-request.pdf")


def _pdf(data: bytes, filename: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(data, media_type="application/pdf", headers=headers)


AsOf = Annotated[date | None, Query(description="deadlines evaluated on this day (today when absent)")]


@router.get("/cases/{case_id}/report.json", responses=error_responses(404, 422, 503))
def report_json(platform: Platform, actor: CurrentActor, case_id: Id, as_of: AsOf = None) -> JSONResponse:
    """The case summary report, as far as the caller may read the case."""
    return _json(platform.cases.summary_report(actor, case_id, as_of), f"case-{case_id}-summary.json")


@router.get("/cases/{case_id}/report.pdf", response_class=Response, responses=PDF_ANSWERS)
def report_pdf(
    request: Request, platform: Platform, actor: CurrentActor, case_id: Id, as_of: AsOf = None
) -> Response:
    with use_locale(reader_language(request)):
        pdf = platform.cases.summary_pdf(actor, case_id, as_of)
    return _pdf(pdf, f"case-{case_id}-summary.pdf")

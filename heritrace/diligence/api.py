"""REST endpoints of due-diligence checks and certificates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import ValidationError

from heritrace.core.actor import Actor
from heritrace.core.errors import DomainError, ValidationFailed, over_limit
from heritrace.core.http import error_responses, get_actor, get_platform, reader_language
from heritrace.core.i18n import _, use_locale
from heritrace.diligence.schemas import (
    QUERY_FIELDS,
    CertificateOut,
    CheckIn,
    CheckOut,
    PublicKeyOut,
    VerificationOut,
)
from heritrace.diligence.service import CheckRecord, SubmittedPhoto
from heritrace.diligence.signing import ALGORITHM, public_pem, verify_file
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields, read_bytes

router = APIRouter(prefix="/api/v1", tags=["due diligence"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
MAX_CERTIFICATE_BYTES = 5 * 1024 * 1024
Text = Annotated[str | None, Form(max_length=1000)]


class PayloadTooLarge(DomainError):
    status_code = 413


@router.post(
    "/due-diligence", status_code=201, response_model=CheckOut, responses=error_responses(413, 422, 503)
)
def run_check(
    form: FormFields,
    platform: Platform,
    actor: CurrentActor,
    title: Text = None,
    maker: Annotated[str | None, Form(max_length=500)] = None,
    type_of_object: Annotated[str | None, Form(max_length=300)] = None,
    materials_techniques: Text = None,
    measurements: Annotated[str | None, Form(max_length=500)] = None,
    date_or_period: Annotated[str | None, Form(max_length=300)] = None,
    description: Annotated[str | None, Form(max_length=20000)] = None,
    photos: Annotated[
        list[UploadFile] | None, File(description="optional photos (JPEG, PNG, WebP, TIFF)")
    ] = None,
) -> CheckOut:
    """Check a described object (and its photos) against the register; the check is stored."""
    reject_unknown_fields(form.keys(), {*QUERY_FIELDS, "photos"})
    query = check_in({k: form.get(k) for k in QUERY_FIELDS})
    submitted = [read_photo(p, platform.settings.max_upload_bytes) for p in photos or [] if p.filename]
    # matching and the questions to peer nodes block: they run off the event loop
    return check_out(platform.diligence.check(actor, query, submitted))


@router.get("/due-diligence/{check_id}", response_model=CheckOut, responses=error_responses(404, 503))
def read_check(platform: Platform, actor: CurrentActor, check_id: str) -> CheckOut:
    return check_out(platform.diligence.get(actor, check_id))


@router.post(
    "/due-diligence/{check_id}/certificate",
    status_code=201,
    response_model=CertificateOut,
    responses=error_responses(404, 503),
)
def issue_certificate(
    request: Request, platform: Platform, actor: CurrentActor, check_id: str
) -> CertificateOut:
    """Sign the stored check as a certificate (asking again returns the same certificate)."""
    base = platform.settings.public_url or str(request.base_url)
    with use_locale(reader_language(request)):  # the PDF is drawn in the asker's language
        cert = platform.diligence.issue_certificate(actor, check_id, base)
    return CertificateOut(
        certificate_id=cert.id,
        check_id=cert.check_id,
        issued_at=cert.issued_at,
        key_id=cert.key_id,
        json_url=f"/api/v1/certificates/{cert.id}.json",
        pdf_url=f"/api/v1/certificates/{cert.id}.pdf",
    )


@router.get("/certificates/public-key", response_model=PublicKeyOut)
def public_key(platform: Platform) -> PublicKeyOut:
    """The key that signs this platform's certificates, for verifying them offline."""
    key = platform.diligence.key
    return PublicKeyOut(key_id=key.key_id, algorithm=ALGORITHM, public_key_pem=public_pem(key.public))


@router.get(
    "/certificates/{certificate_id}.json",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}, **error_responses(404, 503)},
)
def certificate_json(platform: Platform, actor: CurrentActor, certificate_id: str) -> Response:
    cert = platform.diligence.certificate(actor, certificate_id)
    return download(cert.document_json.encode("utf-8"), "application/json", f"{cert.id}.json")


@router.get(
    "/certificates/{certificate_id}.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **error_responses(404, 503)},
)
def certificate_pdf(platform: Platform, actor: CurrentActor, certificate_id: str) -> Response:
    cert = platform.diligence.certificate(actor, certificate_id)
    return download(cert.pdf, "application/pdf", f"{cert.id}.pdf")


@router.post("/certificates/verify", response_model=VerificationOut, responses=error_responses(413, 422))
def verify_certificate(
    platform: Platform, file: Annotated[UploadFile, File(description="a JSON or PDF certificate")]
) -> VerificationOut:
    """Whether a certificate file is authentic and unaltered, and what it says."""
    data = read_limited(file, MAX_CERTIFICATE_BYTES, "file")
    return verification_out(platform, data)  # parsing a PDF: off the event loop


def verification_out(platform: Heritrace, data: bytes) -> VerificationOut:
    key = platform.diligence.key
    result = verify_file(data, {key.key_id: key.public})
    return VerificationOut(
        status=result.status,
        message=result.message,
        kind=result.kind,
        key_id=result.key_id,
        certificate=result.certificate,
    )


def check_in(values: dict) -> CheckIn:
    """The strict request model from form values; pydantic's complaints become field-level errors."""
    try:
        return CheckIn.model_validate({k: v for k, v in values.items() if isinstance(v, str) and v.strip()})
    except ValidationError as exc:
        raise ValidationFailed(
            {".".join(map(str, e["loc"])) or "body": e["msg"] for e in exc.errors()}
        ) from None


def reject_unknown_fields(names, allowed: set[str]) -> None:  # noqa: ANN001
    unknown = sorted(set(names) - allowed)
    if unknown:
        raise ValidationFailed({name: _("unknown field") for name in unknown[:20]})


def read_limited(file: UploadFile, limit: int, field: str) -> bytes:
    """Blocking: call it from a ``def`` handler or a worker thread."""
    data = read_bytes(file, limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(over_limit(file.filename, limit))
    return data


def read_photo(file: UploadFile, limit: int) -> SubmittedPhoto:
    return SubmittedPhoto(file.filename, read_limited(file, limit, "photos"))


def check_out(record: CheckRecord) -> CheckOut:
    return CheckOut(
        check_id=record.check_id,
        checked_at=record.checked_at,
        requested_by=record.requested_by,
        organisation=record.organisation,
        verdict=record.verdict,
        query=record.query,
        photos=record.photos,
        candidates=record.candidates,
        coverage=record.coverage,
        certificate_id=record.certificate_id,
    )


def download(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


__all__ = ["router"]

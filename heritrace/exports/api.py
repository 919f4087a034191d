"""REST endpoints of export certificates (verification: ``POST /api/v1/certificates/verify``)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from heritrace.core.actor import Actor
from heritrace.core.http import error_responses, get_actor, get_platform, reader_language
from heritrace.core.i18n import use_locale
from heritrace.diligence.api import download
from heritrace.exports.models import ExportCertificate
from heritrace.exports.schemas import ExportCertificateIn, ExportCertificateOut
from heritrace.platform import Heritrace

router = APIRouter(prefix="/api/v1", tags=["export certificates"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]


@router.post(
    "/objects/{object_id}/export-certificate",
    status_code=201,
    response_model=ExportCertificateOut,
    responses=error_responses(404, 409, 422, 503),
)
def issue(
    request: Request, platform: Platform, actor: CurrentActor, object_id: str, body: ExportCertificateIn
) -> ExportCertificateOut:
    """Prepare and sign a UNESCO-WCO model export certificate from register record ``object_id``."""
    with use_locale(reader_language(request)):  # the PDF is drawn in the caller's language
        return certificate_out(platform.export_certificates.issue(actor, object_id, body))


@router.get(
    "/export-certificates/{certificate_id}.json",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}, **error_responses(404, 503)},
)
def certificate_json(platform: Platform, actor: CurrentActor, certificate_id: str) -> Response:
    row = platform.export_certificates.get(actor, certificate_id)
    return download(row.document_json.encode("utf-8"), "application/json", f"{row.id}.json")


@router.get(
    "/export-certificates/{certificate_id}.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **error_responses(404, 503)},
)
def certificate_pdf(platform: Platform, actor: CurrentActor, certificate_id: str) -> Response:
    row = platform.export_certificates.get(actor, certificate_id)
    return download(row.pdf, "application/pdf", f"{row.id}.pdf")


def certificate_out(row: ExportCertificate) -> ExportCertificateOut:
    return ExportCertificateOut(
        certificate_id=row.id,
        object_id=row.object_id,
        issued_at=row.issued_at,
        key_id=row.key_id,
        json_url=f"/api/v1/export-certificates/{row.id}.json",
        pdf_url=f"/api/v1/export-certificates/{row.id}.pdf",
        certificate=json.loads(row.document_json)["certificate"],
    )

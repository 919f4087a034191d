"""Web pages of due diligence: the check form, the result with its waterfalls, certificates, verification."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import UploadFile

from heritrace.core.actor import Actor
from heritrace.core.errors import ValidationFailed
from heritrace.core.http import get_actor, get_platform, reader_language
from heritrace.core.i18n import use_locale
from heritrace.diligence.api import (
    MAX_CERTIFICATE_BYTES,
    check_in,
    read_limited,
    read_photo,
    verification_out,
)
from heritrace.diligence.schemas import QUERY_FIELDS
from heritrace.diligence.waterfall import waterfall
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields
from heritrace.web.pages import check_csrf, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]


@router.get("/due-diligence", response_class=HTMLResponse)
def check_form(request: Request, actor: CurrentActor) -> HTMLResponse:
    return render(request, "diligence/form.html", {"values": {}, "errors": {}})


@router.get("/due-diligence/history", response_class=HTMLResponse)
def history_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    """The dealer's own record of diligence: every check made and every certificate issued."""
    return render(request, "diligence/history.html", {"checks": platform.diligence.history(actor)})


@router.post("/due-diligence", response_class=HTMLResponse)
def check_submit(request: Request, platform: Platform, actor: CurrentActor, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    values = {k: str(form.get(k) or "") for k in QUERY_FIELDS}
    try:
        photos = [
            read_photo(f, platform.settings.max_upload_bytes)
            for f in form.getlist("photos")
            if isinstance(f, UploadFile) and f.filename
        ]
        record = platform.diligence.check(actor, check_in(values), photos)
    except ValidationFailed as exc:
        return render(request, "diligence/form.html", {"values": values, "errors": exc.errors}, 422)
    return RedirectResponse(f"/due-diligence/{record.check_id}", status_code=303)


@router.get("/due-diligence/{check_id}", response_class=HTMLResponse)
def check_page(request: Request, platform: Platform, actor: CurrentActor, check_id: str) -> HTMLResponse:
    record = platform.diligence.get(actor, check_id)
    candidates = [{**c, "waterfall": waterfall(c["contributions"])} for c in record.candidates]
    return render(request, "diligence/result.html", {"check": record, "candidates": candidates})


@router.post("/due-diligence/{check_id}/certificate")
def certificate_submit(
    request: Request, platform: Platform, actor: CurrentActor, check_id: str, form: FormFields
) -> RedirectResponse:
    check_csrf(request, form.get("csrf_token"))
    base = platform.settings.public_url or str(request.base_url)
    with use_locale(reader_language(request)):  # the PDF is drawn in the asker's language
        platform.diligence.issue_certificate(actor, check_id, base)
    return RedirectResponse(f"/due-diligence/{check_id}#certificate", status_code=303)


@router.get("/certificates/verify", response_class=HTMLResponse)
def verify_page(request: Request, platform: Platform) -> HTMLResponse:
    wanted = request.query_params.get("certificate", "").strip()
    issued = platform.diligence.issued(wanted) if wanted else None
    context = {"result": None, "error": None, "asked": wanted, "issued": issued}
    return render(request, "diligence/verify.html", context, 200 if issued or not wanted else 404)


@router.post("/certificates/verify", response_class=HTMLResponse)
def verify_submit(request: Request, platform: Platform, form: FormFields) -> HTMLResponse:
    check_csrf(request, form.get("csrf_token"))
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return render(
            request, "diligence/verify.html", {"result": None, "error": "choose a certificate file"}, 422
        )
    data = read_limited(upload, MAX_CERTIFICATE_BYTES, "file")
    result = verification_out(platform, data)
    return render(request, "diligence/verify.html", {"result": result, "error": None})

"""Pages of export certificates: the form on a register record, and the prepared certificate."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from heritrace.core.actor import Actor
from heritrace.core.errors import ValidationFailed
from heritrace.core.http import get_actor, get_platform, reader_language
from heritrace.core.i18n import use_locale
from heritrace.exports.schemas import ExportCertificateIn
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields
from heritrace.web.pages import check_csrf, form_errors, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
PARTIES = ("exporter", "consignee", "issuing_authority", "representative", "owner")


@router.get("/objects/{object_id}/export-certificate", response_class=HTMLResponse)
def certificate_form(
    request: Request, platform: Platform, actor: CurrentActor, object_id: str
) -> HTMLResponse:
    obj = platform.objects.get(actor, object_id)
    return render(request, "exports/form.html", {"obj": obj, "values": {}, "errors": {}})


@router.post("/objects/{object_id}/export-certificate", response_class=HTMLResponse)
def certificate_submit(
    request: Request, platform: Platform, actor: CurrentActor, object_id: str, form: FormFields
):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    values = {k: str(v).strip() for k, v in form.items() if k != "csrf_token"}
    obj = platform.objects.get(actor, object_id)
    try:
        data = ExportCertificateIn.model_validate(_nested(values))
        with use_locale(reader_language(request)):  # the PDF is drawn in the caller's language
            row = platform.export_certificates.issue(actor, object_id, data)
    except ValidationError as exc:
        return render(
            request, "exports/form.html", {"obj": obj, "values": values, "errors": form_errors(exc)}, 422
        )
    except ValidationFailed as exc:
        return render(request, "exports/form.html", {"obj": obj, "values": values, "errors": exc.errors}, 422)
    return RedirectResponse(f"/export-certificates/{row.id}", status_code=303)


@router.get("/export-certificates/{certificate_id}", response_class=HTMLResponse)
def certificate_page(
    request: Request, platform: Platform, actor: CurrentActor, certificate_id: str
) -> HTMLResponse:
    row = platform.export_certificates.get(actor, certificate_id)
    certificate = json.loads(row.document_json)["certificate"]
    return render(request, "exports/certificate.html", {"row": row, "certificate": certificate})


def _nested(values: dict[str, str]) -> dict[str, Any]:
    """Flat form fields (``consignee.name``) to the nested input; empty fields are left out."""
    data: dict[str, Any] = {}
    for key, value in values.items():
        if not value:
            continue
        party, _, field = key.partition(".")
        if field and party in PARTIES:
            data.setdefault(party, {})[field] = value
        elif key == "quantity":
            data[key] = int(value) if value.isdigit() else value
        elif key == "value":
            data[key] = _number(value)
        else:
            data[key] = value
    return data


def _number(text: str) -> float | str:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return text

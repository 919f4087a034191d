"""Library pages: search and browse, publish, a document with its language versions, versions, photos
(categories at risk) and the operator's curation. Thin handlers over ``Library``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from heritrace.access.policy import CLASSIFICATIONS
from heritrace.core.actor import Actor
from heritrace.core.errors import Forbidden, ValidationFailed
from heritrace.core.http import get_actor, get_platform
from heritrace.core.i18n import _
from heritrace.library.api import _summary, out
from heritrace.library.models import AUDIENCES, KINDS, LANGUAGES
from heritrace.library.schemas import CurationIn, DocumentIn, SearchIn, VersionIn
from heritrace.library.service import may_publish
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields, read_upload
from heritrace.web.pages import check_csrf, form_errors, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
CHOICES = {"kinds": KINDS, "audiences": AUDIENCES, "languages": LANGUAGES, "classifications": CLASSIFICATIONS}


def _file(form, name: str = "file") -> UploadFile | None:  # noqa: ANN001
    f = form.get(name)
    return f if isinstance(f, UploadFile) and f.filename else None


def _list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


@router.get("/library", response_class=HTMLResponse)
def library_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    q = request.query_params
    values = {k: q.get(k) or None for k in ("kind", "topic", "audience", "country", "language")}
    try:
        params = SearchIn(q=q.get("q", ""), **values)
        found, errors = platform.library.search(actor, params), {}
    except ValidationError as exc:
        found, errors = [], form_errors(exc)
    context = {
        "documents": [_summary(d, values["language"]) for d in found],
        "q": q.get("q", ""),
        "values": values,
        "errors": errors,
        "may_publish": may_publish(actor),
        **CHOICES,
    }
    return render(request, "library/list.html", context, 422 if errors else 200)


@router.get("/library/new", response_class=HTMLResponse)
def new_page(request: Request, actor: CurrentActor) -> HTMLResponse:
    if not may_publish(actor):
        raise Forbidden(_("documents are published by registrars and administrators of vetted partners"))
    return render(request, "library/new.html", {"values": {}, "errors": {}, **CHOICES})


@router.post("/library/new", response_class=HTMLResponse)
def new_submit(request: Request, platform: Platform, actor: CurrentActor, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    values = {k: str(form.get(k) or "") for k in form if k not in ("file", "csrf_token")}
    try:
        data = DocumentIn.model_validate(
            {
                "kind": values.get("kind", ""),
                "classification": values.get("classification") or "public",
                "topics": _list(values.get("topics", "")),
                "audiences": form.getlist("audiences"),
                "countries": _list(values.get("countries", "")),
                "region": values.get("region") or None,
                "period": values.get("period") or None,
                "first": {
                    "language": values.get("language") or "en",
                    "title": values.get("title", ""),
                    "summary": values.get("summary", ""),
                    "body": values.get("body", ""),
                },
            }
        )
        upload = read_upload(_file(form), platform.settings.max_attachment_bytes)
        doc = platform.library.publish(actor, data, upload)
    except ValidationError as exc:
        errors = form_errors(exc)
        return render(request, "library/new.html", {"values": values, "errors": errors, **CHOICES}, 422)
    except ValidationFailed as exc:
        ctx = {"values": values, "errors": exc.errors, **CHOICES}
        return render(request, "library/new.html", ctx, exc.status_code)
    return RedirectResponse(f"/library/{doc.id}", status_code=303)


def _document_page(request, platform, actor, document_id, message="", status=200):  # noqa: ANN001, ANN202
    language = request.query_params.get("lang")
    doc = out(platform, actor, platform.library.get(actor, document_id), language)
    context = {"d": doc, "message": message, "is_operator": actor.has_role("platform_admin"), **CHOICES}
    return render(request, "library/document.html", context, status)


@router.get("/library/{document_id}", response_class=HTMLResponse)
def document_page(
    request: Request, platform: Platform, actor: CurrentActor, document_id: int
) -> HTMLResponse:
    return _document_page(request, platform, actor, document_id)


@router.post("/library/{document_id}/versions", response_class=HTMLResponse)
def version_submit(
    request: Request, platform: Platform, actor: CurrentActor, document_id: int, form: FormFields
):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        data = VersionIn.model_validate(
            {k: str(form.get(k) or "") for k in ("language", "title", "summary", "body", "change_note")}
        )
        upload = read_upload(_file(form), platform.settings.max_attachment_bytes)
        platform.library.add_version(actor, document_id, data, upload)
    except ValidationError as exc:
        message = "; ".join(f"{k}: {v}" for k, v in form_errors(exc).items())
        return _document_page(request, platform, actor, document_id, message, 422)
    except ValidationFailed as exc:
        return _document_page(request, platform, actor, document_id, exc.message, exc.status_code)
    return RedirectResponse(f"/library/{document_id}?lang={data.language}", status_code=303)


@router.post("/library/{document_id}/photos", response_class=HTMLResponse)
def photo_submit(
    request: Request, platform: Platform, actor: CurrentActor, document_id: int, form: FormFields
):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    try:
        upload = read_upload(_file(form), platform.settings.max_upload_bytes)
        if upload is None:
            raise ValidationFailed({"file": _("choose a photo")})
        platform.library.add_photo(actor, document_id, upload, str(form.get("caption") or ""))
    except ValidationFailed as exc:
        return _document_page(request, platform, actor, document_id, exc.message, exc.status_code)
    return RedirectResponse(f"/library/{document_id}", status_code=303)


@router.post("/library/{document_id}/curation")
def curation_submit(
    request: Request, platform: Platform, actor: CurrentActor, document_id: int, form: FormFields
) -> RedirectResponse:
    check_csrf(request, form.get("csrf_token"))
    data = CurationIn(
        featured=form.get("featured") == "on",
        withdrawn=form.get("withdrawn") == "on",
        note=str(form.get("note") or ""),
    )
    platform.library.curate(actor, document_id, data)
    return RedirectResponse(f"/library/{document_id}", status_code=303)

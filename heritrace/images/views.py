"""The "Identify by photo" page: upload or drop a photo, see the register objects it shows."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import UploadFile

from heritrace.core.actor import Actor
from heritrace.core.errors import DomainError, ValidationFailed
from heritrace.core.http import get_actor, get_platform
from heritrace.core.i18n import _
from heritrace.diligence.api import read_limited
from heritrace.images.api import identify_upload
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields
from heritrace.web.pages import check_csrf, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]


@router.get("/identify", response_class=HTMLResponse)
def identify_page(request: Request, actor: CurrentActor) -> HTMLResponse:
    return render(request, "images/identify.html", {"result": None, "error": None})


@router.post("/identify", response_class=HTMLResponse)
def identify_submit(
    request: Request, platform: Platform, actor: CurrentActor, form: FormFields
) -> HTMLResponse:
    check_csrf(request, form.get("csrf_token"))
    upload = form.get("photo")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise ValidationFailed({"photo": _("choose a photo")})
        data = read_limited(upload, platform.settings.max_upload_bytes, "photo")
        result = identify_upload(platform, actor, data)
    except ValidationFailed as exc:
        return render(
            request, "images/identify.html", {"result": None, "error": "; ".join(exc.errors.values())}, 422
        )
    except DomainError as exc:
        return render(
            request, "images/identify.html", {"result": None, "error": exc.message}, exc.status_code
        )
    return render(request, "images/identify.html", {"result": result, "error": None})

"""Pages of inventories: the organisation's inventory with "Report stolen", the holder's consent to
police searches, and the police search of consenting inventories."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from heritrace.core.actor import ADMIN_ROLES, Actor
from heritrace.core.errors import ValidationFailed
from heritrace.core.http import get_actor, get_platform
from heritrace.core.i18n import _
from heritrace.images.decode import ImageRejected, load_image
from heritrace.objects.choices import display
from heritrace.objects.inventory_api import InventorySearchIn
from heritrace.objects.models import INCIDENT_TYPES, REGISTER_CLASSIFICATIONS
from heritrace.objects.presenters import summary_out
from heritrace.objects.schemas import TheftReportIn
from heritrace.objects.service import ObjectFilters
from heritrace.platform import Heritrace
from heritrace.screening.inventory import may_search_inventories
from heritrace.web.forms import FormFields, read_bytes
from heritrace.web.pages import check_csrf, form_errors, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
REPORT_FIELDS = ("status", "incident_type", "date", "place", "country", "circumstances", "police_reference")
SEARCH_FIELDS = ("title", "description", "maker", "type_of_object", "date_or_period", "materials_techniques")
PAGE = 200


def _inventory(
    request: Request, platform: Heritrace, actor: Actor, errors: dict, values: dict, code: int = 200
):  # noqa: ANN202
    items, total, _ = platform.objects.list(actor, ObjectFilters(inventory=True), 1, PAGE)
    context = {
        "items": [summary_out(o, actor) for o in items],
        "total": total,
        "errors": errors,
        "values": values,
        "is_admin": bool(ADMIN_ROLES & actor.roles),
        "police_search": platform.inventory.police_search_allowed(actor),
        "statuses": [(s, display(s)) for s in ("stolen", "missing", "looted")],
        "incident_types": [(t, display(t)) for t in INCIDENT_TYPES if t != "other"],
        "classifications": [(c, display(c)) for c in REGISTER_CLASSIFICATIONS],
        "reported": request.query_params.get("reported"),
    }
    return render(request, "objects/inventory.html", context, code)


@router.get("/inventory", response_class=HTMLResponse)
def inventory_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    return _inventory(request, platform, actor, {}, {})


@router.post("/inventory/report-stolen", response_class=HTMLResponse)
def report_submit(request: Request, platform: Platform, actor: CurrentActor, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    values = {k: str(form.get(k) or "").strip() for k in (*REPORT_FIELDS, "classification")}
    chosen = [str(v) for v in form.getlist("object_ids")]
    try:
        report = TheftReportIn.model_validate(
            {
                **{k: v or None for k, v in values.items() if k in REPORT_FIELDS[2:]},
                "object_ids": chosen,
                "status": values["status"] or "stolen",
                "incident_type": values["incident_type"] or "theft",
                "classification": values["classification"] or "public",
            }  # fmt: skip
        )
        ids = platform.inventory.report_stolen(actor, report)
    except ValidationError as exc:
        errors = form_errors(exc)
        if "object_ids" in errors:
            errors["object_ids"] = _("choose the objects that were stolen")
        return _inventory(request, platform, actor, errors, values, 422)
    except ValidationFailed as exc:
        return _inventory(request, platform, actor, exc.errors, values, 422)
    return RedirectResponse(f"/inventory?reported={len(ids)}", status_code=303)


@router.post("/inventory/police-search", response_class=HTMLResponse)
def police_search_submit(request: Request, platform: Platform, actor: CurrentActor, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    platform.inventory.allow_police_search(actor, form.get("allowed") == "yes")
    return RedirectResponse("/inventory", status_code=303)


@router.get("/inventory-search", response_class=HTMLResponse)
def search_page(request: Request, actor: CurrentActor) -> HTMLResponse:
    context = {"values": {}, "hits": None, "errors": {}, "allowed": may_search_inventories(actor)}
    return render(request, "objects/inventory_search.html", context)


@router.post("/inventory-search", response_class=HTMLResponse)
def search_submit(request: Request, platform: Platform, actor: CurrentActor, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    values = {k: str(form.get(k) or "").strip() for k in SEARCH_FIELDS}
    upload = form.get("photo")
    context = {"values": values, "hits": None, "errors": {}, "allowed": may_search_inventories(actor)}
    try:
        query = InventorySearchIn.model_validate({k: v for k, v in values.items() if v}).query()
        photo = None
        if isinstance(upload, UploadFile) and upload.filename:
            data = read_bytes(upload, platform.settings.max_upload_bytes + 1)
            photo = load_image(
                data, max_bytes=platform.images.max_bytes, max_pixels=platform.images.max_pixels
            )
        context["hits"] = platform.inventory_search.search(actor, query, photo)
    except ValidationError as exc:
        context["errors"] = form_errors(exc)
    except ImageRejected as exc:
        context["errors"] = {"photo": exc.reason}
    except ValidationFailed as exc:
        context["errors"] = exc.errors
    code = 422 if context["errors"] else 200
    return render(request, "objects/inventory_search.html", context, code)

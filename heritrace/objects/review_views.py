"""The review queue page: flagged values of the organisation's records, fixed in place."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from heritrace.core.actor import Actor
from heritrace.core.errors import Conflict, ValidationFailed
from heritrace.core.http import get_actor, get_platform
from heritrace.objects.choices import display
from heritrace.objects.describe import flag_text
from heritrace.objects.models import INCIDENT_TYPES, STATUSES, CulturalObject
from heritrace.objects.review import FIXED_IN_INCIDENT, FIXED_IN_RECORD
from heritrace.objects.service import flag_entries
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields
from heritrace.web.pages import check_csrf, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
PER_PAGE = 20
COLUMNS = {"type_of_object": "type_text", "date_or_period": "date_text", "measurements": "measurements_text"}


def _current(obj: CulturalObject, field: str) -> str:
    """The value of a flagged field as it is now, for the input that fixes it."""
    if field.startswith("incident."):
        _, n, key = field.split(".")
        incident = obj.incidents[int(n)] if int(n) < len(obj.incidents) else None
        value = {"type": "type_text", "date": "date_text"}.get(key, key)
        return str((getattr(incident, value, None) or getattr(incident, key, None) or "") if incident else "")
    if field == "country":
        return obj.country or obj.country_text or ""
    value = getattr(obj, COLUMNS.get(field, field), None)
    return "" if value is None else str(value)


def _entry(obj: CulturalObject) -> dict:
    flags = []
    for flag in flag_entries(obj):
        field = flag["field"]
        fixable = field in FIXED_IN_RECORD or field == "status"
        fixable = fixable or (field.startswith("incident.") and field.split(".")[-1] in FIXED_IN_INCIDENT)
        shown = flag_text(flag)
        flags.append({**flag, "message": shown, "current": _current(obj, field), "fixable": fixable})
    return {"id": obj.external_id, "title": obj.title, "version": obj.version, "flags": flags}


def _page(request: Request, platform: Heritrace, actor: Actor, errors: dict, code: int = 200) -> HTMLResponse:
    page = request.query_params.get("page", "1")
    page = max(1, min(int(page) if page.isdigit() else 1, 100000))
    records, total = platform.review.flagged(actor, page, PER_PAGE)
    context = {
        "entries": [_entry(o) for o in records],
        "total": total,
        "page": page,
        "pages": (total + PER_PAGE - 1) // PER_PAGE,
        "errors": errors,
        "statuses": [(s, display(s)) for s in STATUSES if s != "held"],
        "incident_types": [(t, display(t)) for t in INCIDENT_TYPES],
    }
    return render(request, "objects/review.html", context, code)


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    return _page(request, platform, actor, {})


@router.post("/review/{object_id}", response_class=HTMLResponse)
def review_submit(
    request: Request, platform: Platform, actor: CurrentActor, object_id: str, form: FormFields
):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    field = str(form.get("field") or "")
    version = str(form.get("version") or "0")
    try:
        version_number = int(version) if version.isdigit() else 0
        if form.get("action") == "keep":
            platform.review.keep(actor, object_id, field, version_number)
        else:
            platform.review.fix(actor, object_id, field, str(form.get("value") or ""), version_number)
    except (ValidationFailed, Conflict) as exc:
        message = "; ".join(exc.errors.values()) if isinstance(exc, ValidationFailed) else exc.message
        return _page(request, platform, actor, {f"{object_id}:{field}": message}, exc.status_code)
    return RedirectResponse(f"/review#{object_id}", status_code=303)

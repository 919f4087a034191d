"""The import page: upload a register file, map its columns, preview, import in the background."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import FormData, UploadFile

from heritrace.core.actor import Actor
from heritrace.core.errors import ValidationFailed
from heritrace.core.http import get_actor, get_platform
from heritrace.core.i18n import N_, _
from heritrace.objects.choices import display
from heritrace.objects.imports import PAGE_TARGETS, Mapping, Preview
from heritrace.objects.models import REGISTER_CLASSIFICATIONS, STATUSES, ImportJob
from heritrace.objects.profiles import IGNORE
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields, read_bytes
from heritrace.web.pages import check_csrf, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
FIELD_LABELS = {
    IGNORE: N_("leave out"),
    "id": N_("record id"),
    "identifiers": N_("other ids (scheme=value|…)"),
    "type_of_object": N_("type of object"),
    "date_or_period": N_("date or period"),
    "materials_techniques": N_("materials and techniques"),
    "inscriptions_markings": N_("inscriptions and markings"),
    "distinguishing_features": N_("distinguishing features"),
    "place_of_origin": N_("place of origin"),
    "inventory_number": N_("inventory number"),
    "related_written_material": N_("related written material"),
    "cross_references": N_("cross references"),
    "date_documented": N_("date documented"),
}
STATES = {
    "uploaded": N_("uploaded"),
    "queued": N_("waiting to start"),
    "running": N_("importing"),
    "done": N_("done"),
    "failed": N_("failed"),
}


def field_label(target: str) -> str:
    if target.startswith("incident."):
        return f"incident: {target.removeprefix('incident.').replace('_', ' ')}"
    return FIELD_LABELS.get(target, target.replace("_", " "))


def _choices() -> dict:
    return {
        "targets": [(t, field_label(t)) for t in (IGNORE, *PAGE_TARGETS)],
        "statuses": [(s, display(s)) for s in STATUSES if s != "held"],
        "classifications": [(c, display(c)) for c in REGISTER_CLASSIFICATIONS],
        "states": STATES,
    }


@router.get("/imports", response_class=HTMLResponse)
def imports_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    jobs = platform.imports.recent(actor)
    return render(request, "objects/imports.html", {"jobs": jobs, "errors": {}, **_choices()})


@router.post("/imports", response_class=HTMLResponse)
def upload_submit(request: Request, platform: Platform, actor: CurrentActor, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise ValidationFailed({"file": _("choose a CSV, TSV, JSON Lines or XLSX file")})
        data = read_bytes(upload, platform.settings.max_import_bytes + 1)
        inventory = form.get("inventory") is not None
        job = platform.imports.upload(actor, upload.filename, data, inventory)
    except ValidationFailed as exc:
        jobs = platform.imports.recent(actor)
        context = {"jobs": jobs, "errors": exc.errors or {"file": exc.message}, **_choices()}
        return render(request, "objects/imports.html", context, exc.status_code)
    return RedirectResponse(f"/imports/{job.id}", status_code=303)


@router.get("/imports/{job_id}", response_class=HTMLResponse)
def import_page(request: Request, platform: Platform, actor: CurrentActor, job_id: int) -> HTMLResponse:
    job = platform.imports.get(actor, job_id)
    return _job_page(request, platform, job, platform.imports.mapping(job), None, {})


@router.get("/imports/{job_id}/progress", response_class=HTMLResponse)
def progress_fragment(request: Request, platform: Platform, actor: CurrentActor, job_id: int) -> HTMLResponse:
    job = platform.imports.get(actor, job_id)
    return render(request, "objects/import_progress.html", {"job": job, **_report(job), **_choices()})


@router.post("/imports/{job_id}", response_class=HTMLResponse)
def mapping_submit(request: Request, platform: Platform, actor: CurrentActor, job_id: int, form: FormFields):  # noqa: ANN201
    """Preview the mapping (``action=preview``) or start the import with it (``action=import``)."""
    check_csrf(request, form.get("csrf_token"))
    job = platform.imports.get(actor, job_id)
    mapping = _mapping(form, platform.imports.columns(job)[0])
    try:
        if form.get("action") == "import":
            platform.imports.start(actor, job_id, mapping)
            return RedirectResponse(f"/imports/{job_id}", status_code=303)
        preview = platform.imports.preview(actor, job_id, mapping)
    except ValidationFailed as exc:
        return _job_page(request, platform, job, mapping, None, exc.errors or {"mapping": exc.message}, 422)
    return _job_page(request, platform, platform.imports.get(actor, job_id), mapping, preview, {})


def _mapping(form: FormData, headers: list[str]) -> Mapping:
    allowed = {IGNORE, *PAGE_TARGETS}
    columns = {}
    for n, header in enumerate(headers):
        target = str(form.get(f"column-{n}") or IGNORE)
        columns[header] = target if target in allowed else IGNORE
    defaults = {k: str(form.get(f"default-{k}") or "") for k in ("status", "classification")}
    inventory = form.get("inventory") is not None
    if inventory:
        defaults = {}
    return Mapping(columns, {k: v for k, v in defaults.items() if v}, inventory)


def _job_page(
    request: Request,
    platform: Heritrace,
    job: ImportJob,
    mapping: Mapping,
    preview: Preview | None,
    errors: dict,
    status_code: int = 200,
) -> HTMLResponse:
    headers, samples = platform.imports.columns(job) if job.state == "uploaded" else ([], [])
    context = {
        "job": job,
        "columns": [
            (n, h, mapping.columns.get(h, IGNORE), [s.get(h) for s in samples]) for n, h in enumerate(headers)
        ],
        "mapping": mapping,
        "preview": preview,
        "errors": errors,
        **_report(job),
        **_choices(),
    }
    return render(request, "objects/import.html", context, status_code)


def _report(job: ImportJob) -> dict:
    return {"rejected_rows": json.loads(job.report) if job.report else []}

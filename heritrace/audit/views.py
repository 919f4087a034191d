"""Administrators' pages of the audit log: browse and export. There is no page that changes it."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from heritrace.audit.api import audit_filters, export_response
from heritrace.audit.browse import AuditFilters
from heritrace.core.actor import Actor
from heritrace.core.http import get_actor, get_platform
from heritrace.platform import Heritrace
from heritrace.web.pages import render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
PER_PAGE = 100


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    platform: Platform,
    actor: CurrentActor,
    filters: Annotated[AuditFilters, Depends(audit_filters)],
    page: int = 1,
) -> HTMLResponse:
    page = max(1, min(page, 100000))
    rows, total = platform.audit.page(actor, filters, page, PER_PAGE)
    return render(
        request,
        "audit/log.html",
        {
            "rows": rows,
            "total": total,
            "page": page,
            "per_page": PER_PAGE,
            "filters": filters,
            "query": request.url.query,
            "short": _short,
        },
    )


@router.get("/admin/audit/export")
def audit_export(
    platform: Platform,
    actor: CurrentActor,
    filters: Annotated[AuditFilters, Depends(audit_filters)],
    format: Literal["csv", "jsonl"] = "csv",
) -> StreamingResponse:
    return export_response(platform, actor, filters, format)


def _short(value: str | None) -> str:
    if not value:
        return ""
    try:
        text = json.dumps(json.loads(value), ensure_ascii=False)
    except ValueError:
        text = value
    return text if len(text) <= 160 else text[:157] + "…"

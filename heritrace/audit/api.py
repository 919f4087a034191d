"""REST endpoints of the audit log: read and export only; nothing can change an entry."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from heritrace.audit.browse import AuditFilters, csv_lines, entry_dict, jsonl_lines
from heritrace.core.actor import Actor
from heritrace.core.http import UtcDateTime, error_responses, get_actor, get_platform
from heritrace.platform import Heritrace

router = APIRouter(prefix="/api/v1", tags=["audit"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]


class AuditEntryOut(BaseModel):
    id: int
    at: UtcDateTime
    actor: str
    user_id: int | None
    organisation_id: int | None
    action: str
    entity: str
    entity_id: str
    before: str | None
    after: str | None
    request_id: str | None
    prev_hash: str
    entry_hash: str


class AuditPage(BaseModel):
    items: list[AuditEntryOut]
    total: int
    page: int
    per_page: int


def audit_filters(
    action: Annotated[str | None, Query(max_length=40)] = None,
    entity: Annotated[str | None, Query(max_length=40)] = None,
    entity_id: Annotated[str | None, Query(max_length=120)] = None,
    actor_name: Annotated[str | None, Query(alias="actor", max_length=200)] = None,
) -> AuditFilters:
    return AuditFilters(action=action, entity=entity, entity_id=entity_id, actor=actor_name)


@router.get("/audit", response_model=AuditPage, responses=error_responses(422))
def browse(
    platform: Platform,
    actor: CurrentActor,
    filters: Annotated[AuditFilters, Depends(audit_filters)],
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AuditPage:
    rows, total = platform.audit.page(actor, filters, page, per_page)
    return AuditPage(
        items=[AuditEntryOut(**entry_dict(e)) for e in rows], total=total, page=page, per_page=per_page
    )


@router.get(
    "/audit/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}, **error_responses(422)},
)
def export(
    platform: Platform,
    actor: CurrentActor,
    filters: Annotated[AuditFilters, Depends(audit_filters)],
    format: Literal["csv", "jsonl"] = "jsonl",
) -> StreamingResponse:
    return export_response(platform, actor, filters, format)


def export_response(platform: Heritrace, actor: Actor, filters: AuditFilters, fmt: str) -> StreamingResponse:
    entries = platform.audit.iter_entries(actor, filters)
    first = next(entries, None)  # raises Forbidden before the response starts streaming

    def chained():  # noqa: ANN202
        if first is not None:
            yield first
        yield from entries

    media = "text/csv" if fmt == "csv" else "application/x-ndjson"
    body = csv_lines(chained()) if fmt == "csv" else jsonl_lines(chained())
    return StreamingResponse(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="heritrace-audit.{fmt}"'},
    )

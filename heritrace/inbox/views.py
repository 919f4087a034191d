"""The organisation's inbox page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from heritrace.core.actor import Actor
from heritrace.core.http import get_actor, get_platform
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields
from heritrace.web.pages import check_csrf, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    inbox = platform.diligence.inbox
    return render(
        request, "inbox/list.html", {"entries": inbox.entries(actor), "unread": inbox.unread_count(actor)}
    )


@router.post("/inbox/{entry_id}/read")
def mark_read(
    request: Request, platform: Platform, actor: CurrentActor, entry_id: int, form: FormFields
) -> RedirectResponse:
    check_csrf(request, form.get("csrf_token"))
    platform.diligence.inbox.mark_read(actor, entry_id)
    return RedirectResponse("/inbox", status_code=303)

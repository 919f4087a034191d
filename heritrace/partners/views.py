"""Pages of the partner network: the directory by type and country, vetting by the operator."""

from __future__ import annotations

from itertools import groupby
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from heritrace.core.actor import Actor
from heritrace.core.errors import ValidationFailed
from heritrace.core.http import get_actor, get_platform
from heritrace.core.i18n import _
from heritrace.partners.models import ORGANISATION_KINDS, VETTING_STATES
from heritrace.partners.schemas import VettingIn
from heritrace.partners.service import organisation_out
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields
from heritrace.web.pages import check_csrf, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]


@router.get("/partners", response_class=HTMLResponse)
def directory_page(
    request: Request,
    platform: Platform,
    actor: CurrentActor,
    kind: str | None = None,
    country: str | None = None,
) -> HTMLResponse:
    kind = kind if kind in ORGANISATION_KINDS else None
    country = country.upper()[:2] if country and country.isalpha() else None
    orgs = [organisation_out(o, actor) for o in platform.partners.directory(actor, kind, country)]
    groups = [(ORGANISATION_KINDS[k], list(g)) for k, g in groupby(orgs, key=lambda o: o.kind)]
    return render(
        request,
        "partners/directory.html",
        {
            "groups": groups,
            "kinds": ORGANISATION_KINDS,
            "kind": kind,
            "country": country,
            "vetting_states": VETTING_STATES,
            "operator": actor.has_role("platform_admin"),
        },
    )


@router.post("/partners/{organisation_id}/vetting")
def vetting_submit(
    request: Request, platform: Platform, actor: CurrentActor, organisation_id: int, form: FormFields
) -> RedirectResponse:
    check_csrf(request, form.get("csrf_token"))
    try:
        change = VettingIn(vetting=str(form.get("vetting") or ""), reason=str(form.get("reason") or ""))
    except ValidationError:
        raise ValidationFailed({"vetting": _("choose a vetting state and give a reason")}) from None
    platform.partners.set_vetting(actor, organisation_id, change)
    return RedirectResponse("/partners", status_code=303)

"""Pages and endpoints of the exchange standards: the OAI-PMH provider (``/oai``), the Object ID
checklist (blank and per record), and Linked Art JSON-LD at a record's stable URL (``GET
/objects/{id}`` with ``Accept: application/ld+json``, answered by ``objects.views``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from heritrace.core.actor import Actor
from heritrace.core.http import get_actor, get_platform
from heritrace.objects.presenters import image_url, object_out
from heritrace.partners.service import organisation_names
from heritrace.platform import Heritrace
from heritrace.standards import oai
from heritrace.standards.checklist import CATEGORIES, checklist
from heritrace.standards.lido import record_url
from heritrace.standards.linked_art import linked_art
from heritrace.standards.records import standard_record
from heritrace.web.forms import FormFields
from heritrace.web.pages import render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
JSON_LD = "application/ld+json"
OAI_XML = "text/xml; charset=utf-8"


def base_url(platform: Heritrace, request: Request) -> str:
    """The node's public base URL: the operator's setting, else the one this request came in on."""
    return (platform.settings.public_url or str(request.base_url)).rstrip("/")


def wants_linked_art(request: Request) -> bool:
    """Content negotiation: JSON-LD when the client prefers it to HTML (q-values respected)."""
    best = {JSON_LD: 0.0, "text/html": 0.0}
    for part in request.headers.get("accept", "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = next((p[2:] for p in params if p.startswith("q=")), "1")
        try:
            weight = float(q)
        except ValueError:
            continue
        if media.lower() in best:
            best[media.lower()] = max(best[media.lower()], weight)
    return best[JSON_LD] > 0 and best[JSON_LD] >= best["text/html"]


def linked_art_response(platform: Heritrace, request: Request, actor: Actor, object_id: str) -> Response:
    """The record as Linked Art JSON-LD, as ``actor`` may see it (404 like the page otherwise)."""
    obj = platform.objects.get(actor, object_id)
    with platform.sessions() as s:
        names = organisation_names(s, {obj.organisation_id})
    base = base_url(platform, request)
    rec = standard_record(obj, image_url, names.get(obj.organisation_id), actor)
    doc = linked_art(rec, record_url(base, obj.external_id), image_url=base)
    return JSONResponse(doc, media_type=JSON_LD, headers={"Vary": "Accept"})


def _repository(platform: Heritrace, request: Request) -> oai.Repository:
    name = platform.settings.node_name
    return oai.Repository(f"Heritrace ({name})", name, base_url(platform, request))


@router.get("/oai")
def oai_get(request: Request, platform: Platform) -> Response:
    body = oai.answer(
        platform.sessions, _repository(platform, request), list(request.query_params.multi_items())
    )
    return Response(body, media_type=OAI_XML)


@router.post("/oai")
def oai_post(request: Request, platform: Platform, form: FormFields) -> Response:
    """OAI-PMH also allows POST with the arguments form-encoded in the body."""
    params = [(k, str(v)) for k, v in form.multi_items()]
    body = oai.answer(platform.sessions, _repository(platform, request), params)
    return Response(body, media_type=OAI_XML)


@router.get("/object-id", response_class=HTMLResponse)
def blank_checklist(request: Request) -> HTMLResponse:
    return render(request, "standards/checklist.html", _context(None))


@router.get("/objects/{object_id}/object-id", response_class=HTMLResponse)
def record_checklist(
    request: Request, platform: Platform, actor: CurrentActor, object_id: str
) -> HTMLResponse:
    return render(
        request,
        "standards/checklist.html",
        _context(object_out(platform.objects.get(actor, object_id), actor)),
    )


def _context(obj) -> dict:  # noqa: ANN001
    lines = checklist(obj)
    return {
        "obj": obj,
        "lines": lines,
        "documented": sum(line.documented for line in lines),
        "core_count": sum(c.core for c in CATEGORIES),
    }

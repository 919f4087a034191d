"""REST API of expert consultations (``/api/v1/consultations``) and declared expertise: thin handlers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, UploadFile
from fastapi.responses import Response

from heritrace.consultations.models import Consultation
from heritrace.consultations.presenters import attachment_out, consultation_out, names_for, summary_out
from heritrace.consultations.schemas import (
    AttachmentOut,
    CloseIn,
    ConsultationIn,
    ConsultationOut,
    ConsultationSummary,
    ExpertiseIn,
    ExpertiseOut,
    LinkIn,
    MessageOut,
)
from heritrace.core.actor import Actor
from heritrace.core.errors import ValidationFailed
from heritrace.core.http import error_responses, get_actor, get_platform, opaque_download
from heritrace.core.i18n import _
from heritrace.platform import Heritrace
from heritrace.web.forms import read_upload

router = APIRouter(prefix="/api/v1", tags=["consultations"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
Id = Annotated[int, Path(ge=1, le=2_000_000_000)]
WRITE_ERRORS = error_responses(404, 409, 413, 422, 503)


def out(platform: Heritrace, actor: Actor, c: Consultation) -> ConsultationOut:
    names = platform.consultations.organisation_names(names_for(c))
    return ConsultationOut(**consultation_out(c, actor, names))


@router.get("/consultations", responses=error_responses(503))
def list_consultations(platform: Platform, actor: CurrentActor) -> list[ConsultationSummary]:
    found = platform.consultations.list(actor)
    names = platform.consultations.organisation_names({c.organisation_id for c in found})
    return [ConsultationSummary(**summary_out(c, names)) for c in found]


@router.post("/consultations", status_code=201, responses=error_responses(404, 422, 503))
def open_consultation(platform: Platform, actor: CurrentActor, body: ConsultationIn) -> ConsultationOut:
    return out(platform, actor, platform.consultations.open(actor, body))


@router.get("/consultations/{consultation_id}", responses=error_responses(404, 422, 503))
def get_consultation(platform: Platform, actor: CurrentActor, consultation_id: Id) -> ConsultationOut:
    return out(platform, actor, platform.consultations.get(actor, consultation_id))


@router.post("/consultations/{consultation_id}/photos", status_code=201, responses=WRITE_ERRORS)
def add_photo(
    platform: Platform, actor: CurrentActor, consultation_id: Id, file: Annotated[UploadFile, File()]
) -> AttachmentOut:
    photo = read_upload(file, platform.settings.max_attachment_bytes)
    if photo is None:
        raise ValidationFailed({"file": _("choose a photo")})
    att = platform.consultations.add_photo(actor, consultation_id, photo)
    return AttachmentOut(**attachment_out(att))


@router.post("/consultations/{consultation_id}/messages", status_code=201, responses=WRITE_ERRORS)
def post_message(
    platform: Platform,
    actor: CurrentActor,
    consultation_id: Id,
    body: Annotated[str, Form(max_length=20_000)] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> MessageOut:
    upload = read_upload(file, platform.settings.max_attachment_bytes)
    msg = platform.consultations.post_message(actor, consultation_id, body, upload)
    shown_thread = out(platform, actor, platform.consultations.get(actor, consultation_id))
    [shown] = [m for m in shown_thread.messages if m.id == msg.id]
    return shown


@router.get(
    "/consultations/{consultation_id}/attachments/{attachment_id}",
    response_class=Response,
    responses={
        200: {"content": {"image/jpeg": {}, "application/octet-stream": {}}},
        **error_responses(404, 422, 503),
    },
)
def attachment(platform: Platform, actor: CurrentActor, consultation_id: Id, attachment_id: Id) -> Response:
    att, data = platform.consultations.attachment(actor, consultation_id, attachment_id)
    if att.kind == "photo":
        return Response(data, media_type="image/jpeg", headers={"X-Content-Type-Options": "nosniff"})
    return opaque_download(data, att.filename)


@router.post("/consultations/{consultation_id}/close", responses=error_responses(404, 409, 422, 503))
def close(platform: Platform, actor: CurrentActor, consultation_id: Id, body: CloseIn) -> ConsultationOut:
    return out(platform, actor, platform.consultations.close(actor, consultation_id, body))


@router.post("/consultations/{consultation_id}/link", responses=error_responses(404, 422, 503))
def link(platform: Platform, actor: CurrentActor, consultation_id: Id, body: LinkIn) -> ConsultationOut:
    return out(platform, actor, platform.consultations.link(actor, consultation_id, body))


@router.get("/expertise", responses=error_responses(503))
def expertise(platform: Platform, actor: CurrentActor) -> list[ExpertiseOut]:
    return [ExpertiseOut(**e) for e in platform.consultations.expertise()]


@router.put("/expertise/organisation", responses=error_responses(422, 503))
def declare_expertise(platform: Platform, actor: CurrentActor, body: ExpertiseIn) -> dict[str, list[str]]:
    return {"fields": platform.consultations.declare_expertise(actor, body)}

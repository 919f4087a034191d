"""Routes of the federation.

``/federation/v1/...`` answers peer nodes: every request there is signed by a peer (checked by
``federation.middleware`` before any route runs) and made for one of its people, whose rights here are
those this node grants their organisation. ``/api/v1/federation/...`` is for this node's people: the
same questions asked of every peer at once, merged, with each node's coverage."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Depends, File, Path, Query, UploadFile
from sqlalchemy import func, select

from heritrace.cases.messages import visible_messages
from heritrace.cases.presenters import case_out, messages_out
from heritrace.core.actor import Actor
from heritrace.core.errors import NotFound, ValidationFailed
from heritrace.core.http import error_responses, get_actor, get_platform
from heritrace.core.i18n import N_, Message, _
from heritrace.diligence.api import read_limited
from heritrace.diligence.service import SubmittedPhoto
from heritrace.federation.alerts import receive_alert
from heritrace.federation.queries import federated_identify, federated_search
from heritrace.federation.schemas import (
    AlertFromPeer,
    CaseNotice,
    CheckAsk,
    FederatedIdentifyOut,
    FederatedSearchOut,
    MessageIn,
    ParticipantIn,
    ParticipantOut,
    PeerOut,
    RemoteCaseOut,
    RemoteMessageOut,
    SearchAsk,
)
from heritrace.partners.models import Organisation
from heritrace.platform import Heritrace
from heritrace.web.forms import RawBody

peer_router = APIRouter(prefix="/federation/v1", include_in_schema=False)
router = APIRouter(prefix="/api/v1", tags=["federation"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
Id = Annotated[int, Path(ge=1, le=2_000_000_000)]
PeerName = Annotated[str, Path(min_length=1, max_length=63, pattern=r"^[a-z0-9][a-z0-9.-]*$")]


# -- answering peers -------------------------------------------------------------------------------


@peer_router.get("/status")
def status(platform: Platform, actor: CurrentActor) -> dict:
    return {"node": platform.federation.status()}


@peer_router.get("/organisations")
def organisations(platform: Platform, actor: CurrentActor) -> dict:
    """This node's own vetted organisations, for the peer's operator to decide what it grants them."""
    with platform.sessions() as s:
        rows = s.scalars(
            select(Organisation).where(Organisation.node_id.is_(None), Organisation.vetting == "vetted")
        ).all()
        return {
            "node": platform.federation.status(),
            "organisations": [
                {"id": o.id, "name": o.name, "kind": o.kind, "country": o.country} for o in rows
            ],
        }


@peer_router.post("/search")
def answer_search(platform: Platform, actor: CurrentActor, body: SearchAsk) -> dict:
    from heritrace.screening.api import similar_records

    hits = similar_records(platform, actor, body.q, body.top)
    results = [
        {"object_id": h.object_id, "title": h.title, "maker": h.maker, "score": h.probability,
         "probability": h.probability, "log2_odds": h.score, "verdict": h.verdict}
        for h in hits
    ]  # fmt: skip
    return {"node": platform.federation.status(), "results": results}


@peer_router.post("/identify")
def answer_identify(
    platform: Platform, actor: CurrentActor, data: RawBody, top: Annotated[int, Query(ge=1, le=10)] = 10
) -> dict:
    from heritrace.images.api import identify_upload

    found = identify_upload(platform, actor, data, top)
    candidates = [c.model_dump(exclude={"explanation_image"}) for c in found.candidates]
    return {"node": platform.federation.status(), "candidates": candidates}


@peer_router.post("/due-diligence")
def answer_check(platform: Platform, actor: CurrentActor, body: CheckAsk) -> dict:
    try:
        photos = [
            SubmittedPhoto(f"photo-{n}", base64.b64decode(p, validate=True))
            for n, p in enumerate(body.photos, 1)
        ]
    except binascii.Error:
        raise ValidationFailed({"photos": _("photos are base64")}) from None
    record = platform.diligence.check(actor, body.query, photos)
    return {
        "node": platform.federation.status(),
        "check_id": record.check_id,
        "verdict": record.verdict,
        "candidates": record.candidates,
        "coverage": record.coverage,
    }


@peer_router.post("/alerts")
def answer_alert(platform: Platform, actor: CurrentActor, body: AlertFromPeer) -> dict:
    alert_id, new = receive_alert(platform, actor, body)
    return {"alert_id": alert_id, "new": new}


@peer_router.post("/case-notices")
def answer_case_notice(platform: Platform, actor: CurrentActor, body: CaseNotice) -> dict:
    """A peer named one of this node's organisations as a participant of one of its cases."""
    peer = platform.federation.peer_named_by_id(actor.node_id)
    with platform.sessions() as s:
        org = s.get(Organisation, body.organisation_id)
        if org is None or org.node_id is not None:
            raise NotFound(_("no organisation %(id)s on this node", id=body.organisation_id))
    platform.alerts.notify(
        [org.id],
        "case_invitation",
        Message(N_("Case on node %(node)s: %(title)s"), {"node": peer.name, "title": body.title}),
        Message(
            N_("%(who)s named your organisation as a participant of case %(case)s on node %(node)s."),
            {"who": actor.name, "case": body.case_id, "node": peer.name},
        ),
        link=f"/api/v1/federation/peers/{peer.name}/cases/{body.case_id}",
        sender=(f"Heritrace node {peer.name}", None),
        event_key=f"peer:{peer.name}:case:{body.case_id}:{org.id}",
    )
    return {"notified": org.id}


@peer_router.get("/cases/{case_id}")
def answer_case(platform: Platform, actor: CurrentActor, case_id: Id) -> dict:
    case = platform.cases.get(actor, case_id)
    readable = platform.cases.readable_object_ids(actor, [case])
    out = case_out(case, actor, platform.cases.visible_documents(actor, case), readable)
    messages = messages_out(visible_messages(actor, case), case.documents)
    return {"case": out.model_dump(mode="json"), "messages": [m.model_dump(mode="json") for m in messages]}


@peer_router.post("/cases/{case_id}/messages")
def answer_case_message(platform: Platform, actor: CurrentActor, case_id: Id, body: MessageIn) -> dict:
    message = platform.cases.post_message(actor, case_id, body.text)
    return {"message_id": message.id, "classification": message.classification}


# -- asking peers ----------------------------------------------------------------------------------


@router.get("/federation/peers", response_model=list[PeerOut], responses=error_responses(503))
def list_peers(platform: Platform, actor: CurrentActor) -> list[PeerOut]:
    """The peer nodes this node cooperates with, and how many of their organisations it knows."""
    with platform.sessions() as s:
        counts = dict(
            s.execute(
                select(Organisation.node_id, func.count())
                .where(Organisation.node_id.is_not(None))
                .group_by(Organisation.node_id)
            ).all()
        )
    return [
        PeerOut(
            name=p.name,
            base_url=p.base_url,
            key_id=p.key_id,
            active=p.active,
            timeout_s=p.timeout_s,
            organisations=counts.get(p.id, 0),
        )
        for p in platform.federation.peers(active_only=False)
    ]


@router.get("/federation/search", response_model=FederatedSearchOut, responses=error_responses(422, 503))
def search_federation(
    platform: Platform,
    actor: CurrentActor,
    q: Annotated[str, Query(min_length=1, max_length=2000, description="free-text description")],
    top: Annotated[int, Query(ge=1, le=50)] = 10,
) -> FederatedSearchOut:
    """The text search on this node and on every peer, merged; the coverage names every node."""
    return federated_search(platform, actor, q, top)


@router.post(
    "/federation/identify", response_model=FederatedIdentifyOut, responses=error_responses(413, 422, 503)
)
def identify_federation(
    platform: Platform,
    actor: CurrentActor,
    photo: Annotated[UploadFile, File(description="JPEG, PNG, WebP or TIFF")],
    top: Annotated[int, Query(ge=1, le=10)] = 10,
) -> FederatedIdentifyOut:
    """Photo identification on this node and on every peer, merged, with each node's coverage."""
    data = read_limited(photo, platform.settings.max_upload_bytes, "photo")
    return federated_identify(platform, actor, data, top)


@router.post(
    "/cases/{case_id}/participants",
    status_code=201,
    response_model=ParticipantOut,
    responses=error_responses(403, 404, 422, 503),
)
def add_participant(
    platform: Platform, actor: CurrentActor, case_id: Id, body: ParticipantIn
) -> ParticipantOut:
    """Name an organisation (of this node or of a peer) as a participant of the case; an organisation
    of a peer is told through its own node."""
    org = platform.cases.add_participant(actor, case_id, body.organisation_id)
    told = None
    if org.node_id is not None:
        case = platform.cases.get(actor, case_id)
        peer = platform.federation.peer_named_by_id(org.node_id)
        notice = {"case_id": case_id, "title": case.title[:500], "organisation_id": org.remote_id}
        told = platform.federation.ask(peer, actor, "POST", "/case-notices", json=notice).answered
    return ParticipantOut(organisation_id=org.id, name=org.name, peer_told=told)


@router.get(
    "/federation/peers/{peer}/cases/{case_id}",
    response_model=RemoteCaseOut,
    responses=error_responses(404, 422, 503),
)
def remote_case(platform: Platform, actor: CurrentActor, peer: PeerName, case_id: Id) -> RemoteCaseOut:
    """A case of a peer node in which your organisation takes part, as that node lets you read it."""
    answer = platform.federation.ask_one(peer, actor, "GET", f"/cases/{case_id}")
    if not answer.answered:
        raise NotFound(
            _("case %(id)s on node %(node)s: %(error)s", id=case_id, node=peer, error=answer.error)
        )
    return RemoteCaseOut(node=peer, case=answer.data["case"], messages=answer.data["messages"])


@router.post(
    "/federation/peers/{peer}/cases/{case_id}/messages",
    status_code=201,
    response_model=RemoteMessageOut,
    responses=error_responses(404, 422, 503),
)
def remote_case_message(
    platform: Platform, actor: CurrentActor, peer: PeerName, case_id: Id, body: MessageIn
) -> RemoteMessageOut:
    """Post a message to a case of a peer node in which your organisation takes part."""
    answer = platform.federation.ask_one(
        peer, actor, "POST", f"/cases/{case_id}/messages", json=body.model_dump()
    )
    if not answer.answered:
        raise NotFound(
            _("case %(id)s on node %(node)s: %(error)s", id=case_id, node=peer, error=answer.error)
        )
    return RemoteMessageOut(node=peer, **answer.data)

"""Questions asked of the whole federation: text search, photo identification and due-diligence
checks run on this node and on every peer, merged, with the coverage of each node."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from heritrace.core.actor import Actor
from heritrace.core.i18n import _
from heritrace.federation.schemas import (
    FederatedCandidate,
    FederatedHit,
    FederatedIdentifyOut,
    FederatedSearchOut,
    NodeCoverage,
)
from heritrace.federation.service import PeerAnswer

if TYPE_CHECKING:
    from heritrace.platform import Heritrace

STATEMENT = (
    "Only the nodes listed as answered were searched, each as far as its own access rules let your "
    "organisation read. A node that did not answer was not searched: absence of a match there proves nothing."
)


def own_coverage(platform: Heritrace) -> NodeCoverage:
    status = platform.federation.status()
    url = platform.settings.public_url
    return NodeCoverage(
        node=status["name"],
        url=url,
        answered=True,
        records=status["records"],
        last_updated=status["last_updated"],
    )


def coverage(platform: Heritrace, answers: list[PeerAnswer]) -> list[NodeCoverage]:
    return [own_coverage(platform), *(NodeCoverage(**a.coverage()) for a in answers)]


def statement(answers: list[PeerAnswer]) -> str:
    silent = [a.peer for a in answers if not a.answered]
    if not silent:
        return _(STATEMENT)
    return _(STATEMENT) + " " + _("Not searched: %(nodes)s.", nodes=", ".join(silent))


def federated_search(platform: Heritrace, actor: Actor, q: str, top: int) -> FederatedSearchOut:
    from heritrace.screening.api import similar_records

    own = platform.settings.node_name
    base = (platform.settings.public_url or "").rstrip("/")
    hits = [_hit(own, base, h.__dict__) for h in similar_records(platform, actor, q, top)]
    answers = platform.federation.ask_all(actor, "POST", "/search", json={"q": q, "top": top})
    for answer in answers:
        if answer.answered:
            hits += [_hit(answer.peer, answer.base_url, h) for h in answer.data.get("results", [])]
    hits.sort(key=lambda h: -h.score)
    return FederatedSearchOut(
        query=q, results=hits[:top], coverage=coverage(platform, answers), statement=statement(answers)
    )


def _hit(node: str, base: str, h: dict) -> FederatedHit:
    return FederatedHit(
        node=node,
        object_id=h["object_id"],
        object_url=f"{base}/objects/{h['object_id']}",
        title=h.get("title"),
        maker=h.get("maker"),
        # the probability: a peer of an earlier version sends its log2 odds as "score"
        score=round(float(h["probability"]), 4),
        probability=round(float(h["probability"]), 4),
        verdict=h["verdict"],
    )


def federated_identify(platform: Heritrace, actor: Actor, data: bytes, top: int) -> FederatedIdentifyOut:
    from heritrace.images.api import identify_upload

    own = identify_upload(platform, actor, data, top)
    candidates = [_candidate(platform.settings.node_name, c.model_dump()) for c in own.candidates]
    answers = platform.federation.ask_all(
        actor,
        "POST",
        "/identify",
        content=data,
        headers={"content-type": "application/octet-stream"},
        params={"top": top},
    )
    for answer in answers:
        if answer.answered:
            candidates += [
                _candidate(answer.peer, c, answer.base_url) for c in answer.data.get("candidates", [])
            ]
    candidates.sort(key=lambda c: -(c.score or 0))
    return FederatedIdentifyOut(
        candidates=candidates, coverage=coverage(platform, answers), statement=statement(answers)
    )


def _candidate(node: str, c: dict, base: str | None = None) -> FederatedCandidate:
    url = c.get("object_url")
    if url and base and url.startswith("/"):
        url = f"{base}{url}"
    return FederatedCandidate(
        node=node,
        object_id=c.get("object_id"),
        object_url=url,
        title=c.get("title"),
        score=c.get("score"),
        verdict=c["verdict"],
        inliers=c.get("inliers"),
        notice=c.get("notice"),
        originating_organisation=c.get("originating_organisation"),
    )


def remote_checks(
    platform: Heritrace, actor: Actor, submitted: dict, photos: list[bytes]
) -> tuple[list[dict], list[dict], list[str]]:
    """A due-diligence check run on every peer: (candidates tagged with their node, coverage sources
    of the nodes that answered, nodes not searched with the reason)."""
    body = {"query": submitted, "photos": [base64.b64encode(p).decode("ascii") for p in photos]}
    answers = platform.federation.ask_all(actor, "POST", "/due-diligence", json=body)
    candidates, sources, missed = [], [], []
    for answer in answers:
        if not answer.answered:
            missed.append(_("Heritrace node %(node)s: %(why)s", node=answer.peer, why=answer.error or ""))
            continue
        check = answer.data
        node = check.get("node", {})
        candidates += [{**c, "node": answer.peer} for c in check.get("candidates", [])]
        sources.append(
            {
                "source": _("Heritrace node %(node)s (register, text and photos)", node=answer.peer),
                "node": answer.peer,
                "records": node.get("records"),
                "photos": None,
                "last_updated": node.get("last_updated"),
                "note": _(
                    "check %(id)s on that node, which applied its own access rules", id=check.get("check_id")
                ),
            }
        )
    return candidates, sources, missed

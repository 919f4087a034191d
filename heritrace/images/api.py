"""``POST /api/v1/identify``: which register objects does this photo show?"""

from __future__ import annotations

import base64
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, UploadFile
from PIL import Image
from pydantic import BaseModel, Field

from heritrace.access.policy import can_read
from heritrace.access.redaction import HIDDEN_MATCH_NOTICE
from heritrace.core.actor import SYSTEM, Actor
from heritrace.core.errors import ValidationFailed
from heritrace.core.http import error_responses, get_actor, get_platform
from heritrace.core.i18n import N_, Message, _
from heritrace.diligence.api import read_limited
from heritrace.images.decode import ImageRejected, load_image
from heritrace.images.explain import explanation_image
from heritrace.images.service import PhotoHit
from heritrace.objects.choices import label_message
from heritrace.objects.reads import record_reads_of
from heritrace.platform import Heritrace

router = APIRouter(prefix="/api/v1", tags=["identification"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
EXPLAINED = 5  # explanation pictures are drawn for the best few candidates with verified evidence


class IdentifyCandidate(BaseModel):
    object_id: str | None = Field(description="null for a record you may not read")
    title: str | None = None
    score: float | None = None
    verdict: str
    inliers: int | None = Field(default=None, description="geometrically verified correspondences")
    object_url: str | None = None
    register_photo_url: str | None = None
    explanation_image: str | None = Field(
        default=None,
        description="JPEG data URL: query and register photo "
        "side by side, matched region and correspondences drawn",
    )
    notice: str | None = None
    originating_organisation: str | None = None


class IdentifyOut(BaseModel):
    query_photo: str = Field(description="SHA-256 of the stored query photo")
    candidates: list[IdentifyCandidate]


@router.post("/identify", response_model=IdentifyOut, responses=error_responses(413, 422, 503))
def identify_photo(
    platform: Platform,
    actor: CurrentActor,
    photo: Annotated[UploadFile, File(description="JPEG, PNG, WebP or TIFF")],
    top: Annotated[int, Query(ge=1, le=10)] = 10,
) -> IdentifyOut:
    """Ranked register objects shown in the photo, within your rights; explanations for the best."""
    data = read_limited(photo, platform.settings.max_upload_bytes, "photo")
    # decoding and matching a photo takes seconds for a large one: off the event loop
    return identify_upload(platform, actor, data, top)


def identify_upload(platform: Heritrace, actor: Actor, data: bytes, top: int = 10) -> IdentifyOut:
    """Decode, identify, store the query photo (only when all went well), redact, notify."""
    try:
        img = load_image(data, max_bytes=platform.images.max_bytes, max_pixels=platform.images.max_pixels)
        # searched as the operator so that originators of hidden records hit can be told; redacted below
        hits = platform.photos.identify(SYSTEM, img, top_k=top)
    except ImageRejected as exc:
        raise ValidationFailed({"photo": exc.reason}, _("photo rejected")) from exc
    stored = platform.images.put(data)
    facts = platform.diligence.record_facts([h.object_id for h in hits if h.object_id])
    candidates, hidden = [], []
    for hit in hits:
        fact = facts.get(hit.object_id)
        if fact is None:
            continue
        if can_read(actor, fact["classification"], fact["organisation_id"], fact["shared_with"]):
            candidates.append(_visible(platform, img, hit, fact, explain=len(candidates) < EXPLAINED))
        elif hit.verdict != "none":
            hidden.append((hit, fact))
            candidates.append(
                IdentifyCandidate(
                    object_id=None,
                    verdict="possible",
                    notice=HIDDEN_MATCH_NOTICE,
                    originating_organisation=fact["organisation"],
                )
            )
    _notify_originators(platform, actor, stored.sha256, hidden)
    record_reads_of(
        platform.sessions, actor, [c.object_id for c in candidates if c.object_id], "identification"
    )
    return IdentifyOut(query_photo=stored.sha256, candidates=candidates)


def _visible(
    platform: Heritrace, img: Image.Image, hit: PhotoHit, fact: dict, explain: bool
) -> IdentifyCandidate:
    picture = _explanation(platform, img, hit) if explain and hit.inliers > 0 else None
    return IdentifyCandidate(
        object_id=hit.object_id,
        title=hit.title,
        score=hit.score,
        verdict=hit.verdict,
        inliers=hit.inliers,
        object_url=f"/objects/{hit.object_id}",
        register_photo_url=f"/api/v1/images/{hit.sha256}/display" if hit.sha256 else None,
        explanation_image=picture,
        originating_organisation=fact["organisation"],
    )


def _explanation(platform: Heritrace, img: Image.Image, hit: PhotoHit) -> str | None:
    try:
        with Image.open(platform.images.path(hit.sha256, "display")) as register:
            jpeg = explanation_image(img, register.convert("RGB"), hit, fmt="JPEG")
    except (OSError, ImageRejected):
        return None  # a missing derivative costs the picture, not the answer
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")


def _notify_originators(
    platform: Heritrace, actor: Actor, sha: str, hidden: list[tuple[PhotoHit, dict]]
) -> None:
    for hit, fact in hidden:
        if fact["organisation_id"] is None:
            continue
        platform.alerts.notify(
            [fact["organisation_id"]],
            "photo_identification_hit",
            Message(
                N_("Photo identification: %(verdict)s on your record %(record)s"),
                {"verdict": label_message(hit.verdict), "record": hit.object_id},
            ),
            Message(
                N_(
                    "%(who)s submitted a photo (SHA-256 %(sha)s) that shows your record %(record)s: "
                    "%(verdict)s, %(inliers)s geometrically verified correspondences. They were told only "
                    "to contact the originating authority."
                ),
                {
                    "who": actor.name,
                    "sha": sha,
                    "record": hit.object_id,
                    "verdict": label_message(hit.verdict),
                    "inliers": hit.inliers,
                },
            ),
            object_ids=(hit.object_id,),
            link=f"/objects/{hit.object_id}",
            sender=("Heritrace photo identification", None),
        )

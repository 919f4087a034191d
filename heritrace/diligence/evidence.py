"""Text and photo evidence merged per register object into one explained, graded candidate.

The combination rule is documented in docs/due-diligence.md; change both together:
- the candidate's verdict is the stronger of the text verdict and the photo verdict;
- a text `possible` corroborated by a photo `possible` on the same object is a `match`
  (two independent kinds of evidence pointing at one record);
- candidates rank by verdict, then by the noisy-or of the text probability and the photo score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import log2

from heritrace.images.service import PhotoHit
from heritrace.screening.service import TextHit

RANK = {"none": 0, "possible": 1, "match": 2}


@dataclass
class Evidence:
    """Everything known about one register object for one check (before the actor's rights apply)."""

    object_id: str
    title: str | None = None
    maker: str | None = None
    organisation_id: int | None = None
    text: TextHit | None = None
    photo: PhotoHit | None = None
    photo_number: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        text = self.text.verdict if self.text else "none"
        photo = self.photo.verdict if self.photo else "none"
        if text == "possible" and photo == "possible":
            return "match"
        return max(text, photo, key=RANK.__getitem__)

    @property
    def score(self) -> float:
        text = self.text.probability if self.text else 0.0
        photo = min(max(self.photo.score, 0.0), 1.0) if self.photo else 0.0
        return round(1 - (1 - text) * (1 - photo), 4)

    def contributions(self) -> list[dict]:
        """The waterfall: the text comparisons, then one labelled photo bar."""
        bars = [
            {"comparison": c.comparison, "level": c.level, "weight": round(c.weight, 2), "detail": c.detail}
            for c in (self.text.contributions if self.text else [])
        ]
        if self.photo is not None:
            bars.append(photo_contribution(self.photo, self.photo_number))
        return bars


def photo_contribution(hit: PhotoHit, number: int) -> dict:
    """The photo bar; its weight, log2(1 + correspondences), is a display scale, not in the text score."""
    label = "correspondence" if hit.inliers == 1 else "correspondences"
    return {
        "comparison": "photo",
        "level": hit.verdict,
        "weight": round(log2(1 + max(hit.inliers, 0)), 2),
        "detail": f"photo {number}: {hit.inliers} geometrically verified {label}",
    }


def merge(text_hits: list[TextHit], photo_hits: list[tuple[int, PhotoHit]]) -> list[Evidence]:
    """One Evidence per register object, best first. Hits must carry real object ids (unredacted)."""
    merged: dict[str, Evidence] = {}
    for hit in text_hits:
        if hit.object_id:
            merged[hit.object_id] = Evidence(
                hit.object_id, hit.title, hit.maker, hit.organisation_id, text=hit
            )
    for number, hit in photo_hits:
        if not hit.object_id:
            continue
        item = merged.setdefault(hit.object_id, Evidence(hit.object_id, hit.title, None, hit.organisation_id))
        if item.photo is None or hit.score > item.photo.score:
            item.photo, item.photo_number = hit, number
    return sorted(merged.values(), key=lambda e: (-RANK[e.verdict], -e.score, e.object_id))


def overall_verdict(candidates: list[dict]) -> str:
    return max((c["verdict"] for c in candidates), key=RANK.__getitem__, default="none")

"""Screening a listing with the same services as ``heritrace screen`` (text, ``RegisterMatcher``) and
``heritrace identify`` (photos, ``PhotoSearch``): one candidate per register object, the better of
the two verdicts, with both explanations kept."""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

from heritrace.core.actor import SYSTEM
from heritrace.images.decode import ImageRejected
from heritrace.images.features import PhotoFeatures
from heritrace.images.service import PhotoSearch
from heritrace.matching.records import Query
from heritrace.monitor.extract import ListingData
from heritrace.monitor.models import VERDICTS
from heritrace.screening.service import RegisterMatcher

TOP_K = 5
RANK = {"match": 2, "possible": 1}


def outranks(verdict: str, score: float, other_verdict: str, other_score: float) -> bool:
    """Whether a verdict and score are better than another's: the verdict first, then the score."""
    return (RANK.get(verdict, 0), score) > (RANK.get(other_verdict, 0), other_score)


@dataclass
class Candidate:
    object_id: str
    verdict: str
    score: float
    explanation: dict = field(default_factory=dict)

    def take(self, verdict: str, score: float, channel: str, detail: dict) -> None:
        if outranks(verdict, score, self.verdict, self.score):
            self.verdict, self.score = verdict, score
        self.explanation[channel] = detail


def listing_query(data: ListingData, query_id: str | None = None) -> Query:
    """The listing as ``heritrace screen`` reads a listings line (title, description, seller's words)."""
    return Query.from_listing({"id": query_id, "title": data.title, "description": data.description})


class ListingScreener:
    def __init__(self, matcher: RegisterMatcher, photos: PhotoSearch):
        self.matcher = matcher
        self.photos = photos

    def screen(
        self,
        data: ListingData,
        images: list[tuple[str, Image.Image]],
        features: list[PhotoFeatures] | None = None,
    ) -> list[Candidate]:
        """Register objects the listing may show (verdict match or possible), best first;
        ``features``: each photo's query features when the caller computed them already."""
        found: dict[str, Candidate] = {}
        self._text(listing_query(data), found)
        for n, (photo_url, img) in enumerate(images):
            self._photo(photo_url, img, found, features[n] if features else None)
        return sorted(found.values(), key=lambda c: (-RANK[c.verdict], -c.score, c.object_id))

    def _text(self, query: Query, found: dict[str, Candidate]) -> None:
        if not (query.title or query.description):
            return
        for hit in self.matcher.present(SYSTEM, self.matcher.engine().match(query, TOP_K)):
            if hit.verdict not in VERDICTS or hit.object_id is None:
                continue
            detail = {
                "verdict": hit.verdict,
                "probability": round(hit.probability, 4),
                "score": round(hit.probability, 4),
                "log2_odds": round(hit.score, 3),
                "contributions": [
                    {
                        "comparison": c.comparison,
                        "level": c.level,
                        "weight": round(c.weight, 3),
                        "detail": c.detail,
                    }
                    for c in hit.contributions
                ],
            }
            cand = found.setdefault(hit.object_id, Candidate(hit.object_id, hit.verdict, 0.0))
            cand.take(hit.verdict, round(hit.probability, 4), "text", detail)

    def _photo(
        self, photo_url: str, img: Image.Image, found: dict[str, Candidate], query: PhotoFeatures | None
    ) -> None:
        try:
            hits = self.photos.identify(SYSTEM, img, top_k=TOP_K, query=query)
        except ImageRejected:
            return
        for hit in hits:
            if hit.verdict not in VERDICTS or hit.object_id is None:
                continue
            detail = {
                "verdict": hit.verdict,
                "score": round(float(hit.score), 4),
                "inliers": hit.inliers,
                "listing_photo": photo_url,
                "register_photo": hit.sha256,
            }
            cand = found.setdefault(hit.object_id, Candidate(hit.object_id, hit.verdict, 0.0))
            previous = cand.explanation.get("photo")
            if previous is None or previous["score"] < detail["score"]:
                cand.take(hit.verdict, round(float(hit.score), 4), "photo", detail)

"""Identify a photo against the register: shortlist, verify geometrically, decide a verdict.

Verdict thresholds are documented in docs/photo-identification.md; change both together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import cv2
import numpy as np
from PIL import Image

from heritrace.core.i18n import _
from heritrace.images.decode import ImageRejected
from heritrace.images.features import PhotoFeatures, extract_query
from heritrace.images.index import PhotoIndex
from heritrace.images.verify import Verification, project_outline, verify

Verdict = Literal["match", "possible", "none"]

MATCH_INLIERS = 40
MATCH_COVERAGE = 0.03
POSSIBLE_INLIERS = 10
SCORE_HALF_POINT = MATCH_INLIERS  # so that the match threshold scores 0.5
SHORTLIST_SIZE = 12
VOTING_KEYPOINTS = 1500  # strongest query descriptors that vote; all of them are verified
REGION_OVERLAP = 0.5
NEAR_COPY_BITS = 6  # pHash Hamming distance of a re-posted copy of the same photo
MIN_QUERY_KEYPOINTS = 12
MIN_QUERY_CONTRAST = 3.0
SHOWN_CORRESPONDENCES = 60


@dataclass
class PhotoCandidate:
    """One register photo proposed for the query photo; `explanation` is JSON-ready."""

    image_id: int
    score: float
    verdict: Verdict
    inliers: int
    explanation: dict = field(default_factory=dict)


def identify(
    index: PhotoIndex,
    img: Image.Image,
    top_k: int = 10,
    *,
    shortlist_size: int = SHORTLIST_SIZE,
    query: PhotoFeatures | None = None,
) -> list[PhotoCandidate]:
    """Register photos that may show the work(s) in `img`, best first. `query`: the photo's query
    features (`extract_query(img)`) when the caller computed them already (the market monitor's
    crawl keeps their pHash).

    Raises `ImageRejected` when the photo has too little detail to compare (blank, uniform).
    """
    query = query if query is not None else extract_query(img)
    _refuse_blank(query)
    shortlisted = _shortlist(index, img, query, shortlist_size)
    descriptors = query.rootsift()
    scale = img.width / query.width
    candidates = [
        _candidate(image_id, evidence, query, index.features(image_id), descriptors, scale)
        for image_id, evidence in shortlisted.items()
    ]
    candidates.sort(key=lambda c: (-c.score, c.image_id))
    _one_work_per_region(candidates)
    return candidates[:top_k]


def verdict_for(inliers: int, coverage: float, near_copy: bool) -> Verdict:
    """The documented decision rule (see docs/photo-identification.md)."""
    if inliers >= MATCH_INLIERS and coverage >= MATCH_COVERAGE:
        return "match"
    if inliers >= POSSIBLE_INLIERS or near_copy:
        return "possible"
    return "none"


def _one_work_per_region(candidates: list[PhotoCandidate]) -> None:
    """Keep `match` only for the best-supported work in each region of the query photo.

    Series and versions of one composition verify against the same painted area; the photo shows
    one of them there, so the weaker one can only be `possible`. Two works side by side occupy
    different regions and both keep their verdicts.
    """
    kept: list[tuple[PhotoCandidate, np.ndarray]] = []
    for candidate in candidates:
        if candidate.verdict != "match":
            continue
        hull = _query_hull(candidate)
        rival = next((c for c, h in kept if _overlap(hull, h) > REGION_OVERLAP), None)
        if rival is None:
            kept.append((candidate, hull))
            continue
        candidate.verdict = "possible"
        candidate.explanation["region_explained_by"] = rival.image_id


def _query_hull(candidate: PhotoCandidate) -> np.ndarray:
    points = np.array(candidate.explanation.get("correspondences", []), np.float32).reshape(-1, 4)
    return (
        cv2.convexHull(np.ascontiguousarray(points[:, 2:]))
        if len(points) >= 3
        else np.zeros((0, 1, 2), np.float32)
    )


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection area over the smaller hull's area."""
    if len(a) < 3 or len(b) < 3:
        return 0.0
    smaller = min(cv2.contourArea(a), cv2.contourArea(b))
    if smaller <= 0:
        return 0.0
    area, _polygon = cv2.intersectConvexConvex(a, b)
    return float(area) / smaller


def _refuse_blank(query: PhotoFeatures) -> None:
    if query.contrast < MIN_QUERY_CONTRAST or len(query) < MIN_QUERY_KEYPOINTS:
        raise ImageRejected(
            _(
                "the photo shows too little detail to be compared (%(points)s distinctive points found; "
                "blank, uniform or blurred?)",
                points=len(query),
            )
        )


def _shortlist(index: PhotoIndex, img: Image.Image, query: PhotoFeatures, limit: int) -> dict[int, dict]:
    """Candidates from descriptor votes, near-identical pHashes and the optional embedder."""
    evidence: dict[int, dict] = {}
    votes = index.shortlist(query.rootsift()[:VOTING_KEYPOINTS], limit)
    top_votes = votes[0][1] if votes else 1.0
    for image_id, weight in votes:
        evidence[image_id] = {
            "shortlist_votes": round(weight, 2),
            "vote_share": weight / max(top_votes, 1e-9),
        }
    for image_id, distance in _near_copies(index, query.phash):
        evidence.setdefault(image_id, {"shortlist_votes": 0.0, "vote_share": 0.0})
        evidence[image_id]["phash_distance"] = distance
    for image_id, similarity in index.embedding_shortlist(img, limit):
        evidence.setdefault(image_id, {"shortlist_votes": 0.0, "vote_share": 0.0})
        evidence[image_id]["embedding_similarity"] = round(similarity, 4)
    return evidence


def _near_copies(index: PhotoIndex, phash: int) -> list[tuple[int, int]]:
    ids, hashes = index.phash_items()
    if len(ids) == 0:
        return []
    distances = np.unpackbits((hashes ^ np.uint64(phash)).view(np.uint8).reshape(-1, 8), axis=1).sum(1)
    close = np.flatnonzero(distances <= NEAR_COPY_BITS)
    return [(int(ids[i]), int(distances[i])) for i in close]


def _candidate(
    image_id: int,
    evidence: dict,
    query: PhotoFeatures,
    register: PhotoFeatures,
    descriptors: np.ndarray,
    scale: float,
) -> PhotoCandidate:
    result = verify(query, register, descriptors)
    near_copy = "phash_distance" in evidence and register.contrast >= MIN_QUERY_CONTRAST
    verdict = verdict_for(result.inliers, result.coverage, near_copy)
    score = result.inliers / (result.inliers + SCORE_HALF_POINT) + 0.01 * evidence["vote_share"]
    if near_copy and verdict != "match":
        score = max(score, 0.45)
    explanation = _explain(result, evidence, query, register, scale)
    return PhotoCandidate(
        image_id=image_id,
        score=round(float(score), 4),
        verdict=verdict,
        inliers=result.inliers,
        explanation=explanation,
    )


def _explain(
    result: Verification, evidence: dict, query: PhotoFeatures, register: PhotoFeatures, scale: float
) -> dict:
    explanation = {
        "inliers": result.inliers,
        "tentative_matches": result.tentative,
        "coverage": round(result.coverage, 3),
        "geometry": result.reason,
        "thresholds": {
            "match_inliers": MATCH_INLIERS,
            "match_coverage": MATCH_COVERAGE,
            "possible_inliers": POSSIBLE_INLIERS,
            "near_copy_bits": NEAR_COPY_BITS,
        },
        "register_size": [register.width, register.height],
        **{k: v for k, v in evidence.items() if k != "vote_share"},
    }
    if result.homography is not None:
        outline = project_outline(result.homography, register)
        if outline is not None:
            explanation["region"] = (outline * scale).round(1).tolist()
        pairs = result.pairs[:SHOWN_CORRESPONDENCES].astype(np.float64)
        pairs[:, 2:] *= scale
        explanation["correspondences"] = pairs.round(1).tolist()
    return explanation

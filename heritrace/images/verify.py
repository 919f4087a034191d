"""Geometric verification of one query photo against one register photo.

Raw RANSAC inlier counts are not evidence: unrelated photos and repetitive patterns (stripes, grids,
text) reach dozens of "inliers". A correspondence set counts only when it survives, in order:
Lowe's ratio test, one-to-one assignment, a homography that keeps orientation and maps the register
photo's outline to a convex, not absurdly stretched quadrilateral, and inliers that are distinct
points spread over a real part of the register photo.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from heritrace.images.features import PhotoFeatures

RATIO = 0.8
MIN_TENTATIVE = 8
RANSAC_THRESHOLD = 0.012  # fraction of the query photo's diagonal
MAX_SCALE_CHANGE = 12.0
MAX_ANISOTROPY = 4.0
DISTINCT_CELL = 0.01  # inliers closer than this fraction of the diagonal count once


@dataclass
class Verification:
    """Outcome of verifying one pair; `inliers` is the count of distinct consistent correspondences."""

    inliers: int = 0
    tentative: int = 0
    coverage: float = 0.0  # inlier hull area / register keypoint hull area
    homography: np.ndarray | None = None  # register derivative -> query derivative
    reason: str = "not enough matching keypoints"
    pairs: np.ndarray = field(default_factory=lambda: np.zeros((0, 4), np.float32))

    @property
    def consistent(self) -> bool:
        return self.homography is not None and self.inliers > 0


def verify(
    query: PhotoFeatures, register: PhotoFeatures, query_descriptors: np.ndarray | None = None
) -> Verification:
    """Verify that `register` appears in `query` under one plausible perspective transform."""
    qd = query.rootsift() if query_descriptors is None else query_descriptors
    matches = _tentative_matches(qd, register.rootsift())
    if len(matches) < MIN_TENTATIVE:
        return Verification(tentative=len(matches))
    src = register.points[matches[:, 1], :2]
    dst = query.points[matches[:, 0], :2]
    return _verify_geometry(src, dst, query, register)


def _tentative_matches(query_desc: np.ndarray, register_desc: np.ndarray) -> np.ndarray:
    """(query index, register index) pairs passing the ratio test, at most one per query keypoint.

    Each register descriptor looks for its two nearest query descriptors (a plain matrix product:
    descriptors are unit vectors); the ratio test runs in that direction so that a wall photo full of
    other things cannot dilute it.
    """
    if len(query_desc) < 2 or len(register_desc) < 2:
        return np.zeros((0, 2), np.int64)
    sims = register_desc @ query_desc.T
    rows = np.arange(len(sims))
    best = sims.argmax(axis=1)
    best_sim = sims[rows, best]
    sims[rows, best] = -2.0
    second_sim = sims.max(axis=1)
    # Squared L2 distance between unit vectors is 2 - 2 cos.
    d1 = np.sqrt(np.maximum(2 - 2 * best_sim, 0))
    d2 = np.sqrt(np.maximum(2 - 2 * second_sim, 0))
    passed = np.flatnonzero(d1 < RATIO * d2)
    # One-to-one: a repeated motif must not let many register points land on one query point.
    order = passed[np.argsort(d1[passed], kind="stable")]
    _, first = np.unique(best[order], return_index=True)
    chosen = order[first]
    return np.stack([best[chosen], chosen], axis=1).astype(np.int64)


def _verify_geometry(
    src: np.ndarray, dst: np.ndarray, query: PhotoFeatures, register: PhotoFeatures
) -> Verification:
    tentative = len(src)
    diag = float(np.hypot(query.width, query.height))
    homography, mask = cv2.findHomography(
        src, dst, cv2.USAC_MAGSAC, RANSAC_THRESHOLD * diag, maxIters=2000, confidence=0.999
    )
    if homography is None or mask is None:
        return Verification(tentative=tentative, reason="no consistent transform")
    problem = _implausible(homography, register)
    if problem:
        return Verification(tentative=tentative, reason=problem)
    keep = mask.ravel().astype(bool)
    src_in, dst_in = src[keep], dst[keep]
    distinct = _distinct_count(src_in, dst_in, query, register)
    coverage = _hull_area(src_in) / max(_hull_area(register.points[:, :2]), 1.0)
    return Verification(
        inliers=distinct,
        tentative=tentative,
        coverage=float(coverage),
        homography=homography,
        reason="consistent",
        pairs=np.hstack([src_in, dst_in]).astype(np.float32),
    )


def _implausible(homography: np.ndarray, register: PhotoFeatures) -> str:
    """Why a transform cannot be a photo of a flat work, or '' when it can."""
    affine = homography[:2, :2] / homography[2, 2]
    if np.linalg.det(affine) <= 0:
        return "transform mirrors the image"
    outline = project_outline(homography, register)
    if outline is None or not cv2.isContourConvex(outline.astype(np.float32)):
        return "transform folds the image"
    singular = np.linalg.svd(affine, compute_uv=False)
    if singular[0] / max(singular[1], 1e-9) > MAX_ANISOTROPY:
        return "transform stretches the image implausibly"
    scale = float(np.sqrt(abs(np.linalg.det(affine))))
    if not 1 / MAX_SCALE_CHANGE <= scale <= MAX_SCALE_CHANGE:
        return "transform changes the scale implausibly"
    return ""


def project_outline(homography: np.ndarray, register: PhotoFeatures) -> np.ndarray | None:
    """The register photo's corners as seen in the query photo (None if behind the camera)."""
    w, h = register.width, register.height
    corners = np.array([[0, 0, 1], [w, 0, 1], [w, h, 1], [0, h, 1]], np.float64)
    mapped = corners @ homography.T
    if np.any(mapped[:, 2] <= 1e-9):
        return None
    return mapped[:, :2] / mapped[:, 2:]


def _distinct_count(src: np.ndarray, dst: np.ndarray, query: PhotoFeatures, register: PhotoFeatures) -> int:
    """Inliers at distinct positions on both sides (SIFT gives several orientations per point)."""
    if len(src) == 0:
        return 0
    rcell = DISTINCT_CELL * float(np.hypot(register.width, register.height))
    qcell = DISTINCT_CELL * float(np.hypot(query.width, query.height))
    src_cells = {tuple(c) for c in np.floor(src / rcell).astype(np.int64)}
    dst_cells = {tuple(c) for c in np.floor(dst / qcell).astype(np.int64)}
    return min(len(src_cells), len(dst_cells))


def _hull_area(points: np.ndarray) -> float:
    if len(points) < 3:
        return 0.0
    return float(cv2.contourArea(cv2.convexHull(points.astype(np.float32))))

"""Feature extraction: normalised derivative, perceptual hash, RootSIFT local features.

Register photos and query photos go through the same steps with different sizes: a register photo is
a straight-on shot of one work, a query photo may show the work small on a wall, so it keeps more
pixels and more keypoints.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import imagehash
import numpy as np
from PIL import Image

REGISTER_SIDE = 512
REGISTER_KEYPOINTS = 1000
QUERY_SIDE = 800
QUERY_KEYPOINTS = 2000
SHORTLIST_KEYPOINTS = 256
STRETCH_BELOW = 200  # grey-level range (1st-99th percentile) under which a query is stretched
# RootSIFT components lie in [0, 1] and rarely exceed 0.5: this scale keeps 8-bit storage exact enough.
DESCRIPTOR_SCALE = 512.0


@dataclass(frozen=True)
class PhotoFeatures:
    """What is kept of one photo: positions, descriptors (strongest first) and its perceptual hash."""

    points: np.ndarray  # (n, 3) float32: x, y, keypoint size, in derivative pixels
    descriptors: np.ndarray  # (n, 128) uint8, quantised RootSIFT
    width: int
    height: int
    phash: int  # 64-bit pHash, as an unsigned integer
    contrast: float  # std-dev of the grey derivative; near zero for blank photos

    def __len__(self) -> int:
        return len(self.points)

    def rootsift(self) -> np.ndarray:
        """Unit-norm float32 RootSIFT descriptors."""
        return dequantise(self.descriptors)

    def shortlist_descriptors(self, limit: int = SHORTLIST_KEYPOINTS) -> np.ndarray:
        return self.rootsift()[:limit]


def normalised_derivative(img: Image.Image, longest_side: int) -> Image.Image:
    """RGB copy whose longest side is at most `longest_side` (never enlarged)."""
    img = img.convert("RGB")
    scale = longest_side / max(img.size)
    if scale >= 1:
        return img
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    return img.resize(size, Image.Resampling.LANCZOS if scale > 0.5 else Image.Resampling.BOX)


def perceptual_hash(img: Image.Image) -> int:
    return int(str(imagehash.phash(img)), 16)


def extract(
    img: Image.Image,
    *,
    longest_side: int = REGISTER_SIDE,
    max_keypoints: int = REGISTER_KEYPOINTS,
    min_side: int = 0,
    stretch: bool = False,
) -> PhotoFeatures:
    """Features of one photo at the given working size.

    `min_side` enlarges small photos (low-resolution queries) so that SIFT finds fine detail.
    """
    grey = _working_grey(img, longest_side, min_side)
    if stretch:
        grey = stretch_contrast(grey)
    keypoints, descriptors = _sift(grey, max_keypoints)
    phash_source = normalised_derivative(img, 256)
    return PhotoFeatures(
        points=keypoints,
        descriptors=descriptors,
        width=grey.shape[1],
        height=grey.shape[0],
        phash=perceptual_hash(phash_source),
        contrast=float(grey.std()),
    )


def extract_register(img: Image.Image) -> PhotoFeatures:
    return extract(img, longest_side=REGISTER_SIDE, max_keypoints=REGISTER_KEYPOINTS)


def extract_query(img: Image.Image) -> PhotoFeatures:
    return extract(img, longest_side=QUERY_SIDE, max_keypoints=QUERY_KEYPOINTS, min_side=640, stretch=True)


def stretch_contrast(grey: np.ndarray) -> np.ndarray:
    """Spread a dull photo's grey levels (dim gallery light, glare haze).

    SIFT's contrast threshold is absolute, so a washed-out query loses the keypoints a studio shot
    has; descriptors are normalised, so stretching changes nothing else. Photos with a normal range
    are left as they are.
    """
    low, high = np.percentile(grey, (1, 99))
    if high - low >= STRETCH_BELOW or high - low < 4:
        return grey
    stretched = (grey.astype(np.float32) - low) * (255.0 / (high - low))
    return np.clip(stretched, 0, 255).astype(np.uint8)


def _working_grey(img: Image.Image, longest_side: int, min_side: int) -> np.ndarray:
    grey = np.asarray(normalised_derivative(img, longest_side).convert("L"))
    if min_side and max(grey.shape) < min_side:
        scale = min_side / max(grey.shape)
        grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return grey


def _sift(grey: np.ndarray, max_keypoints: int) -> tuple[np.ndarray, np.ndarray]:
    sift = cv2.SIFT_create(nfeatures=max_keypoints)
    keypoints, raw = sift.detectAndCompute(grey, None)
    if raw is None or not keypoints:
        return np.zeros((0, 3), np.float32), np.zeros((0, 128), np.uint8)
    order = np.argsort([-k.response for k in keypoints], kind="stable")[:max_keypoints]
    points = np.array([(k.pt[0], k.pt[1], k.size) for k in keypoints], np.float32)[order]
    return points, quantise(rootsift(raw[order]))


def rootsift(raw: np.ndarray) -> np.ndarray:
    """Hellinger-kernel SIFT (Arandjelovic & Zisserman 2012): L1-normalise then square root."""
    raw = raw.astype(np.float32)
    raw /= raw.sum(axis=1, keepdims=True) + 1e-7
    return np.sqrt(raw)


def quantise(descriptors: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(descriptors * DESCRIPTOR_SCALE), 0, 255).astype(np.uint8)


def dequantise(descriptors: np.ndarray) -> np.ndarray:
    out = descriptors.astype(np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-7)


def features_to_arrays(features: PhotoFeatures) -> dict[str, np.ndarray]:
    meta = np.array([features.width, features.height, features.phash, 0], np.uint64)
    return {
        "points": features.points,
        "descriptors": features.descriptors,
        "meta": meta,
        "contrast": np.array([features.contrast], np.float32),
    }


def features_from_arrays(arrays) -> PhotoFeatures:
    width, height, phash, _ = (int(v) for v in arrays["meta"])
    return PhotoFeatures(
        points=arrays["points"],
        descriptors=arrays["descriptors"],
        width=width,
        height=height,
        phash=phash,
        contrast=float(arrays["contrast"][0]),
    )

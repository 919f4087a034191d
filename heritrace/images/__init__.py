"""Photo identification: safe decoding, features, the photo index and verified search."""

from heritrace.images.decode import ImageRejected, load_image, load_image_path
from heritrace.images.embedder import ImageEmbedder, load_embedder
from heritrace.images.explain import explanation_image
from heritrace.images.identify import PhotoCandidate, identify, verdict_for
from heritrace.images.index import PhotoIndex, configure_threads

__all__ = [
    "ImageEmbedder",
    "ImageRejected",
    "PhotoCandidate",
    "PhotoIndex",
    "configure_threads",
    "explanation_image",
    "identify",
    "load_embedder",
    "load_image",
    "load_image_path",
    "verdict_for",
]

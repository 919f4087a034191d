"""Optional learned global embedder, loaded from a model file the operator provides.

Heritrace ships no model weights and downloads nothing. An operator who has a suitable image
embedding model (for instance an ONNX export of a retrieval network) can point the setting at it;
its vectors then add candidates to the shortlist next to descriptor voting. Geometric verification
still decides every verdict, so a learned model can widen recall but never create a `match` alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
from PIL import Image


@runtime_checkable
class ImageEmbedder(Protocol):
    """Anything that turns a photo into a fixed-length vector (compared by cosine similarity)."""

    dimension: int

    def embed(self, img: Image.Image) -> np.ndarray: ...


class OnnxEmbedder:
    """An ONNX image model run by OpenCV's DNN module (no extra dependency).

    The model must take one NCHW float image of `input_size` x `input_size` and return one vector.
    """

    def __init__(
        self,
        model_path: str | Path,
        *,
        input_size: int = 224,
        mean: tuple[float, float, float] = (0.485, 0.456, 0.406),
        std: tuple[float, float, float] = (0.229, 0.224, 0.225),
    ) -> None:
        import cv2

        path = Path(model_path)
        if not path.is_file():
            raise FileNotFoundError(f"image embedding model not found: {path}")
        self._net = cv2.dnn.readNetFromONNX(str(path))
        self.input_size = input_size
        self._mean = np.array(mean, np.float32)
        self._std = np.array(std, np.float32)
        self.dimension = int(self.embed(Image.new("RGB", (input_size, input_size))).shape[0])

    def embed(self, img: Image.Image) -> np.ndarray:
        resized = img.convert("RGB").resize((self.input_size, self.input_size), Image.Resampling.BILINEAR)
        pixels = (np.asarray(resized, np.float32) / 255.0 - self._mean) / self._std
        self._net.setInput(pixels.transpose(2, 0, 1)[np.newaxis].astype(np.float32))
        return np.asarray(self._net.forward(), np.float32).reshape(-1)


def load_embedder(model_path: str | Path | None) -> ImageEmbedder | None:
    """The embedder named by the operator's setting, or None (the default: local features only)."""
    if not model_path:
        return None
    return OnnxEmbedder(model_path)

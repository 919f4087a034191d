"""Content-addressed photo files under the data directory: the original as received, an upright
display copy and a thumbnail. A photo is only stored once it has decoded cleanly."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from heritrace.core.i18n import _
from heritrace.images.decode import ImageRejected, load_image, load_image_path

MIME = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "TIFF": "image/tiff",
}
EXTENSION = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/tiff": ".tif"}
DISPLAY_SIDE = 1600
THUMB_SIDE = 320


@dataclass(frozen=True)
class StoredImage:
    sha256: str
    mime: str
    width: int
    height: int
    size_bytes: int


class ImageStore:
    def __init__(self, root: Path, *, max_bytes: int, max_pixels: int):
        self.root = root
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels

    def put(self, data: bytes, decoded: Image.Image | None = None) -> StoredImage:
        """Validate and store ``data``; raises ``ImageRejected`` with a clear reason. ``decoded``:
        what ``load_image(data)`` returned under this store's limits, when the caller has it (not
        decoded a second time)."""
        img = (
            decoded
            if decoded is not None
            else load_image(data, max_bytes=self.max_bytes, max_pixels=self.max_pixels)
        )
        fmt = Image.open(io.BytesIO(data)).format or "JPEG"
        if fmt not in MIME:
            raise ImageRejected(_("unsupported image format %(format)s", format=fmt))
        sha = hashlib.sha256(data).hexdigest()
        stored = StoredImage(sha, MIME[fmt], img.width, img.height, len(data))
        if not self.path(sha, "thumb").exists():
            self._write(self.original_path(sha, stored.mime), data)
            self._write(self.path(sha, "display"), _jpeg(img, DISPLAY_SIDE))
            self._write(self.path(sha, "thumb"), _jpeg(img, THUMB_SIDE))
        return stored

    def describe_stored(self, sha: str, source: Path) -> StoredImage:
        """Facts about a file already stored (read from its header, no decoding)."""
        with Image.open(source) as img:
            width, height = img.size
            if img.getexif().get(0x0112) in (5, 6, 7, 8):  # EXIF orientation turns the picture
                width, height = height, width
            mime = MIME.get(img.format or "", "application/octet-stream")
        return StoredImage(sha, mime, width, height, source.stat().st_size)

    def original_path(self, sha: str, mime: str) -> Path:
        return self.root / "originals" / sha[:2] / f"{sha}{EXTENSION.get(mime, '.bin')}"

    def load(self, sha: str, mime: str) -> Image.Image:
        """A stored original, decoded within the store's limits (``ImageRejected`` when it is not
        there or cannot be read)."""
        return load_image_path(
            self.original_path(sha, mime), max_bytes=self.max_bytes, max_pixels=self.max_pixels
        )

    def path(self, sha: str, kind: str) -> Path:
        """``kind`` is ``display`` (upright, at most 1600 px) or ``thumb``."""
        if kind not in ("display", "thumb") or not _is_sha(sha):
            raise ImageRejected(_("unknown image"))
        return self.root / kind / sha[:2] / f"{sha}.jpg"

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)


def _jpeg(img: Image.Image, side: int) -> bytes:
    copy = img.copy()
    copy.thumbnail((side, side))
    buf = io.BytesIO()
    copy.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def _is_sha(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)

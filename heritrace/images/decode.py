"""Safe decoding of uploaded and imported photos.

Every photo that enters Heritrace passes through `load_image`: it refuses anything that is not a
plain still image of a supported format, of reasonable size, before any pixel buffer is allocated.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 60_000_000
MIN_SIDE = 32
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "TIFF", "MPO"})


class ImageRejected(ValueError):
    """The file cannot be used as a photo; `reason` is a message fit for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def load_image(
    data: bytes, *, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS, min_side: int = MIN_SIDE
) -> Image.Image:
    """Decode `data` into an upright RGB image or raise `ImageRejected`."""
    if not data:
        raise ImageRejected("the file is empty")
    if len(data) > max_bytes:
        raise ImageRejected(f"the file is too large ({len(data):,} bytes; the limit is {max_bytes:,})")
    img = _open_checked(data, max_pixels)
    img = _decode_pixels(img)
    if min(img.size) < min_side:
        raise ImageRejected(
            f"the image is too small ({img.width}x{img.height} px; each side must be at least {min_side} px)"
        )
    return img


def load_image_path(path: str | Path, **limits: int) -> Image.Image:
    """`load_image` for a file on disk (the size limit is checked before reading it)."""
    path = Path(path)
    max_bytes = limits.get("max_bytes", MAX_BYTES)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImageRejected(f"cannot read the file: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise ImageRejected(f"the file is too large ({size:,} bytes; the limit is {max_bytes:,})")
    return load_image(path.read_bytes(), **limits)


def _open_checked(data: bytes, max_pixels: int) -> Image.Image:
    """Read only the header: format and dimensions are checked before decoding pixels."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; we want a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise _header_refusal(exc) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected(f"the file is not a readable image ({exc})") from exc
    if img.format not in ACCEPTED_FORMATS:
        raise ImageRejected(
            f"unsupported image format {img.format or 'unknown'} (accepted: JPEG, PNG, WebP, TIFF)"
        )
    pixels = img.width * img.height
    if pixels > max_pixels:
        raise ImageRejected(
            f"the image has too many pixels ({img.width}x{img.height}; "
            f"the limit is {max_pixels:,} pixels); possible decompression bomb"
        )
    return img


def _header_refusal(exc: Exception) -> ImageRejected:
    if isinstance(exc, (Image.DecompressionBombWarning, Image.DecompressionBombError)):
        return ImageRejected("the image has too many pixels; possible decompression bomb")
    return ImageRejected("the file is not an image (or not in a supported format: JPEG, PNG, WebP, TIFF)")


def _decode_pixels(img: Image.Image) -> Image.Image:
    """Decode fully, apply EXIF orientation, flatten to RGB."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img.load()
            img = ImageOps.exif_transpose(img) or img
            return _to_rgb(img)
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ) as exc:
        message = str(exc)
        if "truncated" in message or "broken data stream" in message or "image file is" in message:
            raise ImageRejected("the image file is truncated or damaged") from exc
        raise ImageRejected(f"the image cannot be decoded ({message})") from exc


def _to_rgb(img: Image.Image) -> Image.Image:
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        # Transparent areas become white, like a catalogue page, rather than black.
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if img.mode == "I;16" or img.mode.startswith("I"):
        img = img.point(lambda v: v / 256).convert("L")
    return img.convert("RGB")

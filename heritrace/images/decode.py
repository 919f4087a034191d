"""Safe decoding of uploaded and imported photos.

Every photo that enters Heritrace passes through `load_image`: it refuses anything that is not a
plain still image of a supported format, of reasonable size, before any pixel buffer is allocated.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from babel.numbers import format_decimal
from PIL import Image, ImageOps, UnidentifiedImageError

from heritrace.core.i18n import N_, _, current_locale

MAX_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 60_000_000
MIN_SIDE = 32
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "TIFF", "MPO"})


TOO_LARGE = N_("the file is too large (%(size)s bytes; the limit is %(limit)s)")


def _number(n: int) -> str:
    """A count written the reader's way (1,234 / 1 234 / 1.234)."""
    return format_decimal(n, locale=current_locale())


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
        raise ImageRejected(_("the file is empty"))
    if len(data) > max_bytes:
        raise ImageRejected(_(TOO_LARGE, size=_number(len(data)), limit=_number(max_bytes)))
    img = _open_checked(data, max_pixels)
    img = _decode_pixels(img)
    if min(img.size) < min_side:
        raise ImageRejected(
            _(
                "the image is too small (%(width)sx%(height)s px; each side must be at least %(side)s px)",
                width=img.width,
                height=img.height,
                side=min_side,
            )
        )
    return img


def load_image_path(path: str | Path, **limits: int) -> Image.Image:
    """`load_image` for a file on disk (the size limit is checked before reading it)."""
    path = Path(path)
    max_bytes = limits.get("max_bytes", MAX_BYTES)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImageRejected(_("cannot read the file: %(detail)s", detail=exc.strerror or exc)) from exc
    if size > max_bytes:
        raise ImageRejected(_(TOO_LARGE, size=_number(size), limit=_number(max_bytes)))
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
        raise ImageRejected(_("the file is not a readable image (%(detail)s)", detail=exc)) from exc
    if img.format not in ACCEPTED_FORMATS:
        raise ImageRejected(
            _(
                "unsupported image format %(format)s (accepted: JPEG, PNG, WebP, TIFF)",
                format=img.format or _("unknown"),
            )
        )
    pixels = img.width * img.height
    if pixels > max_pixels:
        raise ImageRejected(
            _(
                "the image has too many pixels (%(width)sx%(height)s; the limit is %(limit)s pixels); "
                "possible decompression bomb",
                width=img.width,
                height=img.height,
                limit=_number(max_pixels),
            )
        )
    return img


def _header_refusal(exc: Exception) -> ImageRejected:
    if isinstance(exc, (Image.DecompressionBombWarning, Image.DecompressionBombError)):
        return ImageRejected(_("the image has too many pixels; possible decompression bomb"))
    return ImageRejected(_("the file is not an image (or not in a supported format: JPEG, PNG, WebP, TIFF)"))


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
            raise ImageRejected(_("the image file is truncated or damaged")) from exc
        raise ImageRejected(_("the image cannot be decoded (%(detail)s)", detail=message)) from exc


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

import io
import struct
import zlib

import pytest
from PIL import Image

from heritrace.images.decode import ImageRejected, load_image, load_image_path


def _encode(img: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **options)
    return out.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` with almost no data: a decompression bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "TIFF"])
def test_accepted_formats_decode_to_rgb(fmt):
    img = load_image(_encode(Image.new("RGB", (64, 48), (200, 10, 10)), fmt))
    assert img.mode == "RGB" and img.size == (64, 48)


def test_non_image_bytes_are_rejected_with_a_clear_message():
    with pytest.raises(ImageRejected, match="not an image"):
        load_image(b"%PDF-1.7 this is not a photo at all" * 10)


def test_empty_file_is_rejected():
    with pytest.raises(ImageRejected, match="empty"):
        load_image(b"")


def test_truncated_jpeg_is_rejected():
    data = _encode(Image.effect_noise((400, 300), 60).convert("RGB"), "JPEG", quality=90)
    with pytest.raises(ImageRejected, match="truncated|damaged|decoded"):
        load_image(data[: len(data) // 2])


def test_decompression_bomb_header_is_rejected_before_decoding():
    with pytest.raises(ImageRejected, match="pixels"):
        load_image(_png_header_only(30_000, 30_000))


def test_pixel_limit_between_pillow_warning_and_error_is_an_error():
    # 100 Mpx is above Pillow's warning threshold (89 Mpx) but below its hard error.
    with pytest.raises(ImageRejected, match="too many pixels"):
        load_image(_png_header_only(10_000, 10_000), max_pixels=200_000_000)


def test_operator_pixel_limit_applies():
    data = _encode(Image.new("RGB", (300, 300)), "PNG")
    with pytest.raises(ImageRejected, match="too many pixels"):
        load_image(data, max_pixels=50_000)


def test_too_large_file_is_rejected():
    data = _encode(Image.effect_noise((200, 200), 80).convert("RGB"), "PNG")
    with pytest.raises(ImageRejected, match="too large"):
        load_image(data, max_bytes=len(data) - 1)


def test_unsupported_format_is_rejected():
    with pytest.raises(ImageRejected, match="unsupported|not an image"):
        load_image(_encode(Image.new("RGB", (64, 64)), "GIF"))


def test_tiny_image_is_rejected():
    with pytest.raises(ImageRejected, match="too small"):
        load_image(_encode(Image.new("RGB", (20, 400)), "PNG"))


def test_exif_orientation_is_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise when displayed
    data = _encode(Image.new("RGB", (120, 60)), "JPEG", exif=exif.tobytes())
    assert load_image(data).size == (60, 120)


def test_transparent_png_is_flattened_on_white():
    img = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    assert load_image(_encode(img, "PNG")).getpixel((5, 5)) == (255, 255, 255)


def test_missing_path_is_rejected(tmp_path):
    with pytest.raises(ImageRejected, match="cannot read"):
        load_image_path(tmp_path / "absent.jpg")


def test_path_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.png"
    path.write_bytes(_encode(Image.new("RGB", (64, 64)), "PNG"))
    with pytest.raises(ImageRejected, match="too large"):
        load_image_path(path, max_bytes=10)

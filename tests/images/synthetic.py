"""Generated images for the photo tests: paintings, walls, and hard negatives."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont


def painting(seed: int, size: tuple[int, int] = (480, 360)) -> Image.Image:
    """A random but richly textured 'painting': overlapping coloured shapes and strokes."""
    rng = np.random.default_rng(seed)
    img = Image.new("RGB", size, tuple(int(v) for v in rng.integers(0, 255, 3)))
    draw = ImageDraw.Draw(img)
    w, h = size
    for _ in range(60):
        x0, y0 = rng.integers(0, w), rng.integers(0, h)
        x1, y1 = x0 + rng.integers(10, w // 3), y0 + rng.integers(10, h // 3)
        colour = tuple(int(v) for v in rng.integers(0, 255, 3))
        shape = rng.integers(0, 3)
        if shape == 0:
            draw.ellipse([x0, y0, x1, y1], fill=colour)
        elif shape == 1:
            draw.polygon(
                [(x0, y0), (x1, y0 + rng.integers(-40, 40)), (x0 + rng.integers(-40, 40), y1)], fill=colour
            )
        else:
            draw.line([(x0, y0), (x1, y1)], fill=colour, width=int(rng.integers(2, 8)))
    return img.filter(ImageFilter.GaussianBlur(0.8))


def wall(size: tuple[int, int] = (1200, 800), seed: int = 0) -> Image.Image:
    """A plain gallery wall with slight shading and noise."""
    rng = np.random.default_rng(seed)
    w, h = size
    shade = np.linspace(215, 185, w)[np.newaxis, :, np.newaxis] * np.ones((h, 1, 3))
    noisy = shade + rng.normal(0, 3, (h, w, 3))
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


def hang(background: Image.Image, work: Image.Image, box: tuple[int, int], height: int) -> Image.Image:
    """Paste `work` with a dark frame on `background` at `box`, scaled to `height` pixels."""
    scaled = work.resize((round(work.width * height / work.height), height))
    framed = Image.new("RGB", (scaled.width + 24, scaled.height + 24), (40, 30, 20))
    framed.paste(scaled, (12, 12))
    out = background.copy()
    out.paste(framed, box)
    return out


def perspective(img: Image.Image, strength: float = 0.1, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    w, h = img.size
    d = rng.uniform(0, strength, 8)
    quad = [d[0] * w, d[1] * h, d[2] * w, h - d[3] * h, w - d[4] * w, h - d[5] * h, w - d[6] * w, d[7] * h]
    return img.transform(
        (w, h), Image.Transform.QUAD, quad, Image.Resampling.BILINEAR, fillcolor=(200, 200, 200)
    )


def damage(img: Image.Image, seed: int = 0) -> Image.Image:
    """Colour cast plus Gaussian noise, as from a poor phone camera."""
    rng = np.random.default_rng(seed)
    pixels = np.asarray(img, np.float32) * np.array([1.2, 1.0, 0.8])
    pixels += rng.normal(0, 12, pixels.shape)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def stripes(period: int, size: tuple[int, int] = (480, 360), angle: float = 0.0) -> Image.Image:
    w, h = size
    y, x = np.mgrid[0:h, 0:w]
    phase = (x * np.cos(angle) + y * np.sin(angle)) / period
    grey = np.where(np.floor(phase) % 2 == 0, 30, 225).astype(np.uint8)
    return Image.fromarray(grey).convert("RGB")


def grid(period: int, size: tuple[int, int] = (480, 360)) -> Image.Image:
    img = Image.new("RGB", size, (240, 240, 235))
    draw = ImageDraw.Draw(img)
    for x in range(0, size[0], period):
        draw.line([(x, 0), (x, size[1])], fill=(20, 20, 20), width=3)
    for y in range(0, size[1], period):
        draw.line([(0, y), (size[0], y)], fill=(20, 20, 20), width=3)
    return img


def text_page(words: str, size: tuple[int, int] = (480, 360)) -> Image.Image:
    img = Image.new("RGB", size, (250, 250, 245))
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default()
    for row, y in enumerate(range(8, size[1] - 12, 14)):
        draw.text((8, y), (words + " ") * 6 if row % 2 else words.upper() * 3, fill=(10, 10, 10), font=font)
    return img


def flat(colour: tuple[int, int, int], size: tuple[int, int] = (480, 360)) -> Image.Image:
    return Image.new("RGB", size, colour)

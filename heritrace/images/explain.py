"""The explanation picture: query and register photo side by side, matched region and correspondences."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

PANEL_HEIGHT = 480
GAP = 12
VERDICT_COLOURS = {"match": (30, 160, 60), "possible": (230, 150, 20), "none": (200, 40, 40)}


def explanation_image(
    query_img: Image.Image, register_img: Image.Image, candidate, *, fmt: str = "PNG"
) -> bytes:
    """PNG (or JPEG) bytes: the query photo left, the register photo right, evidence drawn on both."""
    query_scale = PANEL_HEIGHT / query_img.height
    register_scale = PANEL_HEIGHT / register_img.height
    left = query_img.convert("RGB").resize(_scaled(query_img, query_scale))
    right = register_img.convert("RGB").resize(_scaled(register_img, register_scale))
    canvas = Image.new("RGB", (left.width + GAP + right.width, PANEL_HEIGHT), (255, 255, 255))
    canvas.paste(left, (0, 0))
    canvas.paste(right, (left.width + GAP, 0))
    draw = ImageDraw.Draw(canvas)
    colour = VERDICT_COLOURS.get(candidate.verdict, (90, 90, 90))
    explanation = candidate.explanation or {}
    _draw_region(draw, explanation.get("region"), query_scale, colour)
    register_size = explanation.get("register_size") or [register_img.width, register_img.height]
    # Correspondences are stored in register-derivative pixels; bring them to this register photo.
    derivative_to_panel = register_scale * register_img.width / max(register_size[0], 1)
    offset = left.width + GAP
    for rx, ry, qx, qy in explanation.get("correspondences", []):
        start = (qx * query_scale, qy * query_scale)
        end = (offset + rx * derivative_to_panel, ry * derivative_to_panel)
        draw.line([start, end], fill=colour, width=1)
        for x, y in (start, end):
            draw.ellipse([x - 2, y - 2, x + 2, y + 2], outline=colour)
    draw.text(
        (6, 6), f"{candidate.verdict}  inliers={candidate.inliers}  score={candidate.score:.2f}", fill=colour
    )
    out = io.BytesIO()
    canvas.save(out, format=fmt)
    return out.getvalue()


def _scaled(img: Image.Image, scale: float) -> tuple[int, int]:
    return max(1, round(img.width * scale)), PANEL_HEIGHT


def _draw_region(draw: ImageDraw.ImageDraw, region, scale: float, colour) -> None:
    if not region:
        return
    points = [(x * scale, y * scale) for x, y in region]
    draw.line(points + points[:1], fill=colour, width=3)

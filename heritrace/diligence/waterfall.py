"""Geometry of the waterfall drawn on the result page: each text bar starts where the last ended."""

from __future__ import annotations


def waterfall(contributions: list[dict]) -> dict:
    """Rows with ``left``/``width`` in percent of the span between the lowest and highest running total;
    the photo bar, on its own scale, is returned apart."""
    text = [c for c in contributions if c["comparison"] != "photo"]
    photo = next((c for c in contributions if c["comparison"] == "photo"), None)
    totals, running = [0.0], 0.0
    for bar in text:
        running += bar["weight"]
        totals.append(running)
    low, high = min(totals), max(totals)
    span = (high - low) or 1.0
    rows, running = [], 0.0
    for bar in text:
        start, running = running, running + bar["weight"]
        rows.append(
            {
                **bar,
                "left": round((min(start, running) - low) / span * 100, 2),
                "width": max(round(abs(bar["weight"]) / span * 100, 2), 0.4),
                "sign": "pos" if bar["weight"] >= 0 else "neg",
            }
        )
    photo_row = None
    if photo is not None:
        # the photo scale: log2(1 + correspondences); 64 correspondences fill six bars of eight
        photo_row = {**photo, "width": min(round(photo["weight"] / 8 * 100, 2), 100)}
    return {"rows": rows, "total": round(running, 2), "zero": round(-low / span * 100, 2), "photo": photo_row}

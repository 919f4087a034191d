"""Charts drawn on the server as SVG (no script, no external library): horizontal bars for a
breakdown, columns for a run of years. A withheld value is drawn as an outline labelled "<5"."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

BAR = "#4a6fa5"
WITHHELD = "withheld"


def _label(value: int | float | None, threshold: int) -> str:
    return f"<{threshold}" if value is None else f"{value:,}"


def bars(chart_id: str, title: str, rows: list[tuple[str, int | None]], threshold: int = 5) -> str:
    """One bar per (label, value); None is a withheld small count."""
    if not rows:
        return f'<p class="muted" id={quoteattr(chart_id)}>Nothing recorded.</p>'
    top = max([v for _, v in rows if v] + [threshold - 1])
    height = len(rows) * 24 + 8
    parts = [
        f'<svg id={quoteattr(chart_id)} class="chart" role="img" aria-label={quoteattr(title)} '
        f'width="560" height="{height}" viewBox="0 0 560 {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(rows):
        y = i * 24 + 4
        shown = value if value is not None else threshold - 1
        width = round(320 * shown / top, 1) if top else 0
        kind = WITHHELD if value is None else "bar"
        fill = 'fill="none" stroke="#888" stroke-dasharray="3 2"' if value is None else f'fill="{BAR}"'
        text = escape(_label(value, threshold))
        parts.append(f'<text x="0" y="{y + 12}" font-size="12">{escape(str(label))[:40]}</text>')
        parts.append(
            f'<rect class="{kind}" x="180" y="{y}" height="16" width="{width}" {fill}>'
            f"<title>{escape(str(label))}: {text}</title></rect>"
        )
        parts.append(f'<text x="{186 + width}" y="{y + 12}" font-size="12">{text}</text>')
    parts.append("</svg>")
    return "".join(parts)


def columns(chart_id: str, title: str, points: list[tuple[int, int | None]], threshold: int = 5) -> str:
    """One column per year."""
    top = max([v for _, v in points if v] + [1])
    width = max(len(points) * 60, 120)
    parts = [
        f'<svg id={quoteattr(chart_id)} class="chart" role="img" aria-label={quoteattr(title)} '
        f'width="{width}" height="150" viewBox="0 0 {width} 150" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (year, value) in enumerate(points):
        x = i * 60 + 10
        shown = value if value is not None else threshold - 1
        h = round(100 * shown / top, 1) if top else 0
        kind = WITHHELD if value is None else "bar"
        fill = 'fill="none" stroke="#888" stroke-dasharray="3 2"' if value is None else f'fill="{BAR}"'
        text = escape(_label(value, threshold))
        parts.append(
            f'<rect class="{kind}" x="{x}" y="{120 - h}" width="40" height="{h}" {fill}>'
            f"<title>{year}: {text}</title></rect>"
        )
        parts.append(f'<text x="{x + 20}" y="{114 - h}" font-size="11" text-anchor="middle">{text}</text>')
        parts.append(f'<text x="{x + 20}" y="138" font-size="11" text-anchor="middle">{year}</text>')
    parts.append("</svg>")
    return "".join(parts)

"""Reads the tables of docs/access.md that the access tests check the code against."""

from __future__ import annotations

from pathlib import Path

ACCESS_DOC = Path(__file__).resolve().parents[2] / "docs" / "access.md"


def table(marker: str) -> list[list[str]]:
    """Rows (cells stripped of backticks) of the markdown table between <!-- marker --> comments."""
    text = ACCESS_DOC.read_text(encoding="utf-8")
    body = text.split(f"<!-- {marker} -->", 1)[1].split(f"<!-- /{marker} -->", 1)[0]
    rows = [line.strip().strip("|").split("|") for line in body.splitlines() if line.strip().startswith("|")]
    cells = [[c.strip().strip("`") for c in row] for row in rows]
    return [row for row in cells[2:]]  # header and separator dropped

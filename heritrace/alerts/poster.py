"""The printable "wanted" poster of a public theft alert (fpdf2), with the objects' public photos."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from heritrace.alerts.content import SUMMARY_FIELDS


def _latin(text: str) -> str:
    # the core PDF fonts are Latin-1; other scripts are kept readable as '?' rather than failing
    return str(text).encode("latin-1", "replace").decode("latin-1")


def poster_heading(alert: dict) -> str:
    """The poster's headline says where the objects stand now, not when the alert was raised."""
    statuses = sorted({o.get("status") or "stolen" for o in alert.get("objects", [])}) or ["stolen"]
    words = " / ".join(s.replace("_", " ").upper() for s in statuses)
    if alert.get("withdrawn"):
        return f"{words} - NO LONGER WANTED"
    return f"{words} - WANTED"


def wanted_poster(alert: dict, photo_path) -> bytes:  # noqa: ANN001 - photo_path(sha256) -> Path | None
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 36)
    pdf.cell(0, 18, poster_heading(alert), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _latin(alert["title"]), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, _latin(alert.get("body") or ""), new_x="LMARGIN", new_y="NEXT")
    for obj in alert["objects"]:
        _object(pdf, obj, photo_path)
    pdf.ln(4)
    pdf.set_font("Helvetica", "I", 10)
    pdf.multi_cell(
        0, 5, _latin(f"Seen it? Contact {alert['sender']} or your police. Heritrace alert {alert['id']}.")
    )
    return bytes(pdf.output())


def _object(pdf: FPDF, obj: dict, photo_path) -> None:  # noqa: ANN001
    pdf.ln(3)
    for url in obj.get("photos", [])[:1]:
        path: Path | None = photo_path(url.split("/")[-2])
        if path and path.exists():
            pdf.image(str(path), w=80)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, _latin(obj["id"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for field in SUMMARY_FIELDS:
        if field in obj:
            pdf.multi_cell(
                0, 5, _latin(f"{field.replace('_', ' ')}: {obj[field]}"), new_x="LMARGIN", new_y="NEXT"
            )

"""The printable certificate (fpdf2). The signature is appended by ``signing.PlatformKey.sign_pdf``."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from fpdf import FPDF

# A Unicode font shows Cyrillic, Greek and other scripts as written; without one the core font is used
# and text outside Latin-1 is transliterated (the JSON certificate always holds the exact text).
UNICODE_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)
QUERY_LABELS = {
    "title": "Title",
    "maker": "Maker",
    "type_of_object": "Type of object",
    "materials_techniques": "Materials & techniques",
    "measurements": "Measurements",
    "date_or_period": "Date or period",
    "description": "Description",
}


class CertificatePdf(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_auto_page_break(True, margin=18)
        self.set_creator("Heritrace")
        font = next((p for p in UNICODE_FONTS if p.exists()), None)
        self.unicode = font is not None
        if font is not None:
            self.add_font("body", "", str(font))
            self.add_font("body", "B", str(font))
            self.family_name = "body"
        else:
            self.family_name = "helvetica"


def render(certificate: dict, key_id: str, verify_url: str | None = None) -> bytes:
    """The certificate as a PDF document (unsigned bytes)."""
    pdf = CertificatePdf()
    pdf.add_page()
    put = line_writer(pdf)
    put(f"Due-diligence certificate {certificate['certificate_id']}", 16, bold=True)
    put(
        f"Issued {certificate['issued_at']} by Heritrace for check {certificate['check_id']} "
        f"made {certificate['checked_at']}",
        9,
    )
    who = certificate["requested_by"]
    put(f"Requested by: {who['name']}" + (f" ({who['organisation']})" if who.get("organisation") else ""), 10)
    _section(put, "Query as submitted")
    for key, value in certificate["query"].items():
        put(f"{QUERY_LABELS.get(key, key)}: {value}", 10)
    if certificate["photos"]:
        put(f"Photos ({len(certificate['photos'])}), SHA-256: " + ", ".join(certificate["photos"]), 8)
    _section(put, f"Result: {certificate['verdict'].upper()}")
    _candidates(put, certificate["candidates"])
    _coverage(put, certificate["coverage"])
    _section(put, "Verification")
    where = verify_url or "/certificates/verify on the issuing platform"
    put(
        f"Signed with Ed25519, platform key {key_id}. Verify at {where} "
        "or with 'heritrace certificate verify FILE'. Any change to this file invalidates the signature.",
        8,
    )
    if verify_url:
        pdf.image(qr_png(verify_url), w=32)  # the same address, for a phone's camera
    return bytes(pdf.output())


def qr_png(text: str) -> io.BytesIO:
    """A QR code of ``text`` as PNG (segno: pure Python, no network)."""
    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=6, border=2)
    out.seek(0)
    return out


def line_writer(pdf: CertificatePdf):  # noqa: ANN202
    def put(line: str, size: int, bold: bool = False) -> None:
        pdf.set_font(pdf.family_name, "B" if bold else "", size)
        pdf.multi_cell(0, size * 0.55, _printable(line, pdf.unicode), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    return put


def _section(put, title: str) -> None:  # noqa: ANN001
    put("", 4)
    put(title, 12, bold=True)


def _candidates(put, candidates: list[dict]) -> None:  # noqa: ANN001
    if not candidates:
        put("No register object was proposed for this description.", 10)
    for n, c in enumerate(candidates, 1):
        node = f"[node {c['node']}] " if c.get("node") else ""
        if c["object_id"] is None:
            org = f" ({c['originating_organisation']})" if c.get("originating_organisation") else ""
            put(f"{n}. {node}{c['verdict']}: {c['notice']}{org}", 10, bold=True)
            continue
        put(
            f"{n}. {node}{c['verdict']}: {c['object_id']} - {c.get('title') or 'untitled'}"
            f"{' - ' + c['maker'] if c.get('maker') else ''} (score {c['score']:.3f})",
            10,
            bold=True,
        )
        for bar in c.get("contributions") or []:
            put(f"    {bar['weight']:+.2f}  {bar['comparison']} [{bar['level']}] {bar['detail']}", 8)


def _coverage(put, coverage: dict) -> None:  # noqa: ANN001
    _section(put, "Coverage")
    for source in coverage["searched"]:
        counts = ", ".join(f"{source[k]} {k}" for k in ("records", "photos") if source.get(k) is not None)
        updated = f", last updated {source['last_updated']}" if source.get("last_updated") else ""
        put(f"Searched: {source['source']} ({counts}{updated})", 9)
    put("Not searched: " + "; ".join(coverage["not_searched"]), 9)
    put(coverage["statement"], 9, bold=True)


def _printable(text: str, unicode: bool) -> str:
    if unicode:
        return text
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        from heritrace.matching.normalize import transliterate

        folded = unicodedata.normalize("NFKC", transliterate(text))
        return folded.encode("latin-1", "replace").decode("latin-1")

"""The printable model export certificate (fpdf2), boxes in order, with the record's first photograph.

The signature is appended by ``PlatformKey.sign_pdf``, as for due-diligence certificates."""

from __future__ import annotations

from pathlib import Path

from heritrace.core.i18n import _
from heritrace.core.pdf import HeritracePdf
from heritrace.diligence.certificate_pdf import signed_with


def render(certificate: dict, key_id: str, photo: Path | None) -> bytes:
    """The certificate as a PDF document (unsigned bytes)."""
    pdf = HeritracePdf()
    pdf.add_page()
    put = pdf.put
    form = certificate["form"]
    put(form["name"], 15, bold=True)
    put(
        _(
            "Certificate %(id)s, prepared %(at)s on Heritrace from register record %(record)s",
            id=certificate["certificate_id"],
            at=certificate["issued_at"],
            record=certificate["object"]["register_id"],
        ),
        9,
    )
    put(certificate["notice"], 9, bold=True)
    for number, box in certificate["boxes"].items():
        if number == "24":
            continue
        value = box["value"]
        shown = (
            "; ".join(map(str, value)) if isinstance(value, list) else ("" if value is None else str(value))
        )
        put(f"{number}. {_(box['label'])}", 9, bold=True)
        put(shown or "-", 10)
    put(f"24. {_(certificate['boxes']['24']['label'])}", 9, bold=True)
    if photo is not None and photo.exists():
        # at least 9 x 12 cm on the EU form; 90 mm wide here, on the reading side
        pdf.image(str(photo), w=90, x=pdf.w - pdf.r_margin - 90 if pdf.rtl else None)
    else:
        put(_("no photograph in the register record"), 10)
    put(_("Box numbering: %(layout)s.", layout=form["box_layout"]), 7)
    put(signed_with(key_id), 8)
    return bytes(pdf.output())

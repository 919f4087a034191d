"""The printable "wanted" poster of a public theft alert (fpdf2), with the objects' public photos, in
the reader's language (the alert and the records stay as written)."""

from __future__ import annotations

from pathlib import Path

from heritrace.alerts.content import SUMMARY_FIELDS, SUMMARY_LABELS
from heritrace.core.i18n import _, pair
from heritrace.core.pdf import HeritracePdf
from heritrace.objects.choices import plain_label


def poster_heading(alert: dict) -> str:
    """The poster's headline says where the objects stand now, not when the alert was raised."""
    statuses = sorted({o.get("status") or "stolen" for o in alert.get("objects", [])}) or ["stolen"]
    words = " / ".join(plain_label(s).upper() for s in statuses)
    if alert.get("withdrawn"):
        return _("%(statuses)s - NO LONGER WANTED", statuses=words)
    return _("%(statuses)s - WANTED", statuses=words)


def wanted_poster(alert: dict, photo_path) -> bytes:  # noqa: ANN001 - photo_path(sha256) -> Path | None
    pdf = HeritracePdf(bottom_margin=15)
    pdf.add_page()
    pdf.put(poster_heading(alert), 30, bold=True, align="C")
    pdf.put(alert["title"], 16, bold=True, align="C")
    pdf.put(alert.get("body") or "", 11)
    for obj in alert["objects"]:
        _object(pdf, obj, photo_path)
    pdf.ln(4)
    pdf.put(
        _(
            "Seen it? Contact %(sender)s or your police. Heritrace alert %(id)s.",
            sender=alert["sender"],
            id=alert["id"],
        ),
        10,
    )
    return bytes(pdf.output())


def _object(pdf: HeritracePdf, obj: dict, photo_path) -> None:  # noqa: ANN001
    pdf.ln(3)
    for url in obj.get("photos", [])[:1]:
        path: Path | None = photo_path(url.split("/")[-2])
        if path and path.exists():
            pdf.image(str(path), w=80, x=pdf.w - pdf.r_margin - 80 if pdf.rtl else None)
    pdf.put(obj["id"], 12, bold=True)
    for field in SUMMARY_FIELDS:
        if field in obj:
            value = plain_label(obj[field]) if field == "status" else obj[field]
            pdf.put(pair(_(SUMMARY_LABELS[field]), value), 10)

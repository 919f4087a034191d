"""The printable certificate (fpdf2), in the language of the person who has it issued. The
signature is appended by ``signing.PlatformKey.sign_pdf``; the signed JSON keeps the exact text."""

from __future__ import annotations

import io

from heritrace.core.i18n import N_, _, ngettext, pair
from heritrace.core.pdf import HeritracePdf
from heritrace.matching.labels import contribution_line
from heritrace.objects.choices import plain_label

QUERY_LABELS = {
    "title": N_("Title"),
    "maker": N_("Maker"),
    "type_of_object": N_("Type of object"),
    "materials_techniques": N_("Materials & techniques"),
    "measurements": N_("Measurements"),
    "date_or_period": N_("Date or period"),
    "description": N_("Description"),
}


def render(certificate: dict, key_id: str, verify_url: str | None = None) -> bytes:
    """The certificate as a PDF document (unsigned bytes)."""
    pdf = HeritracePdf()
    pdf.add_page()
    put = pdf.put
    put(_("Due-diligence certificate %(id)s", id=certificate["certificate_id"]), 16, bold=True)
    put(
        _(
            "Issued %(issued)s by Heritrace for check %(check)s made %(checked)s",
            issued=certificate["issued_at"],
            check=certificate["check_id"],
            checked=certificate["checked_at"],
        ),
        9,
    )
    who = certificate["requested_by"]
    put(
        pair(
            _("Requested by"), who["name"] + (f" ({who['organisation']})" if who.get("organisation") else "")
        )
    )
    section(pdf, _("Query as submitted"))
    for key, value in certificate["query"].items():
        put(pair(_(QUERY_LABELS[key]) if key in QUERY_LABELS else key, value), 10)
    if certificate["photos"]:
        photos = ngettext("%(num)d photo, SHA-256:", "%(num)d photos, SHA-256:", len(certificate["photos"]))
        put(photos + " " + ", ".join(certificate["photos"]), 8)
    section(pdf, pair(_("Result"), plain_label(certificate["verdict"])))
    _candidates(put, certificate["candidates"])
    _coverage(pdf, certificate["coverage"])
    section(pdf, _("Verification"))
    where = verify_url or _("/certificates/verify on the issuing platform")
    put(signed_with(key_id, where), 8)
    if verify_url:
        pdf.image(qr_png(verify_url), w=32, x=pdf.w - pdf.r_margin - 32 if pdf.rtl else None)
    return bytes(pdf.output())


def signed_with(key_id: str, where: str = "") -> str:
    """The verification paragraph every signed certificate ends with."""
    return _(
        "Signed with Ed25519, platform key %(key)s. Verify at %(where)s or with "
        "'heritrace certificate verify FILE'. Any change to this file invalidates the signature.",
        key=key_id,
        where=where or _("/certificates/verify on the issuing platform"),
    )


def qr_png(text: str) -> io.BytesIO:
    """A QR code of ``text`` as PNG (segno: pure Python, no network)."""
    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=6, border=2)
    out.seek(0)
    return out


def section(pdf: HeritracePdf, title: str) -> None:
    pdf.put("", 4)
    pdf.put(title, 12, bold=True)


def _candidates(put, candidates: list[dict]) -> None:  # noqa: ANN001
    if not candidates:
        put(_("No register object was proposed for this description."), 10)
    for n, c in enumerate(candidates, 1):
        node = _("[node %(node)s]", node=c["node"]) + " " if c.get("node") else ""
        verdict = plain_label(c["verdict"])
        if c["object_id"] is None:
            org = f" ({c['originating_organisation']})" if c.get("originating_organisation") else ""
            put(f"{n}. {node}{pair(verdict, _(c['notice']) + org)}", 10, bold=True)
            continue
        described = " - ".join(
            [c["object_id"], c.get("title") or _("untitled"), *([c["maker"]] if c.get("maker") else [])]
        )
        score = _("score %(score)s", score=f"{c['score']:.3f}")
        put(f"{n}. {node}{pair(verdict, described)} ({score})", 10, bold=True)
        for bar in c.get("contributions") or []:
            put("    " + contribution_line(bar), 8)


def _coverage(pdf: HeritracePdf, coverage: dict) -> None:
    section(pdf, _("Coverage"))
    for source in coverage["searched"]:
        counts = []
        if source.get("records") is not None:
            counts.append(ngettext("%(num)s record", "%(num)s records", source["records"]))
        if source.get("photos") is not None:
            counts.append(ngettext("%(num)s photo", "%(num)s photos", source["photos"]))
        if source.get("last_updated"):
            counts.append(_("last updated %(when)s", when=source["last_updated"]))
        shown = ", ".join(counts)
        pdf.put(f"{_('Searched:')} {_(source['source'])} ({shown})", 9)
    pdf.put(f"{_('Not searched:')} " + "; ".join(_(s) for s in coverage["not_searched"]), 9)
    pdf.put(_(coverage["statement"]), 9, bold=True)

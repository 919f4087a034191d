"""The printable completion certificate (fpdf2), in the learner's language. The signature is appended
by ``PlatformKey.sign_pdf``, as for due-diligence and export certificates."""

from __future__ import annotations

from heritrace.core.i18n import _, ngettext
from heritrace.core.pdf import HeritracePdf
from heritrace.diligence.certificate_pdf import signed_with


def render_certificate(certificate: dict, key_id: str) -> bytes:
    pdf = HeritracePdf()
    pdf.add_page()
    put = pdf.put
    course, learner = certificate["course"], certificate["learner"]
    put(_("Certificate of completion"), 20, bold=True)
    put(
        _(
            "Certificate %(id)s, issued %(at)s by Heritrace",
            id=certificate["certificate_id"],
            at=certificate["issued_at"],
        ),
        9,
    )
    put("", 6)
    put(_("This certifies that"), 11)
    who = learner["name"] + (f" ({learner['organisation']})" if learner.get("organisation") else "")
    put(who, 16, bold=True)
    put(_("completed the course"), 11)
    put(course["title"], 14, bold=True)
    modules = ngettext("%(num)d module", "%(num)d modules", course["modules"])
    if course.get("offered_by"):
        modules = _("%(modules)s, offered by %(by)s", modules=modules, by=course["offered_by"])
    put(
        _(
            "%(modules)s; completed %(at)s with an assessment score of %(score)s%% (pass mark %(mark)s%%).",
            modules=modules,
            at=certificate["completed_at"],
            score=certificate["score"],
            mark=course["pass_mark"],
        ),
        10,
    )
    put("", 6)
    put(signed_with(key_id), 8)
    return bytes(pdf.output())

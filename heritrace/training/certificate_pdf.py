"""The printable completion certificate (fpdf2). The signature is appended by ``PlatformKey.sign_pdf``,
as for due-diligence and export certificates."""

from __future__ import annotations

from heritrace.diligence.certificate_pdf import CertificatePdf, line_writer


def render_certificate(certificate: dict, key_id: str) -> bytes:
    pdf = CertificatePdf()
    pdf.add_page()
    put = line_writer(pdf)
    course, learner = certificate["course"], certificate["learner"]
    put("Certificate of completion", 20, bold=True)
    put(f"Certificate {certificate['certificate_id']}, issued {certificate['issued_at']} by Heritrace", 9)
    put("", 6)
    put("This certifies that", 11)
    who = learner["name"] + (f" ({learner['organisation']})" if learner.get("organisation") else "")
    put(who, 16, bold=True)
    put("completed the course", 11)
    put(course["title"], 14, bold=True)
    offered = f", offered by {course['offered_by']}" if course.get("offered_by") else ""
    put(
        f"{course['modules']} modules{offered}; completed {certificate['completed_at']} with an assessment "
        f"score of {certificate['score']}% (pass mark {course['pass_mark']}%).",
        10,
    )
    put("", 6)
    put(
        f"Signed with Ed25519, platform key {key_id}. Verify at /certificates/verify on the issuing platform "
        "or with 'heritrace certificate verify FILE'. Any change to this file invalidates the signature.",
        8,
    )
    return bytes(pdf.output())

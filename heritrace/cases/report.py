"""The case summary report (JSON and PDF): what a case holds, as far as its reader may read it.

The service hands in only what the reader may see (objects without the need-to-know fields it may not
see, documents, timeline events and messages of classifications it reads); this module lays it out.
"""

from __future__ import annotations

from datetime import date

from heritrace.cases.compensation import BASES, FACTORS, STATUS_LABELS, factors_json
from heritrace.cases.documents import Integrity
from heritrace.cases.facts import facts_json, split
from heritrace.cases.models import CaseDocument, CaseEvent, CompensationClaim, ReturnCase
from heritrace.cases.outputs import party_line, section
from heritrace.cases.schemas import LEGAL_BASES, PARTY_ROLES
from heritrace.cases.states import LABELS
from heritrace.core.i18n import N_, _, ngettext, pair
from heritrace.core.pdf import HeritracePdf
from heritrace.diligence.history import CheckOnRecord
from heritrace.objects.choices import plain_label

TITLE = N_("Case summary report")


def summary(
    case: ReturnCase,
    *,
    objects: list[dict],
    documents: list[tuple[CaseDocument, Integrity]],
    events: list[CaseEvent],
    messages: int,
    deadlines: dict,
    checks: list[CheckOnRecord],
    today: date,
) -> dict:
    """The summary as one JSON document (the PDF renders the same)."""
    return {
        "report": TITLE,
        "case_id": case.id,
        "title": case.title,
        "generated_on": today.isoformat(),
        "classification": case.classification,
        "legal_basis": LEGAL_BASES[case.legal_basis],
        "state": LABELS[case.state],
        "returned_on": _iso(case.returned_on),
        "facts": facts_json(case),
        "unverified_facts": split(case.unverified_facts),
        "objects": objects,
        "parties": [
            {"role": PARTY_ROLES[p.role], "name": p.name, "country": p.country} for p in case.parties
        ],
        "history": [_event(e) for e in events],
        "deadlines": [
            {
                k: d.get(k)
                for k in ("instrument", "article", "limit", "start", "due", "status", "reason", "unverified")
            }
            for d in deadlines["deadlines"]
        ],
        "deadlines_needed": deadlines["needed"],
        "documents": [_document(d, i) for d, i in documents],
        "messages": messages,
        "compensation": [_claim(c) for c in case.claims],
        # where the law names each factor, and how far its wording is verified
        "due_diligence_factors": factors_json() if case.claims else [],
        "due_diligence_checks": [_check(c) for c in checks],
    }


def _iso(value) -> str | None:  # noqa: ANN001 - a date, a datetime or None
    return None if value is None else value.isoformat()


def _event(e: CaseEvent) -> dict:
    return {"at": _iso(e.at), "actor": e.actor, "kind": e.kind, "to_state": e.to_state, "note": e.note}


def _document(d: CaseDocument, integrity: Integrity) -> dict:
    return {
        "title": d.title,
        "classification": d.classification,
        "sha256": d.sha256,
        "size": d.size,
        "uploaded_at": _iso(d.uploaded_at),
        "intact": integrity.ok,
        "integrity": integrity.message,
    }


def _claim(c: CompensationClaim) -> dict:
    basis = BASES[c.basis]
    return {
        "claimant": c.claimant,
        "basis": basis.label,
        "basis_status": STATUS_LABELS[basis.status],
        "amount": c.amount,
        "currency": c.currency,
        "status": c.status,
        "note": c.note,
        "due_diligence": {f.label: getattr(c, f.key) for f in FACTORS if getattr(c, f.key)},
        "register_checks": split(c.register_checks),
    }


def _check(c: CheckOnRecord) -> dict:
    return {
        "check_id": c.check_id,
        "checked_at": _iso(c.checked_at),
        "requested_by": c.requested_by,
        "organisation": c.organisation,
        "verdict": c.verdict,
        "objects": c.objects,
        "cited": c.cited,
        "certificate_id": c.certificate_id,
        "signature": c.signature,
        "signature_message": c.signature_message,
    }


def summary_pdf(report: dict) -> bytes:
    """The summary on A4 pages, section by section, in the reader's language (the case file's own
    text, and the legal engines' reasoning, as written)."""
    pdf = HeritracePdf()
    pdf.add_page()
    pdf.put(_("%(report)s: case %(id)s", report=_(report["report"]), id=report["case_id"]), 14, bold=True)
    pdf.put(report["title"], 11)
    pdf.put(
        _(
            "Generated on %(date)s by Heritrace; classification %(classification)s",
            date=report["generated_on"],
            classification=plain_label(report["classification"]),
        ),
        8,
    )
    unverified = ", ".join(plain_label(f) for f in report["unverified_facts"])
    section(
        pdf,
        _("1. Legal basis and stage"),
        [
            pair(_("Legal basis"), _(report["legal_basis"])),
            pair(_("Current stage"), _(report["state"])),
            pair(_("Returned on"), report["returned_on"] or _("not yet")),
            *[pair(plain_label(k), v) for k, v in report["facts"].items() if v],
            *([_("Facts not yet verified: %(facts)s", facts=unverified)] if unverified else []),
        ],
    )
    section(pdf, _("2. Objects"), [_object_line(o) for o in report["objects"]])
    section(pdf, _("3. Parties"), [party_line(p) for p in report["parties"]])
    section(
        pdf,
        _("4. History"),
        [
            f"{e['at'][:16]} {e['actor']}: {plain_label(e['kind'])} {e['note'] or ''}"
            for e in report["history"]
        ],
    )
    section(
        pdf, _("5. Deadlines"), [_deadline_line(d) for d in report["deadlines"]] + report["deadlines_needed"]
    )
    section(
        pdf,
        _("6. Documents (SHA-256, integrity)"),
        [line for d in report["documents"] for line in _document_lines(d)],
    )
    messages = ngettext(
        "%(num)d message among the parties", "%(num)d messages among the parties", report["messages"]
    )
    section(pdf, _("7. Messages"), [messages])
    section(
        pdf,
        _("8. Compensation and due diligence"),
        [line for c in report["compensation"] for line in _claim_lines(c)],
    )
    section(
        pdf,
        _("9. Due-diligence checks on the objects"),
        [_check_line(c) for c in report["due_diligence_checks"]],
    )
    return bytes(pdf.output())


def _object_line(o: dict) -> str:
    described = ", ".join(str(o[k]) for k in ("type_text", "title", "maker", "date_text") if o.get(k))
    return pair(o["external_id"], described)


def _event_line(e: dict) -> str:
    return f"{e['at'][:16]} {pair(e['actor'], plain_label(e['kind']))} {e['note'] or ''}".rstrip()


def _deadline_line(d: dict) -> str:
    due = d["due"] or _("no limit")
    line = _(
        "%(instrument)s Art. %(article)s %(limit)s: due %(due)s, %(status)s.",
        instrument=d["instrument"],
        article=d["article"],
        limit=d["limit"],
        due=due,
        status=plain_label(d["status"]),
    )
    if d["unverified"]:
        line += " " + _("This limit rests on data not yet verified.")
    return f"{line} {d['reason']}"


def _document_lines(d: dict) -> list[str]:
    return [
        f"{d['title']} [{plain_label(d['classification'])}]: {_(d['integrity'])}",
        f"  SHA-256 {d['sha256']}",
    ]


def _claim_lines(c: dict) -> list[str]:
    amount = f"{c['amount']} {c['currency']}" if c["amount"] else _("amount not stated")
    head = _(
        "%(claimant)s: %(amount)s, %(status)s; basis %(basis)s (%(basis_status)s)",
        claimant=c["claimant"],
        amount=amount,
        status=plain_label(c["status"]),
        basis=_(c["basis"]),
        basis_status=_(c["basis_status"]),
    )
    return [head, *[f"  {pair(_(k), v)}" for k, v in c["due_diligence"].items()]]


def _check_line(c: dict) -> str:
    if c["certificate_id"]:
        cert = _("certificate %(id)s: %(signature)s", id=c["certificate_id"], signature=c["signature"])
    else:
        cert = _("no certificate")
    hits = ", ".join(f"{k} {plain_label(v)}" for k, v in c["objects"].items()) or _("cited by the possessor")
    return _(
        "%(check)s on %(date)s by %(who)s: verdict %(verdict)s (%(hits)s); %(certificate)s",
        check=c["check_id"],
        date=c["checked_at"][:10],
        who=c["requested_by"] or "-",
        verdict=plain_label(c["verdict"]),
        hits=hits,
        certificate=cert,
    )

"""Outputs of a case: the ICPRCP-style request form (JSON and PDF, one object per form), and the PDF
pieces the summary report shares with it."""

from __future__ import annotations

import unicodedata
from datetime import date

from fpdf import FPDF

from heritrace.cases.facts import facts_json
from heritrace.cases.models import ReturnCase
from heritrace.cases.schemas import LEGAL_BASES, PARTY_ROLES
from heritrace.cases.states import LABELS
from heritrace.diligence.certificate_pdf import UNICODE_FONTS
from heritrace.objects.models import CulturalObject

FORM_TITLE = "Standard form concerning requests for return or restitution (ICPRCP)"
OBJECT_FIELDS = (
    "external_id",
    "type_text",
    "title",
    "maker",
    "materials_techniques",
    "measurements_text",
    "date_text",
    "inscriptions_markings",
    "distinguishing_features",
    "description",
    "country",
    "place_of_origin",
    "inventory_number",
)


def request_forms(case: ReturnCase, objects: list[dict], documents: list, today: date) -> list[dict]:
    """One request form per claimed object (``describe``d), as the Committee asks, filled from the case
    file."""
    parties = [{"role": PARTY_ROLES[p.role], "name": p.name, "country": p.country} for p in case.parties]
    common = {
        "form": FORM_TITLE,
        "case_id": case.id,
        "case_title": case.title,
        "generated_on": today.isoformat(),
        "requesting_state": case.requesting_state,
        "holding_state": case.holding_state,
        "legal_basis": LEGAL_BASES[case.legal_basis],
        "procedure_state": LABELS[case.state],
        "facts": facts_json(case),
        "circumstances": case.summary,
        "parties": parties,
        "documents": [{"title": d.title, "sha256": d.sha256} for d in documents],
    }
    return [
        {**common, "form_number": f"{n} of {len(objects)}", "object": o} for n, o in enumerate(objects, 1)
    ]


def describe(o: CulturalObject) -> dict:
    """The object's Object ID description and its losses, as the forms and the report carry them."""
    out = {f: getattr(o, f) for f in OBJECT_FIELDS}
    out["incidents"] = [
        {"type": i.type, "date": i.date_text, "place": i.place, "reference": i.reference} for i in o.incidents
    ]
    return out


class CasePdf(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_auto_page_break(True, margin=18)
        self.set_creator("Heritrace")
        font = next((p for p in UNICODE_FONTS if p.exists()), None)
        self.unicode = font is not None
        self.family_name = "body" if font else "helvetica"
        if font:
            self.add_font("body", "", str(font))
            self.add_font("body", "B", str(font))

    def put(self, text: str, size: int = 10, bold: bool = False) -> None:
        self.set_font(self.family_name, "B" if bold else "", size)
        self.multi_cell(0, size * 0.55, self._printable(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def _printable(self, text: str) -> str:
        if self.unicode:
            return text
        # the core font knows Latin-1 only; the JSON form keeps the exact text
        folded = unicodedata.normalize("NFKD", text).encode("latin-1", "ignore").decode("latin-1")
        return folded


def request_pdf(forms: list[dict]) -> bytes:
    """The request forms as one PDF, one form (one object) per page."""
    pdf = CasePdf()
    for form in forms:
        pdf.add_page()
        pdf.put(form["form"], 14, bold=True)
        pdf.put(f"Form {form['form_number']} - case {form['case_id']}: {form['case_title']}", 9)
        pdf.put(f"Generated on {form['generated_on']} by Heritrace", 8)
        section(
            pdf,
            "1. States",
            [
                f"Requesting State: {form['requesting_state'] or 'not stated'}",
                f"Holding State: {form['holding_state'] or 'not stated'}",
                f"Legal basis: {form['legal_basis']}",
                f"Stage of the procedure: {form['procedure_state']}",
            ],
        )
        obj = form["object"]
        section(pdf, "2. The object", [f"{k}: {v}" for k, v in obj.items() if v and k != "incidents"])
        section(pdf, "3. Loss", [", ".join(f"{k}: {v}" for k, v in i.items() if v) for i in obj["incidents"]])
        section(pdf, "4. Facts", [f"{k}: {v}" for k, v in form["facts"].items() if v])
        section(
            pdf, "5. Parties", [f"{p['role']}: {p['name']} {p['country'] or ''}" for p in form["parties"]]
        )
        section(pdf, "6. Circumstances", [form["circumstances"] or "not stated"])
        section(pdf, "7. Documents (SHA-256)", [f"{d['title']}: {d['sha256']}" for d in form["documents"]])
    return bytes(pdf.output())


def section(pdf: CasePdf, title: str, lines: list[str]) -> None:
    pdf.put(title, 11, bold=True)
    for line in lines or ["none"]:
        pdf.put(line, 9)

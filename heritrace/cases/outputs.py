"""Outputs of a case: the ICPRCP-style request form (JSON and PDF, one object per form), and the PDF
pieces the summary report shares with it."""

from __future__ import annotations

from datetime import date

from heritrace.cases.facts import facts_json
from heritrace.cases.models import ReturnCase
from heritrace.cases.schemas import LEGAL_BASES, PARTY_ROLES
from heritrace.cases.states import LABELS
from heritrace.core.i18n import N_, _, pair
from heritrace.core.pdf import HeritracePdf
from heritrace.objects.choices import plain_label
from heritrace.objects.models import CulturalObject

FORM_TITLE = N_("Standard form concerning requests for return or restitution (ICPRCP)")
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
# the names of the object's fields on the PDF form, in the reader's language
FIELD_LABELS = {
    "external_id": N_("Object ID"),
    "type_text": N_("Type of object"),
    "title": N_("Title"),
    "maker": N_("Maker"),
    "materials_techniques": N_("Materials & techniques"),
    "measurements_text": N_("Measurements"),
    "date_text": N_("Date or period"),
    "inscriptions_markings": N_("Inscriptions & markings"),
    "distinguishing_features": N_("Distinguishing features"),
    "description": N_("Description"),
    "country": N_("Country"),
    "place_of_origin": N_("Place of origin"),
    "inventory_number": N_("Inventory number"),
    "type": N_("Incident"),
    "date": N_("Date"),
    "place": N_("Place"),
    "reference": N_("Reference"),
}


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


def request_pdf(forms: list[dict]) -> bytes:
    """The request forms as one PDF, one form (one object) per page, in the reader's language; what
    the case file holds is printed as written."""
    pdf = HeritracePdf()
    missing = _("not stated")
    for form in forms:
        pdf.add_page()
        pdf.put(_(form["form"]), 14, bold=True)
        number, total = form["form_number"].split(" of ")
        pdf.put(
            _(
                "Form %(number)s of %(total)s - case %(case)s: %(title)s",
                number=number,
                total=total,
                case=form["case_id"],
                title=form["case_title"],
            ),
            9,
        )
        pdf.put(_("Generated on %(date)s by Heritrace", date=form["generated_on"]), 8)
        section(
            pdf,
            _("1. States"),
            [
                pair(_("Requesting State"), form["requesting_state"] or missing),
                pair(_("Holding State"), form["holding_state"] or missing),
                pair(_("Legal basis"), _(form["legal_basis"])),
                pair(_("Stage of the procedure"), _(form["procedure_state"])),
            ],
        )
        obj = form["object"]
        section(pdf, _("2. The object"), [field_line(k, v) for k, v in obj.items() if v and k != "incidents"])
        section(
            pdf,
            _("3. Loss"),
            [", ".join(field_line(k, v) for k, v in i.items() if v) for i in obj["incidents"]],
        )
        section(pdf, _("4. Facts"), [pair(plain_label(k), v) for k, v in form["facts"].items() if v])
        section(pdf, _("5. Parties"), [party_line(p) for p in form["parties"]])
        section(pdf, _("6. Circumstances"), [form["circumstances"] or missing])
        section(pdf, _("7. Documents (SHA-256)"), [pair(d["title"], d["sha256"]) for d in form["documents"]])
    return bytes(pdf.output())


def field_line(key: str, value: object) -> str:
    """An object's field with its name in the reader's language (an incident's type in plain words)."""
    shown = plain_label(value) if key == "type" else value
    return pair(_(FIELD_LABELS[key]) if key in FIELD_LABELS else plain_label(key), shown)


def party_line(p: dict) -> str:
    return pair(_(p["role"]), f"{p['name']} {p['country'] or ''}".strip())


def section(pdf: HeritracePdf, title: str, lines: list[str]) -> None:
    pdf.put(title, 11, bold=True)
    for line in lines or [_("none")]:
        pdf.put(line, 9)

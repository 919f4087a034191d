"""The UNESCO-WCO Model Export Certificate as boxes, filled in from a register record and the exporter's
input.

UNESCO and the WCO recommend the model "in its entirety or in part" as the national export certificate
(UNESCO's page on the model). Its boxes follow the EU standard export licence form, from which it was
derived (Implementing Regulation (EU) No 1081/2012, Annex I, whose boxes were read): the box list of the
model's own PDF was not read, so the certificate says the numbering follows the EU layout.
"""

from __future__ import annotations

from typing import Any

from heritrace.core.i18n import N_
from heritrace.exports.schemas import ExportCertificateIn
from heritrace.objects.models import CulturalObject

FORM = {
    "name": "UNESCO-WCO Model Export Certificate for Cultural Objects",
    "source": (
        "http://www.unesco.org/new/en/culture/themes/illicit-trafficking-of-cultural-property/"
        "legal-and-practical-instruments/unesco-wco-model-export-certificate/"
    ),
    "box_layout": (
        "boxes numbered as in the EU standard export licence form (Implementing Regulation (EU) "
        "No 1081/2012, Annex I, "
        "https://eurlexa.com/act/en/32012R1081/02012R1081-20121212/corrigendum/32012R1081R(01)), "
        "from which the model was derived"
    ),
    "box_layout_status": "P",
}
BOXES = {
    "1": N_("Exporter (name and address)"),
    "2": N_("Certificate number / valid until"),
    "3": N_("Consignee (address and country of destination)"),
    "4": N_("Permanent / temporary export; date for re-importation"),
    "5": N_("Issuing authority (name, address and State)"),
    "6": N_("Exporter's representative (name and address)"),
    "7": N_("Owner of the object (name and address)"),
    "8": N_("Category of the cultural object"),
    "9": N_("Description of the cultural object"),
    "10": N_("Tariff (HS/CN) code"),
    "11": N_("Number / quantity"),
    "12": N_("Value"),
    "13": N_("Purpose of export"),
    "14": N_("Title or subject"),
    "15": N_("Measurements"),
    "16": N_("Dating"),
    "17": N_("Other characteristics"),
    "18": N_("Documents submitted / identification marks"),
    "19": N_("Artist, period, workshop and/or style"),
    "20": N_("Medium or technique"),
    "21": N_("Application: declaration of the exporter"),
    "22": N_("Signature and stamp of the issuing authority"),
    "24": N_("Photograph(s) of the object"),
}
DECLARATION = N_(
    "I hereby apply for an export certificate for the cultural object described above and declare that the "
    "information in this application and the supporting documents is true."
)
NOT_ISSUED = N_("to be completed by the issuing authority: the platform's signature does not replace it")


def fill_boxes(
    data: ExportCertificateIn, obj: CulturalObject, certificate_id: str, photos: list[str]
) -> dict:
    """Every box with its label and value; the record supplies boxes 9 and 14 to 20 and 24."""
    values: dict[str, Any] = {
        "1": _party(data.exporter.name, data.exporter.address),
        "2": certificate_id,
        "3": _party(data.consignee.name, data.consignee.address, data.consignee.country),
        "4": data.export_type + (f", re-import by {data.reimport_date}" if data.reimport_date else ""),
        "5": _party(
            data.issuing_authority.name, data.issuing_authority.address, data.issuing_authority.country
        )
        if data.issuing_authority
        else NOT_ISSUED,
        "6": _party(data.representative.name, data.representative.address) if data.representative else None,
        "7": _party(data.owner.name, data.owner.address) if data.owner else None,
        "8": data.category,
        "9": _join(obj.type_text, obj.description),
        "10": data.tariff_code,
        "11": data.quantity,
        "12": f"{data.value:,.2f} {data.currency}" if data.value is not None else None,
        "13": data.purpose,
        "14": _join(obj.title, obj.subject),
        "15": obj.measurements_text,
        "16": obj.date_text,
        "17": _join(obj.inscriptions_markings, obj.distinguishing_features),
        "18": _identification(obj),
        "19": _join(obj.maker, obj.place_of_origin),
        "20": obj.materials_techniques,
        "21": DECLARATION,
        "22": NOT_ISSUED,
        "24": [f"sha256:{sha}" for sha in photos],
    }
    return {number: {"label": BOXES[number], "value": values[number]} for number in BOXES}


def _party(name: str, address: str | None = None, country: str | None = None) -> str:
    return ", ".join(p for p in (name, address, country) if p)


def _join(*parts: str | None) -> str | None:
    text = "; ".join(p.strip() for p in parts if p and p.strip())
    return text or None


def _identification(obj: CulturalObject) -> str | None:
    marks = [f"register id {obj.external_id}"]
    if obj.inventory_number:
        marks.append(f"inventory number {obj.inventory_number}")
    marks += [f"{i.scheme} {i.value}" for i in obj.identifiers]
    return "; ".join(marks)

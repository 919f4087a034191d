"""Linked Art JSON-LD (the CIDOC-CRM profile of the Linked Art community): one register record as a
``HumanMadeObject`` at its stable URL, and back.

Linked Art models names, identifiers, types, materials, dimensions and the production event; every
other Object ID category is a ``LinguisticObject`` statement classified with its Getty AAT type where
one is certain and with a Heritrace type (``urn:heritrace:object-id:<field>``), so that a Heritrace
import of the document gets every field back as given. The register status is a Heritrace type of
the object (``urn:heritrace:status:<status>``). Incidents are statements of their circumstances:
Linked Art has no object-centred place for a theft with its date and place (docs/standards.md).
"""

from __future__ import annotations

from heritrace.standards.records import AAT, StandardRecord, country_name

CONTEXT = "https://linked.art/ns/v1/linked-art.json"
FIELD_TYPE = "urn:heritrace:object-id:"
STATUS_TYPE = "urn:heritrace:status:"
VOCABULARY = "urn:heritrace:vocabulary:"
ACCESS_TYPE = "urn:heritrace:access:"
EDTF = "urn:heritrace:format:edtf"
PRIMARY_NAME = 300404670
ACCESSION_NUMBER = 300312355
NATION = 300128207
BRIEF_TEXT = 300418049
# Object ID categories held as statements, with the AAT type of the statement where certain
STATEMENTS = {
    "description": 300435416,
    "inscriptions_markings": 300435414,
    "measurements": 300435430,
    "materials_techniques": 300435429,
    "distinguishing_features": None,
    "subject": None,
    "type_of_object": None,
    "related_written_material": None,
    "cross_references": None,
    "date_documented": None,
    "provenance": 300435438,  # incidents: theft, looting... as text
}


def _type(aat: int | None, label: str, local: str | None = None) -> list[dict]:
    out = [{"id": f"{AAT}{aat}", "type": "Type", "_label": label}] if aat else []
    if local:
        out.append({"id": local, "type": "Type", "_label": label})
    return out


def linked_art(rec: StandardRecord, url: str, image_url: str | None = None) -> dict:
    """The record as a Linked Art ``HumanMadeObject`` whose ``id`` is ``url``."""
    r = rec.record
    doc: dict = {
        "@context": CONTEXT,
        "id": url,
        "type": "HumanMadeObject",
        "_label": r.get("title") or rec.id,
    }
    concept = rec.object_type
    classified = _type(concept.aat, concept.label, f"{VOCABULARY}{concept.id}") if concept else []
    status = _type(None, r["status"], f"{STATUS_TYPE}{r['status']}")
    access = _type(None, r["classification"], f"{ACCESS_TYPE}{r['classification']}")
    doc["classified_as"] = classified + status + access
    doc["identified_by"] = _names(rec)
    statements = _statements(r)
    if statements:
        doc["referred_to_by"] = statements
    if rec.materials:
        doc["made_of"] = [
            {"id": m.aat_uri or f"{VOCABULARY}{m.id}", "type": "Material", "_label": m.label}
            for m in rec.materials
        ]
    if rec.measures:
        doc["dimension"] = [_dimension(m) for m in rec.measures]
    production = _production(rec)
    if production:
        doc["produced_by"] = production
    if rec.images and image_url:
        doc["representation"] = [_image(image_url, link) for link, _ in rec.images]
    return doc


def _names(rec: StandardRecord) -> list[dict]:
    r = rec.record
    names = []
    if r.get("title"):
        names.append(
            {"type": "Name", "content": r["title"], "classified_as": _type(PRIMARY_NAME, "Primary Name")}
        )
    names.append(
        {
            "type": "Identifier",
            "content": rec.id,
            "classified_as": _type(None, "register id", f"{FIELD_TYPE}id"),
        }
    )
    if r.get("inventory_number"):
        kind = _type(ACCESSION_NUMBER, "Accession Number", f"{FIELD_TYPE}inventory_number")
        names.append({"type": "Identifier", "content": r["inventory_number"], "classified_as": kind})
    for ident in r.get("identifiers", []):
        names.append(
            {
                "type": "Identifier",
                "content": ident["value"],
                "assigned_by": [
                    {
                        "type": "AttributeAssignment",
                        "carried_out_by": [{"type": "Group", "_label": ident["scheme"]}],
                    }
                ],
            }
        )
    return names


def _statements(r: dict) -> list[dict]:
    out = []
    for key, aat in STATEMENTS.items():
        texts = [_incident_text(i) for i in _incidents(r)] if key == "provenance" else [r.get(key)]
        for text in texts:
            if text:
                kind = _type(aat, key.replace("_", " "), f"{FIELD_TYPE}{key}")
                kind[0]["classified_as"] = _type(BRIEF_TEXT, "brief text")
                out.append({"type": "LinguisticObject", "content": text, "classified_as": kind})
    return out


def _incidents(r: dict) -> list[dict]:
    return r.get("incidents") or ([r["incident"]] if r.get("incident") else [])


def _incident_text(incident: dict) -> str:
    """'theft, 12 March 1994, Rome (IT): circumstances': the incident as one statement."""
    where = ", ".join(x for x in (incident.get("place"), incident.get("country")) if x)
    head = ", ".join(x for x in (incident["type"].replace("_", " "), incident.get("date"), where) if x)
    text = f"{head}: {incident['circumstances']}" if incident.get("circumstances") else head
    by = " ".join(x for x in (incident.get("reporting_organisation"), incident.get("reference")) if x)
    return f"{text} (reported by {by})" if by else text


def _dimension(measure: tuple) -> dict:
    word, value, unit, kind, unit_aat = measure
    unit_node = {"type": "MeasurementUnit", "_label": unit}
    if unit_aat:
        unit_node["id"] = f"{AAT}{unit_aat}"
    return {
        "type": "Dimension",
        "value": value,
        "unit": unit_node,
        "classified_as": _type(kind, word, f"{FIELD_TYPE}{word}"),
    }


def _production(rec: StandardRecord) -> dict | None:
    r = rec.record
    production: dict = {"type": "Production"}
    if r.get("maker"):
        production["carried_out_by"] = [{"type": "Actor", "_label": r["maker"]}]
    if r.get("date_or_period"):
        names: list[dict] = [{"type": "Name", "content": r["date_or_period"]}]
        if rec.date_edtf:  # the date as Extended Date/Time Format (Library of Congress), where read
            names.append(
                {"type": "Identifier", "content": rec.date_edtf, "classified_as": _type(None, "EDTF", EDTF)}
            )
        span: dict = {"type": "TimeSpan", "identified_by": names}
        if rec.earliest is not None:
            span["begin_of_the_begin"] = f"{_year(rec.earliest)}-01-01T00:00:00Z"
        if rec.latest is not None:
            span["end_of_the_end"] = f"{_year(rec.latest)}-12-31T23:59:59Z"
        production["timespan"] = span
    places = []
    if r.get("place_of_origin"):
        places.append({"type": "Place", "_label": r["place_of_origin"]})
    if r.get("country"):
        places.append(_country(rec.country_code, r["country"]))
    if places:
        production["took_place_at"] = places
    return production if len(production) > 1 else None


def _year(year: int) -> str:
    return f"-{abs(year):04d}" if year < 0 else f"{year:04d}"


def _country(code: str | None, text: str) -> dict:
    place = {"type": "Place", "_label": country_name(code) or text, "classified_as": _type(NATION, "nation")}
    if code:
        place["identified_by"] = [
            {
                "type": "Identifier",
                "content": code,
                "classified_as": _type(None, "ISO 3166-1 alpha-2", f"{FIELD_TYPE}country"),
            }
        ]
    return place


def _image(base: str, link: str) -> dict:
    access = {"id": f"{base.rstrip('/')}{link}" if link.startswith("/") else link, "type": "DigitalObject"}
    return {
        "type": "VisualItem",
        "digitally_shown_by": [{"type": "DigitalObject", "access_point": [access]}],
    }


# -- reading -------------------------------------------------------------------------------------


def is_linked_art(value: object) -> bool:
    return isinstance(value, dict) and "@context" in value and value.get("type") == "HumanMadeObject"


def record_from_linked_art(doc: dict) -> dict:
    """A Linked Art ``HumanMadeObject`` as a record of the import format; raises ValueError when it
    has no id to file it under."""
    rec: dict = {}
    _read_names(doc.get("identified_by") or [], rec)
    if "id" not in rec:
        url = str(doc.get("id") or "").rstrip("/")
        rec["id"] = url.rsplit("/", 1)[-1] if url else None
    if not rec["id"]:
        raise ValueError("id: the Linked Art document has neither a register id nor an 'id' URL")
    for kind in doc.get("classified_as") or []:
        for prefix, key in ((STATUS_TYPE, "status"), (ACCESS_TYPE, "classification")):
            if str(kind.get("id", "")).startswith(prefix):
                rec[key] = kind["id"][len(prefix) :]
    for statement in doc.get("referred_to_by") or []:
        key = _field(statement.get("classified_as") or [])
        if key and key != "provenance" and statement.get("content"):
            rec[key] = statement["content"]
    rec.setdefault("type_of_object", _first_type_label(doc))
    _read_production(doc.get("produced_by") or {}, rec)
    return {k: v for k, v in rec.items() if v not in (None, [], "")}


def _field(kinds: list[dict]) -> str | None:
    for kind in kinds:
        uri = str(kind.get("id", ""))
        if uri.startswith(FIELD_TYPE):
            return uri[len(FIELD_TYPE) :]
    return None


def _read_names(names: list[dict], rec: dict) -> None:
    identifiers = []
    for name in names:
        key = _field(name.get("classified_as") or [])
        kinds = {k.get("id") for k in name.get("classified_as") or []}
        if name.get("type") == "Name" and f"{AAT}{PRIMARY_NAME}" in kinds:
            rec["title"] = name.get("content")
        elif key in ("id", "inventory_number"):
            rec[key] = name.get("content")
        elif name.get("type") == "Identifier" and name.get("content"):
            groups = [g for a in name.get("assigned_by") or [] for g in a.get("carried_out_by") or []]
            scheme = (groups[0].get("_label") if groups else None) or "Linked Art"
            identifiers.append({"scheme": scheme[:60], "value": name["content"]})
    if identifiers:
        rec["identifiers"] = identifiers


def _first_type_label(doc: dict) -> str | None:
    for kind in doc.get("classified_as") or []:
        if not str(kind.get("id", "")).startswith((STATUS_TYPE, ACCESS_TYPE)):
            return kind.get("_label")
    return None


def _read_production(production: dict, rec: dict) -> None:
    makers = production.get("carried_out_by") or []
    if makers:
        rec["maker"] = makers[0].get("_label")
    names = (production.get("timespan") or {}).get("identified_by") or []
    if names:
        rec["date_or_period"] = names[0].get("content")
    for place in production.get("took_place_at") or []:
        codes = [
            i.get("content")
            for i in place.get("identified_by") or []
            if _field(i.get("classified_as") or []) == "country"
        ]
        nation = any(k.get("id") == f"{AAT}{NATION}" for k in place.get("classified_as") or [])
        if codes or nation:
            rec["country"] = codes[0] if codes else place.get("_label")
        else:
            rec["place_of_origin"] = place.get("_label")

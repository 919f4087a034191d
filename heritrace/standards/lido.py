"""LIDO 1.1 XML (ICOM-CIDOC): register records out, and LIDO from other systems in.

Export writes one ``lido:lido`` per record inside a ``lido:lidoWrap``, streamed so that memory stays
flat. Every Object ID field has its place (docs/standards.md lists them): the free text as given goes
to the display elements, the structured values beside it (AAT and Heritrace concept ids, the year
span, the ISO 3166 country, measurements in cm and g). Import reads the display elements first, so
that a Heritrace export comes back unchanged, and falls back on the index elements that other
systems often fill alone. Parsing never resolves entities nor touches the network.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from lxml import etree

from heritrace.objects.models import INCIDENT_TYPES
from heritrace.standards.records import StandardRecord, country_name

NS = "http://www.lido-schema.org"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
URI = "http://terminology.lido-schema.org/lido00099"  # identifier type: URI
LOCAL = "http://terminology.lido-schema.org/lido00100"  # identifier type: local identifier
PRODUCTION = "http://terminology.lido-schema.org/lido00007"
HUMAN_MADE_OBJECT = "http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object"
ISO_3166 = "ISO 3166-1 alpha-2"
HERITRACE_VOCABULARY = "Heritrace vocabulary"
INCIDENT_SOURCE = "Heritrace incident types"
# objectDescriptionSet@type of the Object ID text categories that LIDO has no element of their own for
NOTES = {
    "description": "description",
    "distinguishing_features": "distinguishing features",
    "related_written_material": "related written material",
}
STATUS_TYPE = "register status"
ACCESS_TYPE = "access classification"
DOCUMENTED = "documented"
MODIFIED = "modified"
PARSER = dict(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    """A child element ``lido:name``; attributes are LIDO-qualified (``lang`` is xml:lang)."""
    el = etree.SubElement(parent, q(name))
    for key, value in attrs.items():
        if value is not None:
            el.set(XML_LANG if key == "lang" else q(key), value)
    if text is not None:
        el.text = text
    return el


# -- writing -------------------------------------------------------------------------------------


def write_lido(out: IO[bytes], records: Iterable[StandardRecord], base_url: str | None = None) -> int:
    """Stream ``records`` as one LIDO document; returns how many were written."""
    count = 0
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(q("lidoWrap"), nsmap={"lido": NS}):
            for rec in records:
                xf.write(lido_element(rec, base_url), pretty_print=True)
                count += 1
    return count


def lido_element(rec: StandardRecord, base_url: str | None = None) -> etree._Element:
    """One register record as ``lido:lido``, in the element order of the LIDO 1.1 schema."""
    r = rec.record
    lido = etree.Element(q("lido"), nsmap={"lido": NS})
    sub(lido, "lidoRecID", f"heritrace:{rec.id}", type=LOCAL)
    for ident in r.get("identifiers", []):
        sub(lido, "objectPublishedID", ident["value"], type=LOCAL, source=ident["scheme"])
    if base_url:
        sub(lido, "objectPublishedID", record_url(base_url, rec.id), type=URI, pref="preferred")
    category = sub(lido, "category")
    sub(category, "conceptID", HUMAN_MADE_OBJECT, type=URI)
    sub(category, "term", "Human-made object", lang="en")
    descriptive = sub(lido, "descriptiveMetadata", lang="und")
    _classification(descriptive, rec)
    _identification(descriptive, rec)
    _events(descriptive, rec)
    _relations(descriptive, r)
    _administrative(sub(lido, "administrativeMetadata", lang="und"), rec, base_url)
    return lido


def record_url(base_url: str, record_id: str) -> str:
    return f"{base_url.rstrip('/')}/objects/{record_id}"


def _classification(parent: etree._Element, rec: StandardRecord) -> None:
    wrap = sub(parent, "objectClassificationWrap")
    work_type = sub(sub(wrap, "objectWorkTypeWrap"), "objectWorkType")
    if rec.object_type:
        _concept_ids(work_type, rec.object_type.aat_uri, rec.object_type.id)
    if rec.record.get("type_of_object"):
        sub(work_type, "term", rec.record["type_of_object"], pref="preferred")
    if rec.object_type:
        sub(work_type, "term", rec.object_type.label, lang="en", addedSearchTerm="yes")
    classes = sub(wrap, "classificationWrap")
    sub(sub(classes, "classification", type=STATUS_TYPE), "term", rec.record["status"])
    sub(sub(classes, "classification", type=ACCESS_TYPE), "term", rec.record["classification"])


def _concept_ids(parent: etree._Element, aat_uri: str | None, local_id: str | None) -> None:
    if aat_uri:
        sub(parent, "conceptID", aat_uri, type=URI, source="AAT")
    if local_id:
        sub(parent, "conceptID", local_id, type=LOCAL, source=HERITRACE_VOCABULARY)


def _identification(parent: etree._Element, rec: StandardRecord) -> None:
    r = rec.record
    wrap = sub(parent, "objectIdentificationWrap")
    sub(sub(sub(wrap, "titleWrap"), "titleSet"), "appellationValue", r.get("title") or "")
    if r.get("inscriptions_markings"):
        inscriptions = sub(sub(wrap, "inscriptionsWrap"), "inscriptions")
        sub(inscriptions, "inscriptionTranscription", r["inscriptions_markings"])
    if r.get("inventory_number"):
        repository = sub(sub(wrap, "repositoryWrap"), "repositorySet")
        sub(repository, "workID", r["inventory_number"], type="inventory number")
    notes = [(kind, r[key]) for key, kind in NOTES.items() if r.get(key)]
    if notes:
        descriptions = sub(wrap, "objectDescriptionWrap")
        for kind, text in notes:
            sub(sub(descriptions, "objectDescriptionSet", type=kind), "descriptiveNoteValue", text)
    if r.get("measurements") or rec.measures:
        _measurements(sub(sub(wrap, "objectMeasurementsWrap"), "objectMeasurementsSet"), rec)
    if r.get("materials_techniques") or rec.materials:
        tech_set = sub(sub(wrap, "objectMaterialsTechWrap"), "objectMaterialsTechSet")
        if r.get("materials_techniques"):
            sub(tech_set, "displayMaterialsTech", r["materials_techniques"])
        for material in rec.materials:
            term = sub(sub(tech_set, "materialsTech"), "termMaterialsTech")
            _concept_ids(term, material.aat_uri, material.id)
            sub(term, "term", material.label, lang="en")


def _measurements(parent: etree._Element, rec: StandardRecord) -> None:
    if rec.record.get("measurements"):
        sub(parent, "displayObjectMeasurements", rec.record["measurements"])
    if rec.measures:
        measured = sub(parent, "objectMeasurements")
        for word, value, unit, _, _ in rec.measures:
            one = sub(measured, "measurementsSet")
            sub(one, "measurementType", word)
            sub(one, "measurementUnit", unit)
            sub(one, "measurementValue", f"{value:g}")


def _events(parent: etree._Element, rec: StandardRecord) -> None:
    r = rec.record
    incidents = r.get("incidents") or ([r["incident"]] if r.get("incident") else [])
    produced = any(r.get(k) for k in ("maker", "date_or_period", "place_of_origin", "country"))
    if not produced and not incidents:
        return
    wrap = sub(parent, "eventWrap")
    if produced:
        _production(sub(sub(wrap, "eventSet"), "event"), rec)
    for incident in incidents:
        _incident(sub(sub(wrap, "eventSet"), "event"), incident)


def _production(event: etree._Element, rec: StandardRecord) -> None:
    r = rec.record
    kind = sub(event, "eventType")
    sub(kind, "conceptID", PRODUCTION, type=URI)
    sub(kind, "term", "Production", lang="en")
    if r.get("maker"):
        sub(sub(event, "eventActor"), "displayActorInRole", r["maker"])
    if r.get("date_or_period"):
        _date(sub(event, "eventDate"), r["date_or_period"], rec.earliest, rec.latest)
    if r.get("place_of_origin") or r.get("country"):
        _place(sub(event, "eventPlace"), r.get("place_of_origin"), rec.country_code, r.get("country"))


def _incident(event: etree._Element, incident: dict) -> None:
    if incident.get("reference"):
        sub(event, "eventID", incident["reference"], type=LOCAL, source="reference")
    kind = sub(event, "eventType")
    code = incident["type"]
    if code in INCIDENT_TYPES:
        sub(kind, "conceptID", code, type=LOCAL, source=INCIDENT_SOURCE)
    sub(kind, "term", code.replace("_", " "), lang="en")
    if incident.get("reporting_organisation"):
        actor = sub(event, "eventActor")
        sub(actor, "displayActorInRole", incident["reporting_organisation"])
    if incident.get("date"):
        _date(sub(event, "eventDate"), incident["date"], None, None)
    if incident.get("place") or incident.get("country"):
        _place(sub(event, "eventPlace"), incident.get("place"), incident.get("country"), None)
    if incident.get("circumstances"):
        sub(sub(event, "eventDescriptionSet"), "descriptiveNoteValue", incident["circumstances"])


def _date(parent: etree._Element, text: str, earliest: int | None, latest: int | None) -> None:
    sub(parent, "displayDate", text)
    if earliest is not None or latest is not None:
        span = sub(parent, "date")
        if earliest is not None:
            sub(span, "earliestDate", iso_year(earliest))
        if latest is not None:
            sub(span, "latestDate", iso_year(latest))


def iso_year(year: int) -> str:
    """ISO 8601 year: four digits, a minus sign before the common era (year 0 is 1 BCE)."""
    return f"-{abs(year):04d}" if year < 0 else f"{year:04d}"


def _place(parent: etree._Element, display: str | None, code: str | None, text: str | None) -> None:
    if display:
        sub(parent, "displayPlace", display)
    if code or text:
        place = sub(parent, "place")
        if code:
            sub(place, "placeID", code, type=LOCAL, source=ISO_3166)
        name = text if text and text != code else country_name(code)
        if name:
            sub(sub(place, "namePlaceSet"), "appellationValue", name)


def _relations(parent: etree._Element, r: dict) -> None:
    if not (r.get("subject") or r.get("cross_references")):
        return
    wrap = sub(parent, "objectRelationWrap")
    if r.get("subject"):
        sub(sub(sub(wrap, "subjectWrap"), "subjectSet"), "displaySubject", r["subject"])
    if r.get("cross_references"):
        sub(sub(sub(wrap, "relatedWorksWrap"), "relatedWorkSet"), "displayRelatedWork", r["cross_references"])


def _administrative(parent: etree._Element, rec: StandardRecord, base_url: str | None) -> None:
    wrap = sub(parent, "recordWrap")
    sub(wrap, "recordID", rec.id, type=LOCAL)
    sub(sub(wrap, "recordType"), "term", "item", lang="en")
    source = sub(wrap, "recordSource")
    sub(sub(source, "legalBodyName"), "appellationValue", rec.organisation or "Heritrace")
    info = sub(wrap, "recordInfoSet")
    if base_url:
        sub(info, "recordInfoLink", record_url(base_url, rec.id), formatResource="text/html")
    if rec.record.get("date_documented"):
        sub(info, "recordMetadataDate", rec.record["date_documented"], type=DOCUMENTED)
    if rec.updated_at:
        sub(info, "recordMetadataDate", rec.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"), type=MODIFIED)
    if rec.images:
        resources = sub(parent, "resourceWrap")
        for link, mime in rec.images:
            representation = sub(sub(resources, "resourceSet"), "resourceRepresentation")
            sub(representation, "linkResource", link, formatResource=mime)


# -- reading -------------------------------------------------------------------------------------


class LidoFormatError(Exception):
    """The file is not well-formed XML, or holds no LIDO records."""


def check_lido(path: Path) -> int:
    """Read the whole file once before anything is imported: a syntax error in the middle must not
    leave half a file imported. Returns the number of records."""
    count = 0
    try:
        for _, el in etree.iterparse(str(path), events=("end",), tag=q("lido"), **PARSER):
            count += 1
            _release(el)
    except etree.XMLSyntaxError as exc:
        raise LidoFormatError(f"{path.name}: not well-formed XML: {exc.msg} (line {exc.lineno})") from None
    except OSError as exc:
        raise LidoFormatError(f"{path}: {exc.strerror}") from None
    if count == 0:
        raise LidoFormatError(f"{path.name}: no lido:lido record in namespace {NS}")
    return count


def read_lido(path: Path) -> Iterator[tuple[int, dict | str]]:
    """(line number, record in the import format) for each ``lido:lido`` of the file, streamed."""
    for _, el in etree.iterparse(str(path), events=("end",), tag=q("lido"), **PARSER):
        line = el.sourceline or 0
        try:
            yield line, lido_record(el)
        except ValueError as exc:
            yield line, str(exc)
        _release(el)


def _release(el: etree._Element) -> None:
    """Free parsed records so that memory stays flat on large files."""
    el.clear()
    parent = el.getparent()
    while parent is not None and el.getprevious() is not None:
        del parent[0]


def _text(el: etree._Element | None, path: str) -> str | None:
    found = el.find(path, {"lido": NS}) if el is not None else None
    value = (found.text or "").strip() if found is not None else ""
    return value or None


def _all(el: etree._Element, path: str) -> list[etree._Element]:
    return el.findall(path, {"lido": NS})


def _attr(el: etree._Element, name: str) -> str | None:
    return el.get(q(name))


def lido_record(lido: etree._Element) -> dict:
    """One ``lido:lido`` as a record of the import format (validated and described by the importer)."""
    record_id = _text(lido, "lido:administrativeMetadata/lido:recordWrap/lido:recordID")
    record_id = record_id or _text(lido, "lido:lidoRecID")
    if not record_id:
        raise ValueError("id: the record has no lido:recordID or lido:lidoRecID")
    rec: dict = {"id": record_id.removeprefix("heritrace:")}
    descriptive = lido.find("lido:descriptiveMetadata", {"lido": NS})
    if descriptive is not None:
        _read_classification(descriptive, rec)
        _read_identification(descriptive, rec)
        _read_events(descriptive, rec)
        rec["subject"] = _text(descriptive, ".//lido:subjectSet/lido:displaySubject")
        rec["cross_references"] = _text(descriptive, ".//lido:relatedWorkSet/lido:displayRelatedWork")
    identifiers = [_published_id(el) for el in _all(lido, "lido:objectPublishedID")]
    rec["identifiers"] = [i for i in identifiers if i]
    for date in _all(lido, ".//lido:recordWrap/lido:recordInfoSet/lido:recordMetadataDate"):
        if _attr(date, "type") == DOCUMENTED and date.text:
            rec["date_documented"] = date.text.strip()
    images = [
        (el.text or "").strip() for el in _all(lido, ".//lido:resourceRepresentation/lido:linkResource")
    ]
    rec["images"] = [i for i in images if i]
    return {k: v for k, v in rec.items() if v not in (None, [], "")}


def _published_id(el: etree._Element) -> dict | None:
    value = (el.text or "").strip()
    if not value or (_attr(el, "type") == URI and _attr(el, "pref") == "preferred"):
        return None  # the record's own stable URL
    scheme = _attr(el, "source") or ("URI" if _attr(el, "type") == URI else "LIDO")
    return {"scheme": scheme[:60], "value": value}


def _read_classification(d: etree._Element, rec: dict) -> None:
    path = "lido:objectClassificationWrap/lido:objectWorkTypeWrap/lido:objectWorkType/lido:term"
    terms = [t for t in _all(d, path) if (t.text or "").strip()]
    given = [t for t in terms if _attr(t, "addedSearchTerm") != "yes"] or terms
    rec["type_of_object"] = given[0].text.strip() if given else None
    for cls in _all(d, "lido:objectClassificationWrap/lido:classificationWrap/lido:classification"):
        key = {STATUS_TYPE: "status", ACCESS_TYPE: "classification"}.get(_attr(cls, "type") or "")
        if key:
            rec[key] = _text(cls, "lido:term")


def _read_identification(d: etree._Element, rec: dict) -> None:
    ident = d.find("lido:objectIdentificationWrap", {"lido": NS})
    if ident is None:
        return
    rec["title"] = _text(ident, "lido:titleWrap/lido:titleSet/lido:appellationValue")
    rec["inscriptions_markings"] = _text(ident, ".//lido:inscriptions/lido:inscriptionTranscription")
    rec["inventory_number"] = _text(ident, "lido:repositoryWrap/lido:repositorySet/lido:workID")
    for note in _all(ident, "lido:objectDescriptionWrap/lido:objectDescriptionSet"):
        key = next((k for k, kind in NOTES.items() if kind == _attr(note, "type")), "description")
        rec.setdefault(key, _text(note, "lido:descriptiveNoteValue"))
    measures = ident.find("lido:objectMeasurementsWrap/lido:objectMeasurementsSet", {"lido": NS})
    rec["measurements"] = _text(measures, "lido:displayObjectMeasurements") or _measurement_text(measures)
    tech = ident.find("lido:objectMaterialsTechWrap/lido:objectMaterialsTechSet", {"lido": NS})
    terms = (
        [t.text.strip() for t in _all(tech, ".//lido:termMaterialsTech/lido:term")]
        if tech is not None
        else []
    )
    rec["materials_techniques"] = _text(tech, "lido:displayMaterialsTech") or ", ".join(terms) or None


def _measurement_text(measures: etree._Element | None) -> str | None:
    """'height 20 cm, width 15 cm' from the index elements, when a system left out the display text."""
    if measures is None:
        return None
    parts = [
        f"{_text(m, 'lido:measurementType') or ''} {_text(m, 'lido:measurementValue') or ''} "
        f"{_text(m, 'lido:measurementUnit') or ''}".strip()
        for m in _all(measures, "lido:objectMeasurements/lido:measurementsSet")
    ]
    return ", ".join(p for p in parts if p) or None


def _read_events(d: etree._Element, rec: dict) -> None:
    incidents = []
    for event in _all(d, "lido:eventWrap/lido:eventSet/lido:event"):
        ids = [(c.text or "").strip() for c in _all(event, "lido:eventType/lido:conceptID")]
        kind = (_text(event, "lido:eventType/lido:term") or "").lower()
        if PRODUCTION in ids or kind in ("production", "creation"):
            _read_production(event, rec)
            continue
        code = next((i for i in ids if i in INCIDENT_TYPES), kind.replace(" ", "_"))
        if code:
            incidents.append(_read_incident(event, code))
    if len(incidents) == 1:
        rec["incident"] = incidents[0]
    elif incidents:
        rec["incidents"] = incidents


def _read_production(event: etree._Element, rec: dict) -> None:
    rec["maker"] = _text(event, "lido:eventActor/lido:displayActorInRole") or _text(
        event, ".//lido:actor/lido:nameActorSet/lido:appellationValue"
    )
    rec["date_or_period"] = _text(event, "lido:eventDate/lido:displayDate") or _span(event)
    rec["place_of_origin"] = _text(event, "lido:eventPlace/lido:displayPlace")
    rec["country"] = _country(event)


def _span(event: etree._Element) -> str | None:
    earliest = _text(event, "lido:eventDate/lido:date/lido:earliestDate")
    latest = _text(event, "lido:eventDate/lido:date/lido:latestDate")
    if earliest and latest and earliest != latest:
        return f"{earliest}/{latest}"
    return earliest or latest


def _country(event: etree._Element) -> str | None:
    place = event.find("lido:eventPlace/lido:place", {"lido": NS})
    if place is None:
        return None
    for pid in _all(place, "lido:placeID"):
        if _attr(pid, "source") == ISO_3166 and pid.text:
            return pid.text.strip()
    return _text(place, "lido:namePlaceSet/lido:appellationValue")


def _read_incident(event: etree._Element, code: str) -> dict:
    incident = {
        "type": code,
        "date": _text(event, "lido:eventDate/lido:displayDate"),
        "place": _text(event, "lido:eventPlace/lido:displayPlace"),
        "country": _country(event),
        "circumstances": _text(event, "lido:eventDescriptionSet/lido:descriptiveNoteValue"),
        "reporting_organisation": _text(event, "lido:eventActor/lido:displayActorInRole"),
        "reference": _text(event, "lido:eventID"),
    }
    return {k: v for k, v in incident.items() if v}

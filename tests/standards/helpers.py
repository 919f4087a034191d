"""Records that exercise every Object ID field, and the schema checks of the exchange formats."""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree
from pyld import jsonld

from heritrace.partners.prefixes import candidates

# imported for the registrar of tests/conftest.py: chosen inside its namespace, so stored as given
OWN = next(candidates("Museo Civico di Bari"))

SCHEMAS = Path(__file__).parent / "schemas"
LINKED_ART_CONTEXT = "https://linked.art/ns/v1/linked-art.json"

FULL = {
    "id": f"{OWN}-CC-2019-7",
    "type_of_object": "painting",
    "title": "Magda & <Raymond>",
    "maker": "Walter Pach",
    "date_or_period": "c. 1650",
    "materials_techniques": "oil on canvas",
    "measurements": "30 x 20 cm",
    "inscriptions_markings": "signed lower right 'W.P.'",
    "distinguishing_features": "tear top left, repaired",
    "subject": "portrait of a couple",
    "description": "Two figures in an interior.",
    "country": "IT",
    "place_of_origin": "Bari",
    "inventory_number": "INV 12/b",
    "related_written_material": "Catalogue 1931, no. 4",
    "cross_references": "CC-2019-8 (pendant)",
    "date_documented": "2020-05-01",
    "status": "stolen",
    "classification": "public",
    "incidents": [
        {
            "type": "theft",
            "date": "12 March 1994",
            "place": "Bari, Pinacoteca",
            "country": "IT",
            "circumstances": "taken at night through a skylight",
            "reporting_organisation": "Carabinieri TPC",
            "reference": "TPC-94/113",
        },
        {"type": "illegal_excavation", "date": "2001"},
    ],
    "identifiers": [{"scheme": "INTERPOL", "value": "2019/123"}, {"scheme": "Leonardo", "value": "L-88"}],
}
SPARSE = {"id": f"{OWN}-CC-2", "title": "Bowl", "country": "Atlantis", "date_or_period": "5th century BC"}
RESTRICTED = {
    "id": f"{OWN}-CC-SECRET",
    "title": "Seized icon",
    "status": "seized",
    "classification": "restricted",
}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@cache
def lido_schemas() -> list[etree.XMLSchema]:
    """The LIDO 1.1 subset schema of the tests, plus the official one when LIDO_XSD names it."""
    found = [etree.XMLSchema(etree.parse(str(SCHEMAS / "lido-v1.1-subset.xsd")))]
    if os.environ.get("LIDO_XSD"):
        found.append(etree.XMLSchema(etree.parse(os.environ["LIDO_XSD"])))
    return found


def assert_valid_lido(doc: etree._ElementTree | etree._Element) -> None:
    for schema in lido_schemas():
        assert schema.validate(doc), schema.error_log


@cache
def _context() -> dict:
    text = resources.files("cromulent").joinpath("data/linked-art.json").read_text(encoding="utf-8")
    return json.loads(text)


def local_loader(url: str, options: dict | None = None) -> dict:
    """JSON-LD document loader that knows the Linked Art context (shipped by the cromulent package)
    and refuses everything else: the tests never fetch anything."""
    if url != LINKED_ART_CONTEXT:
        raise AssertionError(f"the document refers to a context other than Linked Art's: {url}")
    return {"contextUrl": None, "documentUrl": url, "document": _context()}


def assert_linked_art(doc: dict) -> list:
    """Expand ``doc`` with the Linked Art context and compact it back: every term must be defined
    by the context (an undefined term is dropped by expansion, so the documents would differ)."""
    assert doc["@context"] == LINKED_ART_CONTEXT
    expanded = jsonld.expand(doc, {"documentLoader": local_loader})
    compacted = jsonld.compact(expanded, LINKED_ART_CONTEXT, {"documentLoader": local_loader})
    assert compacted == doc
    return expanded

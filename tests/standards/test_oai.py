"""OAI-PMH 2.0: a harvester (the ``oaipmh`` client) harvests the public register, on SQLite and
PostgreSQL; the LIDO it receives is valid; protocol errors carry the protocol's codes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from lxml import etree
from oaipmh import error
from oaipmh.client import BaseClient
from oaipmh.metadata import MetadataRegistry, oai_dc_reader

from heritrace.core.actor import SYSTEM
from heritrace.objects.transfer import RegisterImporter
from heritrace.standards.oai import BATCH
from tests.standards.helpers import FULL, OWN, RESTRICTED, assert_valid_lido, write_jsonl

LIDO = "{http://www.lido-schema.org}"
PUBLIC = 2 * BATCH + 17  # three pages of ListRecords


class Harvester(BaseClient):
    """The library's harvester, speaking HTTP to the app in-process."""

    def __init__(self, http):  # noqa: ANN001
        registry = MetadataRegistry()
        registry.registerReader("oai_dc", oai_dc_reader)
        registry.registerReader("lido", lambda element: element[0])
        super().__init__(registry)
        self.http = http

    def makeRequest(self, **kw):  # noqa: ANN003, ANN201, N802
        response = self.http.get("/oai", params=kw)
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/xml")
        return response.content


@pytest.fixture
def harvester(platform, anon_client, tmp_path):  # noqa: ANN001
    public = [
        {"id": f"P-{n:04d}", "title": f"Chalice {n}", "status": "stolen" if n % 2 else "missing"}
        for n in range(PUBLIC - 1)
    ]
    records = [FULL, *public, RESTRICTED, {"id": "PARTNERS-1", "title": "x", "classification": "partners"}]
    owner = replace(SYSTEM, organisation_id=None)
    report = RegisterImporter(platform.sessions, platform.images, owner).run(
        write_jsonl(tmp_path / "r.jsonl", records)
    )
    assert not report.rejected
    return Harvester(anon_client)


def test_identify_and_formats(harvester):  # noqa: ANN001
    identify = harvester.identify()
    assert identify.protocolVersion() == "2.0"
    assert identify.baseURL() == "http://testserver/oai"
    assert identify.granularity() == "YYYY-MM-DDThh:mm:ssZ"
    prefixes = {prefix for prefix, _, _ in harvester.listMetadataFormats()}
    assert {"oai_dc", "lido"} <= prefixes


def test_harvest_of_public_records_across_resumption_tokens(harvester):  # noqa: ANN001
    records = list(harvester.listRecords(metadataPrefix="oai_dc"))
    ids = [header.identifier() for header, _, _ in records]
    assert len(ids) == PUBLIC == len(set(ids))
    assert f"oai:heritrace:{OWN}-CC-SECRET" not in ids and "oai:heritrace:PARTNERS-1" not in ids
    first = dict(records[0][1].getMap())
    assert first["title"] == [FULL["title"]] and first["creator"] == [FULL["maker"]]
    assert f"http://testserver/objects/{OWN}-CC-2019-7" in first["identifier"]


def test_lido_records_are_valid_and_hold_no_need_to_know_reference(harvester):  # noqa: ANN001
    header, lido, _ = next(iter(harvester.listRecords(metadataPrefix="lido")))
    assert header.identifier() == f"oai:heritrace:{OWN}-CC-2019-7"
    wrap = etree.Element(f"{LIDO}lidoWrap")
    wrap.append(lido)
    assert_valid_lido(wrap)
    assert b"TPC-94/113" not in etree.tostring(lido)
    assert lido.findtext(f".//{LIDO}recordID") == f"{OWN}-CC-2019-7"
    record = harvester.getRecord(identifier="oai:heritrace:P-0003", metadataPrefix="lido")
    assert record[1].findtext(f".//{LIDO}appellationValue") == "Chalice 3"


def test_sets_and_dates_select_records(harvester):  # noqa: ANN001
    sets = {spec for spec, _, _ in harvester.listSets()}
    assert {"status:stolen", "status:missing"} <= sets
    stolen = list(harvester.listIdentifiers(metadataPrefix="oai_dc", set="status:stolen"))
    assert stolen and all(h.setSpec() == ["status:stolen"] for h in stolen)
    assert len(stolen) == 1 + (PUBLIC - 1) // 2
    future = datetime.utcnow().replace(microsecond=0) + timedelta(days=1)
    with pytest.raises(error.NoRecordsMatchError):
        list(harvester.listIdentifiers(metadataPrefix="oai_dc", from_=future))
    past = future - timedelta(days=2)
    assert len(list(harvester.listIdentifiers(metadataPrefix="oai_dc", from_=past, until=future))) == PUBLIC


def test_protocol_errors(harvester, anon_client):  # noqa: ANN001
    with pytest.raises(error.IdDoesNotExistError):
        harvester.getRecord(identifier=f"oai:heritrace:{OWN}-CC-SECRET", metadataPrefix="oai_dc")
    with pytest.raises(error.CannotDisseminateFormatError):
        harvester.getRecord(identifier=f"oai:heritrace:{OWN}-CC-2019-7", metadataPrefix="marc21")

    def code(query: str) -> str:
        root = etree.fromstring(anon_client.get(f"/oai?{query}").content)
        return root.find("{http://www.openarchives.org/OAI/2.0/}error").get("code")

    assert code("verb=Steal") == "badVerb"
    assert code("verb=ListRecords") == "badArgument"
    assert code("verb=Identify&verb=Identify") == "badArgument"
    assert code("verb=ListRecords&resumptionToken=forged") == "badResumptionToken"
    assert code("verb=ListRecords&metadataPrefix=oai_dc&from=yesterday") == "badArgument"
    posted = anon_client.post("/oai", data={"verb": "Identify"})
    assert posted.status_code == 200 and b"<Identify>" in posted.content

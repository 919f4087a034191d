"""OAI-PMH 2.0 provider of the public register (``/oai``), built on the ``oaipmh`` library's server.

Only records every anonymous reader may read are published (``restrict`` with the anonymous actor):
public records, publishable photos, no police references. Formats: ``oai_dc`` (Dublin Core) and
``lido`` (LIDO 1.1, the harvesting format of museum portals). Sets: one per register status
(``status:stolen``...). Resumption tokens carry the request and a cursor, so the provider keeps no
state between requests. Records that stop being public simply leave the repository
(``deletedRecord`` is ``no``): a harvester re-harvesting from scratch sees the current public set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lxml import etree
from oaipmh import common, error
from oaipmh.metadata import MetadataRegistry
from oaipmh.server import BatchingServer, oai_dc_writer
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import restrict
from heritrace.core.actor import ANONYMOUS
from heritrace.objects.models import STATUSES, CulturalObject
from heritrace.objects.presenters import image_url
from heritrace.partners.service import organisation_names
from heritrace.standards.lido import NS as LIDO_NS
from heritrace.standards.lido import lido_element, record_url
from heritrace.standards.records import StandardRecord, standard_record

BATCH = 100
FORMATS = (
    (
        "oai_dc",
        "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
        "http://www.openarchives.org/OAI/2.0/oai_dc/",
    ),
    ("lido", "http://www.lido-schema.org/schema/v1.1/lido-v1.1.xsd", LIDO_NS),
)
EPOCH = datetime(2000, 1, 1)


@dataclass
class Repository:
    """What the provider needs to know about this node."""

    name: str
    node: str  # the namespace of OAI identifiers: oai:NODE:RECORD-ID
    base_url: str  # the node's public base URL; the OAI base URL is BASE/oai


class RegisterOAI:
    """The register as an ``oaipmh`` batching repository (``IBatchingOAI``)."""

    def __init__(self, sessions: sessionmaker[Session], repo: Repository):
        self.sessions = sessions
        self.repo = repo

    def identify(self) -> common.Identify:
        with self.sessions() as s:
            earliest = s.scalar(self._public(select(func.min(CulturalObject.updated_at))))
        return common.Identify(
            repositoryName=self.repo.name,
            baseURL=f"{self.repo.base_url}/oai",
            protocolVersion="2.0",
            adminEmails=[],
            earliestDatestamp=(earliest or EPOCH).replace(microsecond=0),
            deletedRecord="no",
            granularity="YYYY-MM-DDThh:mm:ssZ",
            compression=["identity"],
            toolkit_description=False,
        )

    def listMetadataFormats(self, identifier: str | None = None) -> list[tuple[str, str, str]]:  # noqa: N802
        if identifier is not None:
            self._one(identifier)  # idDoesNotExist for ids that are not published
        return list(FORMATS)

    def listSets(self, cursor: int = 0, batch_size: int = 10) -> list[tuple[str, str, str]]:  # noqa: N802
        sets = [(f"status:{s}", f"Register records: {s.replace('_', ' ')}", "") for s in STATUSES]
        return sets[cursor : cursor + batch_size]

    def getRecord(self, metadataPrefix: str, identifier: str):  # noqa: ANN201, N802, N803
        _check_format(metadataPrefix)
        return self._entry(self._one(identifier))

    def listIdentifiers(self, metadataPrefix: str, **kw):  # noqa: ANN201, N802, N803
        _check_format(metadataPrefix)
        return [header for header, _, _ in self._page(**kw)]

    def listRecords(self, metadataPrefix: str, **kw):  # noqa: ANN201, N802, N803
        _check_format(metadataPrefix)
        return self._page(**kw)

    # -- queries -----------------------------------------------------------------------------------

    def _public(self, query: Select) -> Select:
        return restrict(query, ANONYMOUS, CulturalObject)

    def _page(self, set: str | None = None, from_=None, until=None, cursor: int = 0, batch_size: int = 10):  # noqa: A002, ANN001, ANN202
        query = self._public(select(CulturalObject))
        if set is not None:
            status = set.removeprefix("status:")
            if not set.startswith("status:") or status not in STATUSES:
                raise error.NoRecordsMatchError(f"no set '{set}' (see ListSets)")
            query = query.where(CulturalObject.status == status)
        if from_ is not None:
            query = query.where(CulturalObject.updated_at >= from_)
        if until is not None:
            query = query.where(CulturalObject.updated_at <= until)
        query = query.order_by(CulturalObject.id).offset(int(cursor)).limit(min(int(batch_size), BATCH + 1))
        with self.sessions() as s:
            rows = s.scalars(query).all()
            return [self._entry(self._standard(s, o)) for o in rows]

    def _one(self, identifier: str) -> StandardRecord:
        prefix = f"oai:{self.repo.node}:"
        if not identifier.startswith(prefix):
            raise error.IdDoesNotExistError(f"unknown identifier {identifier}")
        query = self._public(select(CulturalObject)).where(
            CulturalObject.external_id == identifier[len(prefix) :]
        )
        with self.sessions() as s:
            obj = s.scalar(query)
            if obj is None:
                raise error.IdDoesNotExistError(f"unknown identifier {identifier}")
            return self._standard(s, obj)

    def _standard(self, s: Session, obj: CulturalObject) -> StandardRecord:
        names = organisation_names(s, {obj.organisation_id})
        photo = lambda img: f"{self.repo.base_url}{image_url(img)}"  # noqa: E731
        return standard_record(obj, photo, names.get(obj.organisation_id), ANONYMOUS)

    def _entry(self, rec: StandardRecord):  # noqa: ANN202
        header = common.Header(
            None,
            f"oai:{self.repo.node}:{rec.id}",
            (rec.updated_at or EPOCH).replace(microsecond=0),
            [f"status:{rec.record['status']}"],
            False,
        )
        return header, common.Metadata(None, {"record": rec, "base_url": self.repo.base_url}), None


def _check_format(prefix: str) -> None:
    if prefix not in {f[0] for f in FORMATS}:
        raise error.CannotDisseminateFormatError(
            f"unknown metadata format '{prefix}' (see ListMetadataFormats)"
        )


def _dublin_core(rec: StandardRecord, base_url: str) -> dict[str, list[str]]:
    r = rec.record
    return {
        "title": [r["title"]] if r.get("title") else [],
        "creator": [r["maker"]] if r.get("maker") else [],
        "subject": [x for x in (r.get("subject"), r.get("type_of_object")) if x],
        "description": [x for x in (r.get("description"), r.get("distinguishing_features")) if x],
        "date": [d for d in (r.get("date_or_period"), rec.date_edtf) if d],
        "type": ["PhysicalObject"],
        "format": [x for x in (r.get("materials_techniques"), r.get("measurements")) if x],
        "identifier": [record_url(base_url, rec.id), rec.id],
        "coverage": [x for x in (r.get("place_of_origin"), r.get("country")) if x],
        "relation": [r["cross_references"]] if r.get("cross_references") else [],
        "publisher": [rec.organisation] if rec.organisation else [],
        "contributor": [],
        "source": [],
        "language": [],
        "rights": [],
    }


def _write_dc(element: etree._Element, metadata: common.Metadata) -> None:
    oai_dc_writer(element, common.Metadata(None, _dublin_core(metadata["record"], metadata["base_url"])))


def _write_lido(element: etree._Element, metadata: common.Metadata) -> None:
    element.append(lido_element(metadata["record"], metadata["base_url"]))


def make_server(sessions: sessionmaker[Session], repo: Repository) -> BatchingServer:
    registry = MetadataRegistry()
    registry.registerWriter("oai_dc", _write_dc)
    registry.registerWriter("lido", _write_lido)
    return BatchingServer(
        RegisterOAI(sessions, repo),
        metadata_registry=registry,
        nsmap={"oai_dc": FORMATS[0][2], "lido": LIDO_NS},
        resumption_batch_size=BATCH,
    )


def answer(sessions: sessionmaker[Session], repo: Repository, params: list[tuple[str, str]]) -> bytes:
    """The OAI-PMH response (XML bytes) to a request's parameters; a repeated argument is a
    ``badArgument`` as the protocol requires."""
    server = make_server(sessions, repo)
    keys = [key for key, _ in params]
    if len(set(keys)) < len(keys):
        tree = server._tree_server._outputErrors([("badArgument", "an argument was given more than once")])  # noqa: SLF001
        return etree.tostring(tree.getroot(), encoding="UTF-8", xml_declaration=True)
    return server.handleRequest(dict(params))

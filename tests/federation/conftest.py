"""Three Heritrace nodes on 127.0.0.1 (real uvicorn servers in threads), peered with each other.

alpha runs on the store under test (SQLite or PostgreSQL), beta and gamma on SQLite. alpha is a
police node; beta a museum node that grants alpha's police unit law-enforcement rights; gamma
grants alpha nothing, so alpha's people read only gamma's public records.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace

import httpx
import pytest

from heritrace.app import create_app
from heritrace.core.actor import SYSTEM
from heritrace.core.settings import Settings
from heritrace.diligence.signing import public_pem
from heritrace.federation.service import RemoteOrganisation
from heritrace.objects.transfer import RegisterImporter
from heritrace.platform import Heritrace
from tests.conftest import Member, add_member, add_organisation
from tests.standards.helpers import write_jsonl


@dataclass
class Node:
    name: str
    platform: Heritrace
    url: str
    server: object
    thread: threading.Thread
    people: dict

    def client(self, member: Member | None = None) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=member.headers if member else {}, timeout=30)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _serve(platform: Heritrace, sock: socket.socket) -> tuple[object, threading.Thread]:
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(create_app(platform=platform), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started, "a test node did not start"
    return server, thread


def _node(name: str, settings: Settings) -> Node:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    platform = Heritrace(settings.model_copy(update={"node_name": name, "public_url": url}))
    server, thread = _serve(platform, sock)
    return Node(name, platform, url, server, thread, {})


def _register(node: Node, organisation_id: int, records: list[dict], tmp_path) -> None:  # noqa: ANN001
    owner = replace(SYSTEM, organisation_id=organisation_id)
    path = write_jsonl(tmp_path / f"{node.name}.jsonl", records)
    report = RegisterImporter(node.platform.sessions, node.platform.images, owner).run(path)
    assert not report.rejected, report.rejected


CHALICE = {
    "type_of_object": "chalice",
    "materials_techniques": "gilded silver",
    "date_or_period": "15th century",
}


@pytest.fixture
def nodes(settings, tmp_path) -> Iterator[dict[str, Node]]:  # noqa: ANN001
    alpha = _node("alpha", settings)
    beta = _node("beta", Settings(mode="test", data_dir=tmp_path / "beta", database_url=None))
    gamma = _node("gamma", Settings(mode="test", data_dir=tmp_path / "gamma", database_url=None))
    all_nodes = {n.name: n for n in (alpha, beta, gamma)}
    try:
        for node in all_nodes.values():
            for other in all_nodes.values():
                if other is not node:
                    pem = public_pem(other.platform.federation.key.public)
                    node.platform.federation.add_peer(SYSTEM, other.name, other.url, pem, timeout_s=20)
        _people(alpha, beta, gamma)
        _records(alpha, beta, gamma, tmp_path)
        yield all_nodes
    finally:
        for node in all_nodes.values():
            node.stop()
            node.platform.close()


def _people(alpha: Node, beta: Node, gamma: Node) -> None:
    # each organisation's id prefix is the namespace of the ids its records are imported with (AL-1)
    police = add_organisation(
        alpha.platform, "Art crime unit (alpha)", "police", country="IT", id_prefix="AL"
    )
    dealer = add_organisation(alpha.platform, "Auction house (alpha)", "market", country="IT")
    alpha.people = {"police": add_member(alpha.platform, "inspector", police, ["registrar"]),
                    "dealer": add_member(alpha.platform, "dealer", dealer, ["market_user"])}  # fmt: skip
    museum = add_organisation(beta.platform, "National museum (beta)", "museum", country="FR", id_prefix="BE")
    beta.people = {"museum": add_member(beta.platform, "curator", museum, ["registrar"])}
    ngo = add_organisation(gamma.platform, "Heritage watch (gamma)", "ngo", country="DE", id_prefix="GA")
    gamma.people = {"ngo": add_member(gamma.platform, "watcher", ngo, ["registrar"])}
    # beta grants alpha's police unit law-enforcement rights; alpha grants beta's museum partner rights
    beta.platform.federation.grant(
        SYSTEM, RemoteOrganisation("alpha", police, "Art crime unit (alpha)", "police", "IT")
    )
    alpha.platform.federation.grant(
        SYSTEM, RemoteOrganisation("beta", museum, "National museum (beta)", "museum", "FR")
    )


def _records(alpha: Node, beta: Node, gamma: Node, tmp_path) -> None:  # noqa: ANN001
    _register(alpha, alpha.people["police"].organisation_id, [
        {"id": "AL-1", "title": "Silver chalice of Bari", "status": "stolen", **CHALICE},
        {"id": "AL-2", "title": "Icon of Saint Nicholas", "type_of_object": "icon", "status": "stolen"},
    ], tmp_path)  # fmt: skip
    _register(beta, beta.people["museum"].organisation_id, [
        {"id": "BE-PUB", "title": "Gilded chalice from Reims", "status": "stolen", **CHALICE},
        {"id": "BE-POL", "title": "Chalice seized in Lyon", "status": "seized",
         "classification": "law_enforcement", **CHALICE,
         "incident": {"type": "theft", "reference": "OCBC-22/7"}},
    ], tmp_path)  # fmt: skip
    _register(gamma, gamma.people["ngo"].organisation_id, [
        {"id": "GA-PUB", "title": "Chalice from Aachen", "status": "missing", **CHALICE},
        {"id": "GA-PART", "title": "Chalice from Trier", "status": "stolen", "classification": "partners",
         **CHALICE},
    ], tmp_path)  # fmt: skip

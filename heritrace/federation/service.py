"""Use cases of the federation: peers and the organisations of peers known here, authentication of
signed requests from peers, and asking every peer at once with a time limit.

A peer's records are never copied here: each question goes to the peer, which answers with what its
own access rules let the asking organisation read (as the peer knows that organisation), and the
answers are merged for the asker together with a statement of which nodes answered."""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from heritrace.audit.service import AuditLog
from heritrace.core.actor import Actor
from heritrace.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from heritrace.core.i18n import _
from heritrace.core.settings import Settings
from heritrace.db.base import utcnow
from heritrace.db.engine import writing
from heritrace.diligence.signing import PlatformKey, key_id_of, load_public_pem
from heritrace.federation.models import Peer, SeenNonce
from heritrace.federation.signing import MAX_AGE, OnBehalfOf, SignatureRefused, sign, verify
from heritrace.objects.models import CulturalObject
from heritrace.partners.models import ORGANISATION_KINDS, VETTING_STATES, Organisation

log = logging.getLogger(__name__)
PREFIX = "/federation/v1"


@dataclass
class PeerAnswer:
    """One peer's answer to a question, or why there is none."""

    peer: str
    base_url: str
    answered: bool
    data: Any = None
    error: str | None = None
    seconds: float = 0.0

    def coverage(self) -> dict:
        node = (self.data or {}).get("node", {}) if isinstance(self.data, dict) else {}
        return {
            "node": self.peer,
            "url": self.base_url,
            "answered": self.answered,
            "records": node.get("records"),
            "last_updated": node.get("last_updated"),
            "error": self.error,
        }


@dataclass
class RemoteOrganisation:
    """How this node knows an organisation of a peer: the rights it grants it are its own choice."""

    peer: str
    remote_id: int
    name: str
    kind: str
    country: str | None = None
    vetting: str = "vetted"
    named_authority: bool = False
    extra: dict = field(default_factory=dict)


class Federation:
    def __init__(self, sessions: sessionmaker[Session], settings: Settings, key: PlatformKey):
        self.sessions = sessions
        self.settings = settings
        self.key = key

    # -- peers (console operator) ------------------------------------------------------------------

    def add_peer(
        self, actor: Actor, name: str, base_url: str, public_key_pem: str, timeout_s: float = 5.0
    ) -> Peer:
        """Record a peer whose operator agreed to cooperate, with the public key of its node."""
        _operator_only(actor)
        try:
            key_id = key_id_of(load_public_pem(public_key_pem.encode()))
        except ValueError as exc:
            raise ValidationFailed(
                {"public_key": _("not an Ed25519 public key in PEM: %(error)s", error=exc)}
            ) from None
        if not base_url.startswith(("http://", "https://")):
            raise ValidationFailed({"url": _("the peer's base URL starts with http:// or https://")})
        if key_id == self.key.key_id:
            raise ValidationFailed({"public_key": _("this is this node's own key")})
        peer = Peer(
            name=name, base_url=base_url.rstrip("/"), key_id=key_id, public_key_pem=public_key_pem.strip(),
            timeout_s=timeout_s, added_by=actor.name[:200], added_at=utcnow(),
        )  # fmt: skip
        with writing(), self.sessions() as s:
            s.add(peer)
            try:
                s.flush()
            except IntegrityError:
                raise Conflict(
                    _("a peer named %(name)s or with this key is already known", name=name)
                ) from None
            AuditLog(s).record(
                actor, "federation.peer.add", "federation_peer", name, None, _peer_summary(peer)
            )
            s.commit()
            s.refresh(peer)
            s.expunge(peer)
        return peer

    def remove_peer(self, actor: Actor, name: str) -> None:
        _operator_only(actor)
        with writing(), self.sessions() as s:
            peer = self._peer(s, name)
            AuditLog(s).record(
                actor, "federation.peer.remove", "federation_peer", name, _peer_summary(peer), None
            )
            s.delete(peer)
            s.commit()

    def peers(self, active_only: bool = True) -> list[Peer]:
        with self.sessions() as s:
            query = select(Peer).order_by(Peer.name)
            if active_only:
                query = query.where(Peer.active.is_(True))
            peers = list(s.scalars(query))
            for peer in peers:
                s.expunge(peer)
            return peers

    def grant(self, actor: Actor, org: RemoteOrganisation) -> Organisation:
        """Make an organisation of a peer known here, with the rights this node grants it (its kind
        and vetting decide what it reads, as for any partner of this node)."""
        _operator_only(actor)
        if org.kind not in ORGANISATION_KINDS or org.vetting not in VETTING_STATES:
            raise ValidationFailed(
                {
                    "kind": _(
                        "kind is one of %(kinds)s, vetting one of %(states)s",
                        kinds=sorted(ORGANISATION_KINDS),
                        states=VETTING_STATES,
                    )
                }
            )
        with writing(), self.sessions() as s:
            peer = self._peer(s, org.peer)
            row = s.scalar(
                select(Organisation).where(
                    Organisation.node_id == peer.id, Organisation.remote_id == org.remote_id
                )
            ) or Organisation(node_id=peer.id, remote_id=org.remote_id, created_at=utcnow())
            before = _organisation_summary(row) if row.id else None
            row.name, row.kind, row.country = org.name, org.kind, org.country
            row.vetting, row.named_authority = org.vetting, org.named_authority
            s.add(row)
            try:
                s.flush()
            except IntegrityError:
                raise Conflict(
                    _("an organisation named %(name)s already exists on this node", name=org.name)
                ) from None
            AuditLog(s).record(
                actor,
                "federation.organisation.grant",
                "organisation",
                str(row.id),
                before,
                _organisation_summary(row),
            )
            s.commit()
            s.refresh(row)
            s.expunge(row)
        return row

    def _peer(self, s: Session, name: str) -> Peer:
        peer = s.scalar(select(Peer).where(Peer.name == name))
        if peer is None:
            raise NotFound(_("no peer named %(name)s", name=name))
        return peer

    # -- requests from peers -----------------------------------------------------------------------

    def authenticate(self, method: str, url: str, headers, body: bytes) -> Actor:  # noqa: ANN001
        """The actor of a request signed by a peer: a person of one of its organisations, with the
        rights this node grants that organisation (public records only if it is not known here).
        Refuses unsigned, altered, stale and replayed requests (``SignatureRefused``)."""
        with writing(), self.sessions() as s:
            peers = {p.key_id: p for p in s.scalars(select(Peer).where(Peer.active.is_(True)))}
            verified = verify(method, url, headers, body, {k: p.public_key_pem for k, p in peers.items()})
            peer = peers[verified.key_id]
            s.execute(delete(SeenNonce).where(SeenNonce.seen_at < utcnow() - 2 * MAX_AGE))
            s.add(SeenNonce(peer_id=peer.id, nonce=verified.nonce[:100], seen_at=utcnow()))
            try:
                s.commit()
            except IntegrityError:
                raise SignatureRefused("replayed request: this signature's nonce was already used") from None
            return _remote_actor(s, peer, verified.on_behalf)

    def status(self) -> dict:
        """This node as a peer sees it in a coverage statement: name, size and freshness."""
        with self.sessions() as s:
            count, latest = s.execute(
                select(func.count(CulturalObject.id), func.max(CulturalObject.updated_at))
            ).one()
        return {
            "name": self.settings.node_name,
            "records": int(count or 0),
            "last_updated": latest.isoformat(timespec="seconds") + "Z" if latest else None,
        }

    # -- questions to peers ------------------------------------------------------------------------

    def ask_all(
        self, actor: Actor, method: str, path: str, *, json: Any = None, content: bytes | None = None,
        headers: dict | None = None, params: dict | None = None,
    ) -> list[PeerAnswer]:  # fmt: skip
        """Ask every active peer at once; each answer within its peer's time limit, or why not.
        A person of a peer (federated actor) never reaches further: no peer is asked for them."""
        peers = self.peers() if actor.node_id is None else []
        if not peers:
            return []

        def call(peer: Peer) -> PeerAnswer:
            return self.ask(
                peer, actor, method, path, json=json, content=content, headers=headers, params=params
            )

        with ThreadPoolExecutor(max_workers=min(8, len(peers))) as pool:
            return list(pool.map(call, peers))

    def ask(
        self, peer: Peer, actor: Actor, method: str, path: str, *, json: Any = None,
        content: bytes | None = None, headers: dict | None = None, params: dict | None = None,
    ) -> PeerAnswer:  # fmt: skip
        started = time.monotonic()
        on_behalf = OnBehalfOf(actor.organisation_id, actor.name)
        try:
            with httpx.Client(timeout=peer.timeout_s) as client:
                request = client.build_request(
                    method,
                    f"{peer.base_url}{PREFIX}{path}",
                    json=json,
                    content=content,
                    headers=headers,
                    params=params,
                )
                sign(request, self.key, on_behalf)
                response = client.send(request)
        except httpx.HTTPError as exc:
            return PeerAnswer(
                peer.name, peer.base_url, False, error=_reason(exc, peer), seconds=time.monotonic() - started
            )
        seconds = time.monotonic() - started
        if response.status_code >= 400:
            detail = _detail(response)
            return PeerAnswer(
                peer.name,
                peer.base_url,
                False,
                error=f"answered {response.status_code}: {detail}",
                seconds=seconds,
            )
        return PeerAnswer(peer.name, peer.base_url, True, data=response.json(), seconds=seconds)

    def ask_one(self, name: str, actor: Actor, method: str, path: str, **kw: Any) -> PeerAnswer:
        with self.sessions() as s:
            peer = self._peer(s, name)
            s.expunge(peer)
        return self.ask(peer, actor, method, path, **kw)

    def peer_named_by_id(self, peer_id: int | None) -> Peer:
        with self.sessions() as s:
            peer = s.get(Peer, peer_id) if peer_id is not None else None
            if peer is None:
                raise NotFound(_("no such peer"))
            s.expunge(peer)
            return peer

    def peer_named(self, name: str) -> Peer:
        with self.sessions() as s:
            peer = self._peer(s, name)
            s.expunge(peer)
            return peer

    def mirrors(self, s: Session, peer_id: int) -> list[Organisation]:
        """The organisations of a peer known on this node."""
        return list(s.scalars(select(Organisation).where(Organisation.node_id == peer_id)))


def _remote_actor(s: Session, peer: Peer, on_behalf: OnBehalfOf) -> Actor:
    org = None
    if on_behalf.organisation_id is not None:
        org = s.scalar(
            select(Organisation).where(
                Organisation.node_id == peer.id, Organisation.remote_id == on_behalf.organisation_id
            )
        )
    vetted = org is not None and org.vetting == "vetted"
    known = org.name if org else "organisation not known here"
    return Actor(
        name=f"{on_behalf.user or 'unnamed'} ({known}, node {peer.name})"[:200],
        user_id=0,
        organisation_id=org.id if org else None,
        roles=frozenset({"analyst"}),
        law_enforcement=vetted and org is not None and org.law_enforcement,
        vetted=vetted,
        scopes=frozenset({"read", "identify", "write"}),
        node_id=peer.id,
    )


def _operator_only(actor: Actor) -> None:
    if not actor.has_role("platform_admin") or actor.node_id is not None:
        raise Forbidden(_("only this node's operator manages its peers"))


def _peer_summary(peer: Peer) -> dict:
    return {"name": peer.name, "base_url": peer.base_url, "key_id": peer.key_id, "timeout_s": peer.timeout_s}


def _organisation_summary(org: Organisation) -> dict:
    return {
        "name": org.name, "kind": org.kind, "country": org.country, "vetting": org.vetting,
        "named_authority": org.named_authority, "node_id": org.node_id, "remote_id": org.remote_id,
    }  # fmt: skip


def _reason(exc: httpx.HTTPError, peer: Peer) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"did not answer within {peer.timeout_s:g} s"
    if isinstance(exc, httpx.ConnectError):
        return "could not be reached"
    return f"failed: {type(exc).__name__}"


def _detail(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail", ""))[:300]
    except ValueError:
        return response.text[:300]

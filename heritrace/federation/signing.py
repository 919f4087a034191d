"""HTTP Message Signatures (RFC 9421) between nodes, with Ed25519 node keys.

Every server-to-server request is signed by the sending node over: the method, the authority and
path and query of the target, the ``Content-Digest`` of the body (SHA-512), the organisation and the
user the request is made for, and the signature parameters ``created``, ``keyid``, ``nonce``,
``alg`` and ``tag``. The receiving node accepts a request only if the key is a peer's, the signature
verifies, every one of these components is covered, it was created less than ``MAX_AGE`` ago, and
its nonce has not been seen before (``SeenNonce``): a replayed request is refused even within the
signature's lifetime. The library is the maintained ``http-message-signatures`` (pyauth).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote, unquote

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from http_message_signatures import (
    HTTPMessageSigner,
    HTTPMessageVerifier,
    HTTPSignatureKeyResolver,
    algorithms,
)
from http_message_signatures.exceptions import HTTPMessageSignaturesException, InvalidSignature

from heritrace.diligence.signing import PlatformKey, load_public_pem

TAG = "heritrace-federation"
MAX_AGE = timedelta(seconds=300)
ORGANISATION = "heritrace-organisation"
USER = "heritrace-user"
COVERED = ("@method", "@authority", "@path", "@query", ORGANISATION, USER)
REQUIRED = (*COVERED, "content-digest")
KEY_FILE = "node-ed25519.pem"


class SignatureRefused(Exception):
    """The request is not signed by a peer, is stale, altered or replayed."""


@dataclass(frozen=True)
class OnBehalfOf:
    """Who the sending node makes the request for: an organisation of that node (its id there) and
    the person's display name, for the receiving node's audit log."""

    organisation_id: int | None
    user: str


class _Keys(HTTPSignatureKeyResolver):
    def __init__(self, own: PlatformKey | None = None, peers: dict[str, Ed25519PublicKey] | None = None):
        self.own = own
        self.peers = peers or {}

    def resolve_private_key(self, key_id: str):  # noqa: ANN201
        assert self.own is not None and key_id == self.own.key_id
        return self.own._private  # noqa: SLF001 - the node key signs only requests, never leaves

    def resolve_public_key(self, key_id: str):  # noqa: ANN201
        return self.peers.get(key_id)


def sign(request: httpx.Request, key: PlatformKey, on_behalf: OnBehalfOf) -> None:
    """Sign ``request`` in place for ``on_behalf`` (adds Content-Digest, Signature-Input, Signature)."""
    request.headers[ORGANISATION] = (
        "none" if on_behalf.organisation_id is None else str(on_behalf.organisation_id)
    )
    request.headers[USER] = quote(on_behalf.user[:200], safe=" ")
    signer = HTTPMessageSigner(signature_algorithm=algorithms.ED25519, key_resolver=_Keys(own=key))
    signer.sign(
        request,
        key_id=key.key_id,
        nonce=secrets.token_urlsafe(24),
        tag=TAG,
        covered_component_ids=COVERED,
        body=request.content,
    )


@dataclass(frozen=True)
class _Message:
    method: str
    url: str
    headers: object


@dataclass(frozen=True)
class Verified:
    key_id: str
    nonce: str
    on_behalf: OnBehalfOf


def verify(method: str, url: str, headers, body: bytes, peer_keys: dict[str, str]) -> Verified:  # noqa: ANN001
    """Check a request's signature against the peers' public keys (PEM by key id); the caller then
    refuses the nonce if it was seen before."""
    if "signature" not in headers or "signature-input" not in headers:
        raise SignatureRefused("the request is not signed (RFC 9421 Signature and Signature-Input)")
    keys = {kid: load_public_pem(pem.encode()) for kid, pem in peer_keys.items()}
    verifier = HTTPMessageVerifier(signature_algorithm=algorithms.ED25519, key_resolver=_Keys(peers=keys))
    try:
        results = verifier.verify(
            _Message(method, url, headers),
            max_age=MAX_AGE,
            expect_tag=TAG,
            require_components=REQUIRED,
            body=body,
        )
    except (InvalidSignature, HTTPMessageSignaturesException) as exc:
        raise SignatureRefused(f"signature refused: {exc}") from None
    params = results[0].parameters
    if not params.get("nonce"):
        raise SignatureRefused("signature refused: no nonce")
    return Verified(str(params["keyid"]), str(params["nonce"]), _on_behalf(headers))


def _on_behalf(headers) -> OnBehalfOf:  # noqa: ANN001
    organisation = headers.get(ORGANISATION, "none")
    if organisation != "none" and not organisation.isdigit():
        raise SignatureRefused(f"{ORGANISATION} must be an organisation id or 'none'")
    return OnBehalfOf(
        None if organisation == "none" else int(organisation), unquote(headers.get(USER, ""))[:200]
    )

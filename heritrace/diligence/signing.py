"""The platform's Ed25519 signing key, canonical JSON, and verification of JSON and PDF certificates.

A JSON certificate is ``{"certificate": {...}, "signature": base64, "key_id": ..., "algorithm": "Ed25519"}``,
the signature taken over the canonical JSON of ``certificate``. A PDF certificate carries two comment lines
after ``%%EOF``: the certificate itself (base64 of its canonical JSON), then the signature over every byte
before the signature line, so that any change to the rendered page or to the embedded data is detected.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "Ed25519"
PDF_CERTIFICATE_TAG = b"%HERITRACE-CERTIFICATE "
PDF_SIGNATURE_TAG = b"%HERITRACE-SIGNATURE "
KEY_FILE = "certificate-signing-ed25519.pem"
Status = Literal["valid", "altered", "unknown_key", "malformed"]


def canonical_json(value: object) -> bytes:
    """The one byte form that is signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def key_id_of(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def load_public_pem(data: bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM; ValueError for anything else."""
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


class PlatformKey:
    """The key that signs certificates: loaded from ``path``, or generated there (0600) on first use."""

    def __init__(self, path: Path):
        self.path = path
        self._private = self._load_or_create(path)
        self.public = self._private.public_key()
        self.key_id = key_id_of(self.public)

    @staticmethod
    def _load_or_create(path: Path) -> Ed25519PrivateKey:
        if path.exists():
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise ValueError(f"{path.name} does not hold an Ed25519 private key")
            return key
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        # created 0600 from the start: the key is never readable by others, not even briefly
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        return key

    def sign(self, data: bytes) -> str:
        return base64.b64encode(self._private.sign(data)).decode("ascii")

    def sign_certificate(self, certificate: dict) -> dict:
        """The JSON certificate document."""
        return {
            "certificate": certificate,
            "signature": self.sign(canonical_json(certificate)),
            "key_id": self.key_id,
            "algorithm": ALGORITHM,
        }

    def sign_pdf(self, pdf: bytes, certificate: dict) -> bytes:
        """``pdf`` with the embedded certificate and the signature appended after ``%%EOF``."""
        body = pdf if pdf.endswith(b"\n") else pdf + b"\n"
        body += PDF_CERTIFICATE_TAG + base64.b64encode(canonical_json(certificate)) + b"\n"
        return body + PDF_SIGNATURE_TAG + f"{self.key_id} {self.sign(body)}\n".encode("ascii")


@dataclass
class Verification:
    """What checking a certificate file found; ``certificate`` is what it says (None when unreadable)."""

    status: Status
    message: str
    kind: str | None = None
    key_id: str | None = None
    certificate: dict | None = field(default=None)

    @property
    def valid(self) -> bool:
        return self.status == "valid"


MAX_DEPTH = 32  # a certificate nests a few levels; anything deeper is not one


def _loads(text: str | bytes) -> Any:  # noqa: ANN401
    """JSON of a submitted file, refused (ValueError) when nested deeper than a certificate is:
    deep nesting would otherwise exhaust the parser's or the answer's recursion."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ValueError("nested too deeply")
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return value


def verify_file(data: bytes, keys: dict[str, Ed25519PublicKey]) -> Verification:
    """Verify a JSON or PDF certificate against the known public keys (by key id)."""
    if data.lstrip()[:1] == b"{":
        return verify_json(data, keys)
    if data.startswith(b"%PDF-"):
        return verify_pdf(data, keys)
    return Verification("malformed", "the file is neither a JSON nor a PDF certificate")


def verify_json(data: bytes, keys: dict[str, Ed25519PublicKey]) -> Verification:
    try:
        doc = _loads(data.decode("utf-8"))
        certificate, signature, key_id = doc["certificate"], doc["signature"], doc["key_id"]
        if doc.get("algorithm") != ALGORITHM or not isinstance(certificate, dict):
            raise ValueError("unsupported algorithm")
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        return Verification("malformed", "not a Heritrace JSON certificate", "json")
    return _check(canonical_json(certificate), signature, str(key_id), keys, "json", certificate)


def verify_pdf(data: bytes, keys: dict[str, Ed25519PublicKey]) -> Verification:
    body, sep, tail = data.rstrip(b"\r\n").rpartition(b"\n")
    if not sep or not tail.startswith(PDF_SIGNATURE_TAG):
        return Verification("malformed", "the PDF carries no Heritrace signature", "pdf")
    parts = tail[len(PDF_SIGNATURE_TAG) :].decode("ascii", "replace").split()
    if len(parts) != 2:
        return Verification("malformed", "the PDF signature line is damaged", "pdf")
    signed = body + b"\n"
    return _check(signed, parts[1], parts[0], keys, "pdf", _embedded_certificate(body))


def _embedded_certificate(body: bytes) -> dict | None:
    _, sep, line = body.rpartition(b"\n" + PDF_CERTIFICATE_TAG)
    if not sep:
        return None
    try:
        value = _loads(base64.b64decode(line.strip(), validate=True))
    except (binascii.Error, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _check(
    signed: bytes,
    signature: object,
    key_id: str,
    keys: dict[str, Ed25519PublicKey],
    kind: str,
    certificate: dict | None,
) -> Verification:
    key = keys.get(key_id)
    if key is None:
        return Verification(
            "unknown_key",
            f"signed with key {key_id[:32]!r}, which is not a key of this platform",
            kind,
            key_id[:32],
            certificate,
        )
    try:
        raw = base64.b64decode(str(signature), validate=True)
        key.verify(raw, signed)
    except (binascii.Error, ValueError, InvalidSignature):
        return Verification(
            "altered", "the signature does not match: the certificate was altered", kind, key_id, certificate
        )
    return Verification("valid", "the certificate is authentic and unaltered", kind, key_id, certificate)

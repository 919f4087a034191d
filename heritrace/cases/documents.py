"""Case documents stored content-addressed by SHA-256, so that any later change to a file is detectable."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from heritrace.core.errors import NotFound, ValidationFailed
from heritrace.core.i18n import N_, _


@dataclass(frozen=True)
class Attachment:
    """An uploaded file as received: its name and media type as sent, and its bytes."""

    filename: str
    media_type: str
    data: bytes


@dataclass(frozen=True)
class Integrity:
    sha256: str
    ok: bool
    found: str | None  # hash of the stored bytes; None when the file is gone
    message: str

    def to_json(self) -> dict:
        return {"sha256": self.sha256, "ok": self.ok, "found": self.found, "message": _(self.message)}


class DocumentStore:
    def __init__(self, root: Path, max_bytes: int):
        self.root = root
        self.max_bytes = max_bytes

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        """Store ``data`` once under its hash and return the hash."""
        if not data:
            raise ValidationFailed({"file": _("the file is empty")})
        if len(data) > self.max_bytes:
            raise ValidationFailed(
                {"file": _("larger than the %(mib)s MiB allowed", mib=self.max_bytes // (1024 * 1024))}
            )
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            # written aside then renamed, so that a half-written file never carries a valid name
            fd, tmp = tempfile.mkstemp(dir=target.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        return digest

    def read(self, sha256: str) -> bytes:
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise NotFound(_("the document's file is missing from the document store")) from None

    def verify(self, sha256: str) -> Integrity:
        """Re-hash the stored file and compare it with the hash recorded at upload."""
        try:
            found = hashlib.sha256(self.path(sha256).read_bytes()).hexdigest()
        except FileNotFoundError:
            return Integrity(sha256, False, None, N_("the stored file is missing"))
        if found != sha256:
            return Integrity(sha256, False, found, N_("the stored file was modified after upload"))
        return Integrity(sha256, True, found, N_("the stored file is intact"))

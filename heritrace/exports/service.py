"""Use cases of export certificates: prepare one from a register record, sign it, read it back.

Only a record whose status says the object is back with its owner (recovered, returned) or withdrawn
from the register can be exported: a certificate for an object recorded as stolen, looted, missing,
illicitly exported or seized is refused. The certificate is prepared by the record's own organisation
(registrar or administrator) or by a vetted national authority, and is ``restricted`` to the
organisation that prepared it: it names exporter, consignee and owner.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.policy import can_write, restrict
from heritrace.audit.service import AuditLog
from heritrace.core.actor import Actor
from heritrace.core.errors import Conflict, Forbidden, NotFound
from heritrace.core.i18n import N_, _
from heritrace.db.base import utcnow
from heritrace.diligence.signing import PlatformKey
from heritrace.exports.form import FORM, fill_boxes
from heritrace.exports.models import ExportCertificate
from heritrace.exports.pdf import render
from heritrace.exports.schemas import ExportCertificateIn
from heritrace.images.store import ImageStore
from heritrace.objects.models import CulturalObject
from heritrace.objects.service import readable_record
from heritrace.partners.models import Organisation

EXPORTABLE = ("recovered", "returned", "withdrawn")
NOTICE = N_(
    "Prepared on Heritrace from a register record. It becomes an export certificate only when the competent "
    "authority of the exporting State signs and stamps box 22; the platform's signature proves only that "
    "this "
    "document has not been altered since it was prepared."
)


class ExportCertificates:
    def __init__(self, sessions: sessionmaker[Session], images: ImageStore, key: Callable[[], PlatformKey]):
        self.sessions = sessions
        self.images = images
        self._key = key

    def issue(self, actor: Actor, object_id: str, data: ExportCertificateIn) -> ExportCertificate:
        """Fill in, sign (JSON and PDF) and store the certificate for register record ``object_id``."""
        key = self._key()
        with self.sessions.begin() as s:
            obj = _readable(s, actor, object_id)
            _may_prepare(s, actor, obj)
            certificate_id = "EXC-" + secrets.token_hex(8)
            photos = [image.sha256 for image in obj.images]
            certificate = self._certificate(s, actor, obj, data, certificate_id, photos)
            first = self.images.path(photos[0], "display") if photos else None
            row = ExportCertificate(
                id=certificate_id,
                object_id=obj.external_id,
                organisation_id=actor.organisation_id,
                user_id=actor.user_id,
                issued_by=actor.name,
                key_id=key.key_id,
                document_json=json.dumps(key.sign_certificate(certificate), ensure_ascii=False, indent=1),
                pdf=key.sign_pdf(render(certificate, key.key_id, first), certificate),
            )
            s.add(row)
            AuditLog(s).record(
                actor, "issue", "export_certificate", certificate_id, None, {"object_id": obj.external_id}
            )
            s.flush()
            s.expunge(row)
        return row

    @staticmethod
    def _certificate(
        s: Session,
        actor: Actor,
        obj: CulturalObject,
        data: ExportCertificateIn,
        certificate_id: str,
        photos: list,
    ) -> dict[str, Any]:
        org = s.get(Organisation, actor.organisation_id) if actor.organisation_id else None
        return {
            "certificate_type": "export_certificate",
            "certificate_id": certificate_id,
            "issued_at": utcnow().isoformat(timespec="seconds") + "Z",
            "form": FORM,
            "object": {"register_id": obj.external_id, "status": obj.status, "country": obj.country},
            "boxes": fill_boxes(data, obj, certificate_id, photos),
            "prepared_by": {"name": actor.name, "organisation": org.name if org else None},
            "notice": _(NOTICE),
        }

    def get(self, actor: Actor, certificate_id: str) -> ExportCertificate:
        query = restrict(
            select(ExportCertificate).where(ExportCertificate.id == certificate_id), actor, ExportCertificate
        )
        with self.sessions() as s:
            row = s.scalar(query)
        if row is None:
            raise NotFound(_("no export certificate %(id)s that you may read", id=certificate_id))
        return row


def _readable(s: Session, actor: Actor, object_id: str) -> CulturalObject:
    obj = readable_record(s, actor, object_id)
    if obj is None:
        raise NotFound(_("no register record %(id)s that you may read", id=object_id))
    return obj


def _may_prepare(s: Session, actor: Actor, obj: CulturalObject) -> None:
    org = s.get(Organisation, actor.organisation_id) if actor.organisation_id else None
    authority = org is not None and org.kind == "national_authority" and org.vetting == "vetted"
    if not (can_write(actor, obj.organisation_id) or authority):
        raise Forbidden(
            _("an export certificate is prepared by the record's organisation or by a national authority")
        )
    if obj.status not in EXPORTABLE:
        raise Conflict(
            _(
                "the register records this object as %(status)s: no export certificate can be prepared for "
                "it",
                status=obj.status.replace("_", " "),
            )
        )

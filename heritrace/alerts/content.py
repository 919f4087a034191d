"""What a recipient is shown: the alert and the Object ID summary of the linked objects they may read."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from heritrace.access.policy import can_read
from heritrace.alerts.models import Alert
from heritrace.alerts.targeting import loads
from heritrace.core.actor import Actor
from heritrace.core.i18n import DEFAULT_LOCALE, N_, _, pair, shown, supported, use_locale
from heritrace.objects.choices import plain_label
from heritrace.objects.models import CulturalObject
from heritrace.web.language import concept_label

SUMMARY_FIELDS = (
    "type_text",
    "title",
    "maker",
    "date_text",
    "materials_techniques",
    "measurements_text",
    "inscriptions_markings",
    "distinguishing_features",
    "country",
    "status",
)
# the fields' names as the poster and the notices write them (translated where shown)
SUMMARY_LABELS = {
    "type_text": N_("Type of object"),
    "title": N_("Title"),
    "maker": N_("Maker"),
    "date_text": N_("Date or period"),
    "materials_techniques": N_("Materials & techniques"),
    "measurements_text": N_("Measurements"),
    "inscriptions_markings": N_("Inscriptions & markings"),
    "distinguishing_features": N_("Distinguishing features"),
    "country": N_("Country"),
    "status": N_("Status"),
}


def linked_objects(s: Session, alert: Alert) -> list[CulturalObject]:
    ids = loads(alert.object_ids)
    if not ids:
        return []
    query = (
        select(CulturalObject)
        .where(CulturalObject.external_id.in_(ids))
        .options(selectinload(CulturalObject.images), selectinload(CulturalObject.shares))
    )
    return list(s.scalars(query))


def readable_objects(actor: Actor, objects: list[CulturalObject]) -> list[CulturalObject]:
    """The linked objects the recipient may read in the register (the others are left out)."""
    return [
        o
        for o in objects
        if can_read(actor, o.classification, o.organisation_id, [sh.organisation_id for sh in o.shares])
    ]


def object_summary(obj: CulturalObject, anonymous: bool) -> dict:
    photos = [img.sha256 for img in obj.images if img.publishable or not anonymous]
    return {
        "id": obj.external_id,
        **{f: getattr(obj, f) for f in SUMMARY_FIELDS if getattr(obj, f) is not None},
        "photos": [f"/api/v1/images/{sha}/display" for sha in photos],
    }


def alert_summary(alert: Alert, in_reader_language: bool = False) -> dict:
    """The alert as data; ``in_reader_language``: a system notice's title and body in the current
    language (as stored, in English, otherwise: the audit's record)."""
    message = alert.message if in_reader_language else None
    return {
        "id": alert.id,
        "type": alert.type,
        "title": shown(message, "title", alert.title),
        "body": shown(message, "body", alert.body),
        "classification": alert.classification,
        "sender": alert.sender_name,
        "organisation_id": alert.organisation_id,
        "country": alert.country,
        "region": alert.region,
        "categories": loads(alert.categories),
        "requires_action": alert.requires_action,
        "created_at": alert.created_at.isoformat() + "Z",
        "link": alert.link,
    }


def payload_for(
    alert: Alert, objects: list[CulturalObject], actor: Actor, language: str | None = None
) -> str:
    """What one recipient is sent: the objects they may read, a system notice's text in their language
    (``language``, English when None)."""
    visible = readable_objects(actor, objects)
    summaries = [object_summary(o, actor.is_anonymous) for o in visible]
    language = supported(language) or DEFAULT_LOCALE
    with use_locale(language):
        summary = alert_summary(alert, in_reader_language=True)
    payload = {"alert": summary, "objects": summaries, "language": language}
    return json.dumps(payload, sort_keys=True, default=str)


def subject_line(payload: dict) -> str:
    """The subject of an alert's e-mail and inbox entry, in the payload's language."""
    a = payload["alert"]
    with use_locale(payload.get("language")):
        return f"[{plain_label(a['type'])}] {a['title']}"


def as_text(payload: dict) -> str:
    """The plain-text body of inbox entries and e-mails, in the payload's language (the recipient's)."""
    with use_locale(payload.get("language")):
        return _text(payload)


def _text(payload: dict) -> str:
    a = payload["alert"]
    lines = [a["title"], _("%(kind)s - from %(sender)s", kind=plain_label(a["type"]), sender=a["sender"])]
    if a.get("country") or a.get("region"):
        lines.append(
            _("where: %(place)s", place=" / ".join(x for x in (a.get("country"), a.get("region")) if x))
        )
    if a.get("categories"):
        lines.append(
            _("objects at risk: %(types)s", types=", ".join(concept_label(c) for c in a["categories"]))
        )
    lines += ["", a.get("body") or ""]
    for o in payload["objects"]:
        described = "; ".join(
            pair(_(SUMMARY_LABELS[k]), plain_label(o[k]) if k == "status" else o[k])
            for k in SUMMARY_FIELDS
            if k in o
        )
        lines.append(f"- {o['id']}: {described}")
    if a.get("link"):
        lines += ["", _("open: %(link)s", link=a["link"])]
    if a["requires_action"]:
        lines += [
            "",
            _(
                "ACTION REQUESTED: acknowledge, then report when acted, at %(page)s",
                page=f"/alerts/{a['id']}",
            ),
        ]
    return "\n".join(lines)

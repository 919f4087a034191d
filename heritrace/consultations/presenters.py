"""One data shape of a consultation for the API (JSON) and the pages (HTML)."""

from __future__ import annotations

from heritrace.consultations.models import OUTCOMES, Consultation, ConsultationAttachment
from heritrace.consultations.service import due_at, is_requester
from heritrace.core.actor import Actor
from heritrace.db.base import utcnow


def attachment_out(a: ConsultationAttachment) -> dict:
    return {
        "id": a.id,
        "kind": a.kind,
        "filename": a.filename,
        "media_type": a.media_type,
        "size": a.size,
        "sha256": a.sha256,
        "url": f"/api/v1/consultations/{a.consultation_id}/attachments/{a.id}",
    }


def summary_out(c: Consultation, names: dict[int, str]) -> dict:
    return {
        "id": c.id,
        "created_at": c.created_at,
        "status": c.status,
        "question": c.question,
        "requested_by": c.requested_by,
        "organisation": names.get(c.organisation_id) if c.organisation_id else None,
        "experts": len(c.experts),
        "outcome_code": c.outcome_code,
    }


def consultation_out(c: Consultation, actor: Actor, names: dict[int, str]) -> dict:
    """The whole consultation: photos, the expert organisations with their response times, the thread."""
    late = utcnow() > due_at(c)
    experts = [
        {
            "organisation_id": e.organisation_id,
            "organisation": names.get(e.organisation_id, "?"),
            "invited_for": e.invited_for,
            "first_response_at": e.first_response_at,
            "response_hours": None if e.response_seconds is None else round(e.response_seconds / 3600, 2),
            # not answered and past the target: missed; not answered yet within it: not known yet
            "met_target": e.met_target if e.met_target is not None else (False if late else None),
        }
        for e in c.experts
    ]
    by_message: dict[int, list[dict]] = {}
    for a in c.attachments:
        if a.message_id is not None:
            by_message.setdefault(a.message_id, []).append(attachment_out(a))
    messages = [
        {
            "id": m.id,
            "at": m.at,
            "author": m.author,
            "organisation": names.get(m.organisation_id) if m.organisation_id else None,
            "body": m.body,
            "attachments": by_message.get(m.id, []),
        }
        for m in c.messages
    ]
    return {
        **summary_out(c, names),
        "object_description": c.object_description,
        "fields": [f for f in c.fields.split(",") if f],
        "target_hours": c.target_hours,
        "due_at": due_at(c),
        "outcome_text": c.outcome_text,
        "outcome_label": OUTCOMES.get(c.outcome_code or ""),
        "closed_at": c.closed_at,
        "closed_by": c.closed_by,
        "object_id": c.object_id,
        "case_id": c.case_id,
        "photos": [attachment_out(a) for a in c.attachments if a.kind == "photo"],
        "expert_organisations": experts,
        "messages": messages,
        "answered_within_target": sum(1 for e in c.experts if e.met_target),
        "mine": is_requester(actor, c),
    }


def names_for(c: Consultation) -> set[int | None]:
    """The organisations a consultation's page names."""
    return (
        {c.organisation_id} | {e.organisation_id for e in c.experts} | {m.organisation_id for m in c.messages}
    )

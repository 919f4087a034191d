"""One data shape of a meeting and of an action for the API (JSON) and the pages (HTML)."""

from __future__ import annotations

from heritrace.core.actor import Actor
from heritrace.meetings.models import ACTION_LABELS, ActionItem, Meeting, MeetingSeries
from heritrace.meetings.service import is_overdue, may_edit, may_update_action


def names_for(meetings: list[Meeting]) -> set[int | None]:
    ids: set[int | None] = set()
    for m in meetings:
        ids.add(m.organisation_id)
        ids |= {p.organisation_id for p in m.participants}
        ids |= {a.owner_organisation_id for a in m.actions}
    return ids


def series_out(series: MeetingSeries, meetings: int, names: dict[int, str]) -> dict:
    return {
        "id": series.id,
        "title": series.title,
        "description": series.description,
        "classification": series.classification,
        "organisation": names.get(series.organisation_id) if series.organisation_id else None,
        "meetings": meetings,
    }


def action_out(a: ActionItem, m: Meeting, names: dict[int, str], actor: Actor | None = None) -> dict:
    out = {
        "id": a.id,
        "meeting_id": m.id,
        "meeting": m.title,
        "title": a.title,
        "owner_organisation_id": a.owner_organisation_id,
        "owner": names.get(a.owner_organisation_id) if a.owner_organisation_id else None,
        "due_on": a.due_on,
        "status": a.status,
        "overdue": is_overdue(a),
        "notes": a.notes,
        "decision_id": a.decision_id,
        "completed_at": a.completed_at,
    }
    if actor is not None:  # the pages only
        out["status_label"] = ACTION_LABELS.get(a.status, a.status)
        out["may_update"] = may_update_action(actor, m, a)
    return out


def summary_out(m: Meeting, names: dict[int, str], series: dict[int, str]) -> dict:
    return {
        "id": m.id,
        "series_id": m.series_id,
        "series": series.get(m.series_id) if m.series_id else None,
        "title": m.title,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "place": m.place,
        "status": m.status,
        "classification": m.classification,
        "organisation": names.get(m.organisation_id) if m.organisation_id else None,
    }


def meeting_out(
    m: Meeting, actor: Actor, names: dict[int, str], series: dict[int, str], pages: bool = False
) -> dict:
    return {
        **summary_out(m, names, series),
        "online_url": m.online_url,
        "minutes": m.minutes,
        "minutes_at": m.minutes_at,
        "minutes_by": m.minutes_by,
        "participants": [
            {
                "id": p.id,
                "organisation_id": p.organisation_id,
                "organisation": names.get(p.organisation_id) if p.organisation_id else None,
                "person": p.person,
                "role": p.role,
            }
            for p in m.participants
        ],
        "agenda": [
            {"id": i.id, "position": i.position, "title": i.title, "notes": i.notes, "action_id": i.action_id}
            for i in m.agenda
        ],
        "documents": [
            {
                "id": d.id,
                "title": d.title,
                "filename": d.filename,
                "media_type": d.media_type,
                "size": d.size,
                "sha256": d.sha256,
                "url": f"/api/v1/meetings/{m.id}/documents/{d.id}",
            }
            for d in m.documents
        ],
        "decisions": [
            {"id": d.id, "text": d.text, "agenda_item_id": d.agenda_item_id, "created_at": d.created_at}
            for d in m.decisions
        ],
        "actions": [action_out(a, m, names, actor if pages else None) for a in m.actions],
        "may_edit": may_edit(actor, m.organisation_id),
    }

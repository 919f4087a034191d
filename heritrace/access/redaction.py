"""Field-level redaction: the one place that decides which fields of a readable record an actor sees.

A reader who may read a record but is neither law enforcement nor its originator sees the Object ID
description without the need-to-know fields; a reader who is not signed in sees only the photos marked
publishable.
"""

from __future__ import annotations

from typing import Any

from heritrace.access.policy import may_see_need_to_know
from heritrace.core.actor import Actor
from heritrace.core.i18n import N_

# on the record: personal data of owners/victims and suspects, investigation notes, seized objects' location
NEED_TO_KNOW_FIELDS = ("owner_name", "suspects", "investigation_notes", "current_location", "shared_with")
# on each incident: the police file or INTERPOL reference
NEED_TO_KNOW_INCIDENT_FIELDS = ("reference",)


def sees_need_to_know(actor: Actor, organisation_id: int | None) -> bool:
    """Whether ``actor`` sees the need-to-know fields of a record of ``organisation_id``."""
    return may_see_need_to_know(actor, organisation_id)


def redact_record(actor: Actor, organisation_id: int | None, record: dict[str, Any]) -> dict[str, Any]:
    """Blank the need-to-know fields of a presented record (a dict of its output fields) for ``actor``."""
    if sees_need_to_know(actor, organisation_id):
        return record
    out = {**record, **{k: None for k in NEED_TO_KNOW_FIELDS if k in record}}
    if "shared_with" in record:
        out["shared_with"] = []
    if "incidents" in record:
        out["incidents"] = [
            {**i, **{k: None for k in NEED_TO_KNOW_INCIDENT_FIELDS}} for i in record["incidents"]
        ]
    return out


def photos_for(actor: Actor, organisation_id: int | None, images: list) -> list:
    """The photos ``actor`` may see: the public sees only those marked publishable."""
    if not actor.is_anonymous or (organisation_id is not None and organisation_id == actor.organisation_id):
        return list(images)
    return [img for img in images if img.publishable]


HIDDEN_MATCH_NOTICE = N_("possible match, contact the originating authority")  # translated where shown


def hidden_verdict(verdict: str) -> str:
    """The verdict shown for a hit on a record the reader may not see: that something may match,
    never how strongly (the originating organisation is told instead)."""
    return "none" if verdict == "none" else "possible"

"""Share lists of ``restricted`` records, for the read rule applied to records already in memory."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from heritrace.objects.models import ObjectShare


def share_lists(s: Session, records: Iterable[tuple[int, str]]) -> dict[int, list[int]]:
    """The organisations each ``restricted`` record is shared with, by record primary key, for the
    read rule applied to records already in memory (``access.policy.can_read``). ``records`` are
    (primary key, classification): only a restricted record's share list matters, so only those
    are looked up (none, for most searches)."""
    wanted = sorted({pk for pk, classification in records if classification == "restricted"})
    shares: dict[int, list[int]] = {}
    if not wanted:
        return shares
    rows = s.execute(
        select(ObjectShare.object_id, ObjectShare.organisation_id).where(ObjectShare.object_id.in_(wanted))
    )
    for object_pk, organisation_id in rows:
        shares.setdefault(object_pk, []).append(organisation_id)
    return shares

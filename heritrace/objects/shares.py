"""Share lists of ``restricted`` records, for the read rule applied to records already in memory."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from heritrace.objects.models import ObjectShare


def share_lists(s: Session, object_pks: Iterable[int]) -> dict[int, list[int]]:
    """The organisations each ``restricted`` record is shared with, by record primary key, for the
    read rule applied to records already in memory (``access.policy.can_read``)."""
    wanted = sorted(set(object_pks))
    shares: dict[int, list[int]] = {}
    if not wanted:
        return shares
    rows = s.execute(
        select(ObjectShare.object_id, ObjectShare.organisation_id).where(ObjectShare.object_id.in_(wanted))
    )
    for object_pk, organisation_id in rows:
        shares.setdefault(object_pk, []).append(organisation_id)
    return shares

"""The one enforcement point: every read of classified records goes through ``restrict``.

Rules, by the record's classification:
- ``public``: everyone, the anonymous public included;
- ``partners``: any signed-in member of a partner organisation;
- ``law_enforcement``: law-enforcement actors and the originating organisation;
- ``restricted``: the originating organisation only (and platform administrators).
"""

from __future__ import annotations

from sqlalchemy import Select, false, or_

from heritrace.core.actor import Actor

READ = "read"
WRITE = "write"


def restrict(query: Select, actor: Actor, model, action: str = READ) -> Select:  # noqa: ANN001
    """Filter ``query`` over ``model`` (a table with ``classification`` and ``organisation_id``)
    down to the rows ``actor`` may ``read`` or ``write``."""
    if actor.has_role("platform_admin"):
        return query
    own = model.organisation_id == actor.organisation_id if actor.organisation_id is not None else false()
    if action == WRITE:
        if actor.has_role("registrar") or actor.has_role("org_admin"):
            return query.where(own)
        return query.where(false())
    visible = ["public"]
    if not actor.is_anonymous:
        visible.append("partners")
    if actor.law_enforcement:
        visible.append("law_enforcement")
    return query.where(or_(model.classification.in_(visible), own))


def can_read(actor: Actor, classification: str, organisation_id: int | None) -> bool:
    """The same rule as ``restrict`` for one record already in memory."""
    if actor.has_role("platform_admin"):
        return True
    if organisation_id is not None and organisation_id == actor.organisation_id:
        return True
    if classification == "public":
        return True
    if classification == "partners":
        return not actor.is_anonymous
    return classification == "law_enforcement" and actor.law_enforcement

"""The one enforcement point: every read of classified records goes through ``restrict``.

Rules, by the record's classification (``docs/access.md`` shows them as a table the tests check):
- ``public``: everyone, the anonymous public included;
- ``partners``: signed-in members of a *vetted* partner organisation;
- ``law_enforcement``: law-enforcement actors (police, customs, named authorities; vetted);
- ``restricted``: the originating organisation plus the organisations it named (``object_share``);
- ``inventory``: the holding organisation only, platform administrators included: an inventory
  documents what a museum, church or collector holds, not a loss, and is theirs alone.
The originating organisation always reads and (as registrar or organisation administrator) writes its
own records; platform administrators read everything else.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, false, or_, select

from heritrace.core.actor import WRITER_ROLES, Actor
from heritrace.core.i18n import N_

READ = "read"
WRITE = "write"
CLASSIFICATIONS = ("public", "partners", "law_enforcement", "restricted")
INVENTORY = "inventory"  # never in ``visible_classifications``: its holder reads it as its own


def visible_classifications(actor: Actor) -> list[str]:
    """The classifications ``actor`` reads whoever the record belongs to."""
    visible = ["public"]
    if actor.vetted and not actor.is_anonymous:
        visible.append("partners")
        if actor.law_enforcement:
            visible.append("law_enforcement")
    return visible


def restrict(query: Select, actor: Actor, model, action: str = READ) -> Select:  # noqa: ANN001
    """Filter ``query`` over ``model`` (a table with ``classification`` and ``organisation_id``)
    down to the rows ``actor`` may ``read`` or ``write``."""
    own = model.organisation_id == actor.organisation_id if actor.organisation_id is not None else false()
    if actor.has_role("platform_admin"):
        if _holds_inventories(model):
            return query.where(or_(model.classification != INVENTORY, own))
        return query
    if action == WRITE:
        return query.where(own) if WRITER_ROLES & actor.roles else query.where(false())
    conditions = [model.classification.in_(visible_classifications(actor)), own]
    shares = _shared_with(model, actor)
    if shares is not None:
        conditions.append(shares)
    return query.where(or_(*conditions))


def _holds_inventories(model) -> bool:  # noqa: ANN001
    return getattr(model, "holds_inventories", False)


def _shared_with(model, actor: Actor):  # noqa: ANN001, ANN202
    """``restricted`` records named as shared with the actor's organisation (None: nothing to add).
    The share table names the record in ``object_id`` unless the model says otherwise (``share_key``)."""
    share = getattr(model, "share_model", None)
    if share is None or actor.organisation_id is None:
        return None
    key = getattr(share, getattr(model, "share_key", "object_id"))
    named = select(key).where(share.organisation_id == actor.organisation_id)
    return (model.classification == "restricted") & model.id.in_(named)


def can_read(
    actor: Actor, classification: str, organisation_id: int | None, shared_with: Iterable[int] = ()
) -> bool:
    """The same rule as ``restrict`` for one record already in memory."""
    if organisation_id is not None and organisation_id == actor.organisation_id:
        return True
    if classification == INVENTORY:
        return False
    if actor.has_role("platform_admin"):
        return True
    if classification in visible_classifications(actor):
        return True
    return (
        classification == "restricted"
        and actor.organisation_id is not None
        and (actor.organisation_id in set(shared_with))
    )


NOT_PUBLISHABLE = N_(
    "your organisation is awaiting vetting: its records and alerts cannot be public until the operator "
    "vets it (choose 'partners' or 'restricted')"
)


def may_publish(actor: Actor) -> bool:
    """Whether the actor may make a record or an alert public: members of vetted organisations (and
    the operator); an applicant organisation's word is not yet the register's."""
    return actor.vetted or actor.has_role("platform_admin")


def can_write(actor: Actor, organisation_id: int | None) -> bool:
    """Changing a record: a registrar or organisation administrator of its originating organisation."""
    if actor.has_role("platform_admin"):
        return True
    return (
        bool(WRITER_ROLES & actor.roles)
        and organisation_id is not None
        and (organisation_id == actor.organisation_id)
    )


def may_see_need_to_know(actor: Actor, organisation_id: int | None) -> bool:
    """Personal data, investigation notes, police references, locations of seized objects:
    law enforcement and the originating organisation only."""
    if actor.has_role("platform_admin"):
        return True
    if organisation_id is not None and organisation_id == actor.organisation_id:
        return True
    return actor.law_enforcement and actor.vetted and not actor.is_anonymous

"""A small cast for case-file tests: a requesting museum with its people, another organisation, objects."""

from __future__ import annotations

from dataclasses import dataclass

from heritrace.core.actor import Actor
from heritrace.objects.schemas import ObjectIn
from tests.conftest import Member, add_member, add_organisation

FACTS = {
    "requesting_state": "IT",
    "holding_state": "FR",
    "claim": "stolen",
    "object_categories": ["public_collection"],
    "event_date": "2015-03-01",
    "knowledge_date": "2024-06-01",
    "notification_date": "2024-07-01",
}


@dataclass
class Cast:
    museum: int
    people: dict[str, Member]  # role -> member of the museum
    outsider: Member  # registrar of another (vetted) organisation
    objects: list[str]


def actor(member: Member, roles: list[str]) -> Actor:
    return Actor(
        name=member.username,
        user_id=member.user_id,
        organisation_id=member.organisation_id,
        roles=frozenset(roles),
        vetted=True,
    )


def build_cast(platform, roles=("org_admin", "registrar", "investigator", "analyst")) -> Cast:  # noqa: ANN001
    museum = add_organisation(platform, "Museo Nazionale", "museum")
    people = {r: add_member(platform, f"m-{r}", museum, [r]) for r in roles}
    other = add_organisation(platform, "Musée de Lyon", "museum", country="FR")
    outsider = add_member(platform, "outsider", other, ["registrar"])
    owner = actor(people.get("registrar") or next(iter(people.values())), ["registrar"])
    ids = []
    for n in (1, 2):
        registered = platform.objects.create(
            owner,
            ObjectIn(
                id=f"IT-NA-2015-00{n}",
                type_of_object="painting",
                title=f"Madonna {n}",
                maker="Unknown",
                status="stolen",
                classification="public",
            ),
        )
        ids.append(registered.external_id)  # stored inside the museum's namespace
    return Cast(museum, people, outsider, ids)


def case_body(objects: list[str], **extra) -> dict:  # noqa: ANN003
    body = {
        "title": "Return of two Neapolitan paintings",
        "legal_basis": "eu_directive_2014_60",
        "object_ids": objects,
        "parties": [
            {"role": "requesting_state", "name": "Italian Ministry of Culture", "country": "IT"},
            {"role": "current_possessor", "name": "A gallery in Paris", "country": "FR"},
        ],
        "summary": "Stolen from the Museo Nazionale in 2015, found at a Paris gallery in 2024.",
        **FACTS,
    }
    body.update(extra)
    return body


def walk_to_return(platform, case_id: int, cast: Cast, returned_on) -> None:  # noqa: ANN001
    """Move a case through the procedure to its close, the object arriving home on ``returned_on``."""
    from heritrace.cases.schemas import TransitionIn

    admin = actor(cast.people["org_admin"], ["org_admin"])
    for target in ("object_located", "claim_notified", "bilateral_negotiation", "agreement_or_decision"):
        platform.cases.transition(admin, case_id, TransitionIn(to_state=target, note=target))
    platform.cases.transition(
        admin, case_id, TransitionIn(to_state="return_executed", note="home", returned_on=returned_on)
    )
    platform.cases.transition(admin, case_id, TransitionIn(to_state="closed"))

"""The cast of the consultation tests: a customs office asks, a museum and an institute are experts."""

from __future__ import annotations

from dataclasses import dataclass

from heritrace.consultations.schemas import ExpertiseIn
from tests.conftest import Member, add_member, add_organisation
from tests.members import actor


@dataclass
class Cast:
    officer: Member  # customs (law enforcement): asks
    archaeologist: Member  # museum declaring archaeology: invited by field
    numismatist: Member  # institute named by the officer
    outsider: Member  # another police unit, not invited
    dealer: Member  # market user: may not ask
    museum_admin: Member


def build_cast(platform) -> Cast:  # noqa: ANN001
    customs = add_organisation(platform, "Dogana Civitavecchia", "customs", country="IT")
    bardo = add_organisation(platform, "Musee du Bardo", "museum", country="TN")
    coins = add_organisation(platform, "Institut de numismatique", "research", country="FR")
    police = add_organisation(platform, "Police Lyon", "police", country="FR")
    market = add_organisation(platform, "Antiques Ltd", "market", country="GB")
    admin = add_member(platform, "bardo_admin", bardo, ["org_admin"])
    platform.consultations.declare_expertise(actor(platform, admin), ExpertiseIn(fields=["archaeology"]))
    return Cast(
        officer=add_member(platform, "officer", customs, ["analyst"]),
        archaeologist=add_member(platform, "archaeologist", bardo, ["analyst"]),
        numismatist=add_member(platform, "numismatist", coins, ["analyst"]),
        outsider=add_member(platform, "outsider", police, ["investigator"]),
        dealer=add_member(platform, "dealer", market, ["market_user"]),
        museum_admin=admin,
    )


LAMP = {
    "question": "Is this a Roman oil lamp of North African type?",
    "object_description": "terracotta lamp, 11 cm, red slip, discus with a lion; declared as a souvenir",
    "fields": ["archaeology"],
    "target_hours": 24,
}

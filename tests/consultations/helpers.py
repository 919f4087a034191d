"""The cast of the consultation tests: a customs office asks, a museum and an institute are experts."""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

from heritrace.accounts.models import User
from heritrace.accounts.service import actor_of
from heritrace.consultations.schemas import ExpertiseIn
from heritrace.core.actor import Actor
from heritrace.objects.demo import make_photo
from heritrace.partners.models import Organisation
from tests.conftest import Member, add_member, add_organisation


@dataclass
class Cast:
    officer: Member  # customs (law enforcement): asks
    archaeologist: Member  # museum declaring archaeology: invited by field
    numismatist: Member  # institute named by the officer
    outsider: Member  # another police unit, not invited
    dealer: Member  # market user: may not ask
    museum_admin: Member


def actor(platform, member: Member) -> Actor:  # noqa: ANN001
    with platform.sessions() as s:
        return actor_of(s.get(User, member.user_id), s.get(Organisation, member.organisation_id))


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


def photo_bytes(seed: int = 5) -> bytes:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "lamp.jpg"
        make_photo(random.Random(seed), path)
        return path.read_bytes()


LAMP = {
    "question": "Is this a Roman oil lamp of North African type?",
    "object_description": "terracotta lamp, 11 cm, red slip, discus with a lion; declared as a souvenir",
    "fields": ["archaeology"],
    "target_hours": 24,
}

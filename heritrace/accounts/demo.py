"""Demo partner organisations and one user per role, with fixed passwords printed at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from heritrace.accounts.schemas import UserIn
from heritrace.accounts.service import actor_of
from heritrace.core.actor import SYSTEM, Actor
from heritrace.partners.schemas import ContactPoint, OrganisationIn

DEMO_PASSWORD = "heritrace-demo"  # noqa: S105 - demo mode only, printed on purpose

ORGANISATIONS = [
    ("UNESCO Secretariat", "operator", "FR", True),
    ("Carabinieri TPC (demo)", "police", "IT", True),
    ("Customs Anti-Smuggling Unit (demo)", "customs", "UA", False),
    ("Ministry of Culture (demo)", "national_authority", "UA", True),
    ("Regional Art Museum (demo)", "museum", "UA", False),
    ("Heritage Research Institute (demo)", "research", "DE", False),
    ("Fine Art Auctions (demo)", "market", "GB", False),
]
# username, organisation, roles
USERS = [
    ("admin", "UNESCO Secretariat", ["platform_admin"]),
    ("police", "Carabinieri TPC (demo)", ["investigator", "registrar"]),
    ("customs", "Customs Anti-Smuggling Unit (demo)", ["investigator"]),
    ("ministry", "Ministry of Culture (demo)", ["org_admin", "registrar"]),
    ("museum", "Regional Art Museum (demo)", ["registrar"]),
    ("analyst", "Heritage Research Institute (demo)", ["analyst"]),
    ("dealer", "Fine Art Auctions (demo)", ["market_user"]),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    organisation: str
    roles: list[str]


def create_demo_people(platform) -> tuple[dict[str, int], dict[str, Actor]]:  # noqa: ANN001
    """Organisations (all vetted) and users; returns the organisation ids by name and each user's
    actor by user name."""
    orgs = {}
    for name, kind, country, focal in ORGANISATIONS:
        contact = ContactPoint(name=f"Duty officer, {name}", email="duty@example.org")
        org = platform.partners.create(
            SYSTEM,
            OrganisationIn(
                name=name, kind=kind, country=country, national_focal_point=focal, contact_points=[contact]
            ),
            vetting="vetted",
        )
        orgs[name] = org
    actors = {}
    for username, org, roles in USERS:
        user, _ = platform.accounts.create_user(
            SYSTEM,
            UserIn(
                username=username,
                display_name=username.title(),
                organisation_id=orgs[org].id,
                roles=roles,
                password=DEMO_PASSWORD,
            ),
        )
        actors[username] = actor_of(user, orgs[org])
    return {name: org.id for name, org in orgs.items()}, actors


def demo_logins() -> list[DemoLogin]:
    return [DemoLogin(u, DEMO_PASSWORD, org, roles) for u, org, roles in USERS]

"""The cast of the permission matrix: one user per row of docs/access.md, one record per classification."""

from __future__ import annotations

from dataclasses import dataclass

from heritrace.core.actor import SYSTEM
from heritrace.objects.schemas import ObjectIn
from tests.access.docs_tables import table
from tests.conftest import Member, add_member, add_organisation

CLASSIFICATIONS = ("public", "partners", "law_enforcement", "restricted", "inventory")


@dataclass
class Row:
    principal: str
    organisation: str
    roles: list[str]
    expected: dict[str, str]  # classification -> "R", "RN", "RNW" or "-"


def matrix_rows() -> list[Row]:
    rows = []
    for principal, organisation, roles, *cells in table("permission-matrix"):
        role_list = [] if roles == "(none)" else [r.strip() for r in roles.split(",")]
        rows.append(Row(principal, organisation, role_list, dict(zip(CLASSIFICATIONS, cells, strict=True))))
    return rows


@dataclass
class Cast:
    members: dict[str, Member | None]  # None: the anonymous public
    records: dict[str, str]  # classification -> external id
    secret_word: str


def build_cast(platform) -> Cast:  # noqa: ANN001
    """Organisations and users as the matrix describes them, and the origin's four records."""
    origin = add_organisation(platform, "Origin Museum", "museum")
    shared = None
    members: dict[str, Member | None] = {}
    for row in matrix_rows():
        if row.organisation == "(none)":
            members[row.principal] = None
            continue
        parts = [p.strip() for p in row.organisation.split(",")]
        if "origin" in parts:
            org = origin
        else:
            org = add_organisation(
                platform, f"{row.principal} org", parts[0], vetting=parts[1], named_authority="named" in parts
            )
            if "shared" in parts:
                shared = org
        members[row.principal] = add_member(platform, row.principal, org, row.roles)
    originator = members["originator"]
    records = {c: _register(platform, originator, c, shared) for c in CLASSIFICATIONS}
    return Cast(members, records, "zanzibarite")


def _register(platform, originator: Member, classification: str, shared: int | None) -> str:  # noqa: ANN001
    from heritrace.accounts.models import User
    from heritrace.accounts.service import actor_of
    from heritrace.partners.models import Organisation

    with platform.sessions() as s:
        actor = actor_of(s.get(User, originator.user_id), s.get(Organisation, originator.organisation_id))
    data = ObjectIn(
        id=f"M-{classification}",
        title=f"Zanzibarite reliquary {classification}",
        classification=classification,
        status="held" if classification == "inventory" else "stolen",
        owner_name="Maria Rossi (victim)",
        investigation_notes="suspect seen in Chiasso",
        current_location="evidence room 4",
        shared_with=[shared] if shared and classification == "restricted" else [],
        incident={"type": "theft", "reference": "TPC-BA-2024-77"},
    )
    return platform.objects.create(actor, data).external_id  # inside the originator's namespace


__all__ = ["SYSTEM", "Cast", "build_cast", "matrix_rows", "CLASSIFICATIONS"]

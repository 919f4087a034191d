"""The cast of the meeting tests: a ministry convenes, the police and a museum take part, a customs
office is a vetted partner not invited, a dealer is not vetted."""

from __future__ import annotations

from dataclasses import dataclass

from tests.conftest import Member, add_member, add_organisation


@dataclass
class Cast:
    convener: Member  # registrar of the ministry
    police: Member  # analyst: takes part, owns actions
    museum: Member  # registrar of a museum: takes part
    customs: Member  # vetted partner, not invited
    dealer: Member  # organisation not vetted


def build_cast(platform) -> Cast:  # noqa: ANN001
    ministry = add_organisation(platform, "Ministero della Cultura", "national_authority", country="IT")
    police = add_organisation(platform, "Carabinieri TPC", "police", country="IT")
    museum = add_organisation(platform, "Musee du Louvre", "museum", country="FR")
    customs = add_organisation(platform, "Douane Roissy", "customs", country="FR")
    dealer = add_organisation(platform, "Antiques Ltd", "market", vetting="applied", country="GB")
    return Cast(
        convener=add_member(platform, "secretary", ministry, ["registrar"]),
        police=add_member(platform, "officer", police, ["analyst"]),
        museum=add_member(platform, "curator", museum, ["registrar"]),
        customs=add_member(platform, "inspector", customs, ["analyst"]),
        dealer=add_member(platform, "dealer", dealer, ["registrar"]),
    )

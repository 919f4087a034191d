"""The possessor's claim to compensation and the due-diligence factors the law looks at, kept as data.

Each basis and each factor carries the article and the verification status of its wording in the
legal research notes: ``V`` read in the cited source, ``P`` partly verified, ``U`` not verified. The
product shows ``P`` and ``U`` as such (the page, the API and the summary report), never as settled law.
"""

from __future__ import annotations

from dataclasses import dataclass

from heritrace.core.i18n import N_

STATUS_LABELS = {"V": N_("verified"), "P": N_("partly verified"), "U": N_("unverified wording")}
CLAIM_STATUSES = ("claimed", "agreed", "rejected", "paid")


@dataclass(frozen=True)
class Basis:
    label: str
    wording: str
    status: str


BASES = {
    "unidroit_1995_art4_1": Basis(
        N_("1995 UNIDROIT Convention, Art. 4(1) (stolen objects)"),
        "fair and reasonable compensation, provided that the possessor neither knew nor ought reasonably to "
        "have known that the object was stolen and can prove that it exercised due diligence when acquiring "
        "the object",
        "V",
    ),
    "unidroit_1995_art6_1": Basis(
        N_("1995 UNIDROIT Convention, Art. 6(1) (illegally exported objects)"),
        "fair and reasonable compensation if the possessor neither knew nor ought reasonably to have known "
        "at the time of acquisition that the object had been illegally exported",
        "P",
    ),
    "eu_directive_2014_60_art10": Basis(
        N_("Directive 2014/60/EU, Art. 10"),
        "fair compensation according to the circumstances of the case, provided that the possessor "
        "demonstrates that he exercised due care and attention in acquiring the object",
        "V",
    ),
    "unesco_1970_art7bii": Basis(
        N_("1970 UNESCO Convention, Art. 7(b)(ii)"),
        "the requesting State shall pay just compensation to an innocent purchaser or to a person who has "
        "valid title to that property",
        "V",
    ),
}


@dataclass(frozen=True)
class Source:
    instrument: str
    wording: str
    status: str


@dataclass(frozen=True)
class Factor:
    """One circumstance of the acquisition that a court weighs, with where the law names it."""

    key: str
    label: str
    sources: tuple[Source, ...]


def _u(wording: str, status: str = "U") -> Source:
    return Source("UNIDROIT 1995, Art. 4(4)", wording, status)


def _d(wording: str, status: str = "V") -> Source:
    return Source("Directive 2014/60/EU, Art. 10", wording, status)


FACTORS = (
    Factor(
        "circumstances",
        N_("All the circumstances of the acquisition"),
        (_u("all the circumstances of the acquisition", "P"), _d("all the circumstances of the acquisition")),
    ),
    Factor(
        "character_of_parties",
        N_("Character of the parties"),
        (_u("the character of the parties", "P"), _d("the character of the parties")),
    ),
    Factor("price_paid", N_("Price paid"), (_u("the price paid", "P"), _d("the price paid"))),
    Factor(
        "register_consulted",
        N_("Consultation of registers of stolen cultural objects"),
        (
            _u(
                "whether the possessor consulted any reasonably accessible register of stolen cultural "
                "objects",
                "P",  # the factor is confirmed by a secondary source, its exact wording is not
            ),
            _d("whether the possessor consulted any accessible register of stolen cultural objects"),
        ),
    ),
    Factor(
        "other_information",
        N_("Other relevant information and documentation"),
        (
            _u("any other relevant information and documentation which it could reasonably have obtained"),
            _d("any relevant information which he could reasonably have obtained", "U"),
        ),
    ),
    Factor(
        "agencies_consulted",
        N_("Consultation of accessible agencies"),
        (_u("whether the possessor consulted accessible agencies"),),
    ),
    Factor(
        "other_steps",
        N_("Other steps a reasonable person would have taken"),
        (
            _u("or took any other step that a reasonable person would have taken in the circumstances"),
            _d("or took any other step which a reasonable person would have taken in the circumstances", "U"),
        ),
    ),
    Factor(
        "provenance_documentation",
        N_("Documentation on the object's provenance"),
        (_d("the documentation on the object's provenance"),),
    ),
    Factor(
        "removal_authorisations",
        N_("Authorisations for removal required by the requesting State's law"),
        (_d("the authorisations for removal required under the law of the requesting Member State"),),
    ),
    Factor(
        "export_certificate",
        N_("Export certificate required by the requesting State's law"),
        (
            Source(
                "UNIDROIT 1995, Art. 6(2)",
                "the absence of an export certificate required under the law of the requesting State",
                "V",
            ),
        ),
    ),
)
FACTOR_KEYS = tuple(f.key for f in FACTORS)


def factors_json() -> list[dict]:
    """The factors with their sources and verification status, for the API and the report."""
    return [
        {
            "key": f.key,
            "label": f.label,
            "sources": [
                {"instrument": s.instrument, "wording": s.wording, "status": STATUS_LABELS[s.status]}
                for s in f.sources
            ],
        }
        for f in FACTORS
    ]


def snapshot(claim) -> dict:  # noqa: ANN001 - a CompensationClaim
    """What the audit log keeps of a claim before and after a change."""
    return {
        "id": claim.id,
        "claimant": claim.claimant,
        "basis": claim.basis,
        "amount": claim.amount,
        "currency": claim.currency,
        "status": claim.status,
        "register_checks": claim.register_checks,
        **{k: getattr(claim, k) for k in FACTOR_KEYS},
    }

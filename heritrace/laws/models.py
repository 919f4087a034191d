"""Tables of the law database: instruments, each State's status under them, national laws, export
regimes, the changes national focal points propose, and the history of every fact.

Every fact row carries its ``source`` (citation or address) and ``status`` (V verified, P partly
verified, U unverified) and a ``version`` counted up on each change; the state before each change is
kept in ``law_fact_version``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from heritrace.core.i18n import N_
from heritrace.db.base import Base, utcnow

STATUSES = {"V": N_("verified"), "P": N_("partly verified"), "U": N_("unverified")}
TOPICS = {
    "export_control": N_("export control"),
    "import_control": N_("import control"),
    "ownership_of_archaeological_finds": N_("ownership of archaeological finds"),
    "inventories": N_("inventories"),
    "penalties": N_("penalties"),
    "return_claims": N_("return and restitution claims"),
}
RATIFICATION_KINDS = ("ratification", "accession", "acceptance", "approval", "succession", "membership")
DATE_PRECISIONS = ("day", "month", "year")
# the words pages show for the codes above
RATIFICATION_WORDS = {
    "ratification": N_("ratification"),
    "accession": N_("accession"),
    "acceptance": N_("acceptance"),
    "approval": N_("approval"),
    "succession": N_("succession"),
    "membership": N_("membership"),
}
PRECISION_WORDS = {"day": N_("day"), "month": N_("month"), "year": N_("year")}


class _Fact:
    """Columns every fact shares: where it was read, how sure the reading is, its version."""

    source: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(1), default="U")
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class LegalInstrument(_Fact, Base):
    """A convention, protocol or EU act whose States the database tracks (code e.g. ``UNIDROIT-1995``)."""

    __tablename__ = "legal_instrument"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    short: Mapped[str] = mapped_column(String(120))
    adopted: Mapped[str | None] = mapped_column(String(10), nullable=True)
    in_force: Mapped[str | None] = mapped_column(String(10), nullable=True)
    # whether the list of States is complete (only then does absence mean "not a party")
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    parties_count_json: Mapped[str] = mapped_column(Text, default="[]")
    settings_json: Mapped[str] = mapped_column(Text, default="{}")


class TreatyStatus(_Fact, Base):
    """One State under one instrument: signature, ratification or accession, entry into force,
    withdrawal, declarations (UNIDROIT Art. 3(5), Art. 9 ...); ``party`` None when not known."""

    __tablename__ = "treaty_status"
    __table_args__ = (UniqueConstraint("instrument", "country"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instrument: Mapped[str] = mapped_column(String(40), index=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    party: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    signature: Mapped[str | None] = mapped_column(String(10), nullable=True)
    ratification: Mapped[str | None] = mapped_column(String(10), nullable=True)
    ratification_kind: Mapped[str | None] = mapped_column(String(20), nullable=True)
    entry_into_force: Mapped[str | None] = mapped_column(String(10), nullable=True)
    date_precision: Mapped[str] = mapped_column(String(5), default="day")
    until: Mapped[str | None] = mapped_column(String(10), nullable=True)
    declarations_json: Mapped[str] = mapped_column(Text, default="{}")


class NationalLaw(_Fact, Base):
    """A law or decree of one country: titles, year, official reference, topics."""

    __tablename__ = "national_law"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    title_original: Mapped[str] = mapped_column(Text)
    title_english: Mapped[str | None] = mapped_column(Text, nullable=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    official_reference: Mapped[str | None] = mapped_column(String(300), nullable=True)
    topics_json: Mapped[str] = mapped_column(Text, default="[]")
    url: Mapped[str | None] = mapped_column(Text, nullable=True)


class ExportRegime(_Fact, Base):
    """How a country controls the export of cultural property: categories, thresholds, authority."""

    __tablename__ = "export_regime"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(2), unique=True)
    summary: Mapped[str] = mapped_column(Text)
    categories: Mapped[str | None] = mapped_column(Text, nullable=True)
    thresholds_json: Mapped[str] = mapped_column(Text, default="[]")
    competent_authority: Mapped[str | None] = mapped_column(Text, nullable=True)
    contact: Mapped[str | None] = mapped_column(Text, nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)


class LawChange(Base):
    """A change a national focal point (or the operator) proposes, waiting for the operator's review.

    ``restricted`` to the proposing organisation: ``access.policy.restrict`` shows it to that
    organisation and to platform administrators only."""

    __tablename__ = "law_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    fact_id: Mapped[str | None] = mapped_column(String(60), nullable=True)  # None: a new fact
    country: Mapped[str] = mapped_column(String(2), index=True)
    payload_json: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    classification: Mapped[str] = mapped_column(String(20), default="restricted")
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    proposed_by: Mapped[str] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    review_note: Mapped[str | None] = mapped_column(Text, nullable=True)


class LawFactVersion(Base):
    """A fact as it was after one change (seed, import, accepted proposal): the history."""

    __tablename__ = "law_fact_version"
    __table_args__ = (UniqueConstraint("kind", "fact_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    fact_id: Mapped[str] = mapped_column(String(60), index=True)
    version: Mapped[int] = mapped_column(Integer)
    snapshot_json: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(20))  # seed, import, proposal
    change_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(200))

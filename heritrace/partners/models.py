"""Partner organisations of the network, typed as the network really is."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Connection,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from heritrace.core.i18n import N_
from heritrace.db.base import Base, utcnow
from heritrace.partners import prefixes

ORGANISATION_KINDS = {
    "operator": N_("UNESCO secretariat (platform operator)"),
    "eu_body": N_("EU institution or agency"),
    "igo": N_("intergovernmental organisation"),
    "ngo": N_("non-governmental organisation"),
    "police": N_("specialised police unit"),
    "customs": N_("customs administration"),
    "national_authority": N_("heritage ministry or national authority"),
    "museum": N_("museum or heritage institution"),
    "research": N_("research institute"),
    "market": N_("art-market actor (dealer, auction house, online platform)"),
}
LAW_ENFORCEMENT_KINDS = frozenset({"police", "customs"})
VETTING_STATES = ("applied", "vetted", "suspended")


class Organisation(Base):
    __tablename__ = "organisation"
    __table_args__ = (UniqueConstraint("node_id", "remote_id", name="uq_organisation_node_id_remote_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    # the namespace of the ids its members choose for their records (partners.prefixes)
    id_prefix: Mapped[str] = mapped_column(String(12), unique=True)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    # JSON list of {"name", "email", "phone"}: the people partners may contact
    contact_points: Mapped[str | None] = mapped_column(Text)
    national_focal_point: Mapped[bool] = mapped_column(Boolean, default=False)
    # an authority the operator named as law enforcement although it is neither police nor customs
    named_authority: Mapped[bool] = mapped_column(Boolean, default=False)
    vetting: Mapped[str] = mapped_column(String(20), default="applied")
    # the organisation lets law enforcement search its inventory for the owner of a seized object
    # (each hit is told to it); off until an administrator of the organisation turns it on
    inventory_police_search: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # an organisation of a peer node, known here with the rights this node grants it (vetting, kind):
    # the peer and the organisation's id there
    node_id: Mapped[int | None] = mapped_column(
        ForeignKey("federation_peer.id", ondelete="CASCADE"), nullable=True, index=True
    )
    remote_id: Mapped[int | None] = mapped_column(Integer, nullable=True)

    @property
    def law_enforcement(self) -> bool:
        return self.kind in LAW_ENFORCEMENT_KINDS or self.named_authority


@event.listens_for(Session, "before_flush")
def _give_id_prefixes(session: Session, _context, _instances) -> None:  # noqa: ANN001
    """A new organisation without an id prefix gets one made from its name (partners.prefixes)."""
    new = [o for o in session.new if isinstance(o, Organisation)]
    given = {o.id_prefix for o in new if o.id_prefix}
    unnamed = [o for o in new if not o.id_prefix]
    if not unnamed:
        return
    # read on a connection of its own: the session's unit of work stays a plain write (its declared
    # or undeclared state is the caller's, docs/concurrency.md); the unique constraint has the last word
    bind = session.get_bind()
    with (bind.engine if isinstance(bind, Connection) else bind).connect() as conn:
        for org in unnamed:
            org.id_prefix = prefixes.generate(
                org.name or "", org.country, lambda c: prefixes.code_taken(conn, c), given
            )
            given.add(org.id_prefix)

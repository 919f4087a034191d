"""Tables of the federation: the peers this node's operator agreed with, and the request nonces
already seen (a replayed request is refused)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from heritrace.db.base import Base, utcnow


class Peer(Base):
    """Another Heritrace node: its name, where it answers, and the Ed25519 key its requests carry."""

    __tablename__ = "federation_peer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(63), unique=True)
    base_url: Mapped[str] = mapped_column(String(500))
    key_id: Mapped[str] = mapped_column(String(64), unique=True)
    public_key_pem: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    timeout_s: Mapped[float] = mapped_column(Float, default=5.0)
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    added_by: Mapped[str] = mapped_column(String(200))


class SeenNonce(Base):
    """A nonce of a signed request already accepted from a peer; kept while a signature can be fresh."""

    __tablename__ = "federation_nonce"

    peer_id: Mapped[int] = mapped_column(
        ForeignKey("federation_peer.id", ondelete="CASCADE"), primary_key=True
    )
    nonce: Mapped[str] = mapped_column(String(100), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

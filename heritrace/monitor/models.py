"""Tables of the market monitor: sources, the listings seen (the archive), their photos, screening
hits, evidence packages, review decisions and the log of crawls."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from heritrace.db.base import Base, utcnow

VERDICTS = ("match", "possible")
HIT_STATES = ("open", "dismissed", "escalated")
REVIEW_ACTIONS = ("dismiss", "alert", "consultation", "case")


class MonitorSource(Base):
    """A marketplace watched: its configuration (start URLs, domains, politeness, selectors) as JSON."""

    __tablename__ = "monitor_source"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    config: Mapped[str] = mapped_column(Text)
    interval_minutes: Mapped[int] = mapped_column(Integer, default=1440)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_crawl_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class MonitorListing(Base):
    """A listing page as last seen; ``screened_hash`` is the content hash that was last screened."""

    __tablename__ = "monitor_listing"
    __table_args__ = (UniqueConstraint("source_id", "url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("monitor_source.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    text_hash: Mapped[str] = mapped_column(String(64), index=True)
    screened_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    title: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    price: Mapped[str | None] = mapped_column(String(100), nullable=True)
    currency: Mapped[str | None] = mapped_column(String(10), nullable=True)
    seller: Mapped[str | None] = mapped_column(String(500), nullable=True)
    fields: Mapped[str] = mapped_column(Text, default="{}")
    # re-listings: the first listing seen with the same photo or the same text (itself if none)
    group_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    first_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


def signed_phash(phash: int) -> int:
    """A 64-bit pHash (unsigned) as the signed 64-bit value stored (two's complement)."""
    return phash - (1 << 64) if phash >= 1 << 63 else phash


def unsigned_phash(stored: int) -> int:
    """The stored signed value back as the unsigned 64-bit pHash."""
    return stored & 0xFFFF_FFFF_FFFF_FFFF


class MonitorPhoto(Base):
    """A photo of a listing, kept in the content-addressed image store; ``phash`` is its 64-bit
    perceptual hash stored signed (``signed_phash``), NULL for photos archived before it was kept."""

    __tablename__ = "monitor_photo"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("monitor_listing.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    mime: Mapped[str] = mapped_column(String(50))
    phash: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class MonitorHit(Base):
    """A register object a listing may show: verdict, score and why; dismissed, escalated or open."""

    __tablename__ = "monitor_hit"
    __table_args__ = (
        UniqueConstraint("listing_id", "object_id", "content_hash"),
        Index("ix_monitor_hit_state_score", "state", "score"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("monitor_listing.id", ondelete="CASCADE"), index=True)
    object_id: Mapped[str] = mapped_column(String(200), index=True)  # the register's external id
    content_hash: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(10))
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text, default="{}")
    origin: Mapped[str] = mapped_column(String(10), default="crawl")  # crawl or retro (a new record)
    state: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class MonitorEvidence(Base):
    """A sealed evidence package of a listing: where its files are and the signed manifest."""

    __tablename__ = "monitor_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("monitor_listing.id", ondelete="CASCADE"), index=True)
    folder: Mapped[str] = mapped_column(String(300))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(64))
    captured_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class MonitorReview(Base):
    """An analyst's decision on a hit: dismissed with a reason, or escalated (alert, consultation, case)."""

    __tablename__ = "monitor_review"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hit_id: Mapped[int] = mapped_column(ForeignKey("monitor_hit.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str | None] = mapped_column(String(100), nullable=True)  # alert:1, case:2 ...
    actor: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class MonitorCrawl(Base):
    """One crawl of a source: what it saw (the statistics per source and day read these)."""

    __tablename__ = "monitor_crawl"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("monitor_source.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    listings_seen: Mapped[int] = mapped_column(Integer, default=0)
    listings_new: Mapped[int] = mapped_column(Integer, default=0)
    listings_changed: Mapped[int] = mapped_column(Integer, default=0)
    screened: Mapped[int] = mapped_column(Integer, default=0)
    hits: Mapped[int] = mapped_column(Integer, default=0)
    refused_by_robots: Mapped[int] = mapped_column(Integer, default=0)
    backoffs: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)

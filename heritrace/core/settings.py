"""Typed settings, read from ``HERITRACE_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything an operator can set. Unsafe defaults are refused in production mode."""

    model_config = SettingsConfigDict(env_prefix="HERITRACE_", extra="ignore")

    mode: Literal["dev", "demo", "test", "production"] = "dev"
    data_dir: Path = Field(default=Path("./heritrace-data"), description="SQLite file, images, indexes")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; SQLite in data_dir if unset")
    redis_url: str | None = Field(default=None, description="Redis for the job queue at scale")
    queue_name: str = Field(
        default="heritrace", description="job queue name shared by API and worker processes"
    )
    jobs: Literal["immediate", "background", "queue"] = Field(
        default="background",
        description="'background': the server runs the jobs in its own threads, after the request; "
        "'queue' hands them to `heritrace worker` processes; 'immediate' runs them inside the request "
        "(the default in test mode)",
    )
    photo_embedder: Path | None = Field(default=None, description="optional local image-embedding model file")
    signing_key_path: Path | None = Field(
        default=None, description="Ed25519 certificate key (PEM); data_dir/keys if unset"
    )
    secret_key: str | None = Field(
        default=None,
        description="keys CSRF tokens and session digests; required in production, else generated",
    )
    max_body_bytes: int = Field(
        default=1024 * 1024, gt=0, description="largest request body but uploads (JSON, forms)"
    )
    max_federation_bytes: int = Field(
        default=50 * 1024 * 1024, gt=0, description="largest request body signed by a peer node"
    )
    max_upload_bytes: int = Field(default=30 * 1024 * 1024, gt=0)
    max_attachment_bytes: int = Field(
        default=10 * 1024 * 1024, gt=0, description="largest photo or file attached to a consultation"
    )
    max_import_bytes: int = Field(
        default=200 * 1024 * 1024, gt=0, description="largest register file uploaded on the import page"
    )
    max_image_pixels: int = Field(default=60_000_000, gt=0)
    sqlite_busy_timeout_ms: int = Field(
        default=30000, ge=0, description="how long a SQLite writer waits for its turn before giving up"
    )
    refuse_undeclared_writes: bool = Field(
        default=False,
        description="SQLite: a unit of work that reads and then writes without declaring `writing()` "
        "raises instead of risking 'database is locked' under load (the default in test mode)",
    )
    page_size_max: int = Field(default=200, gt=0)
    page_cache_entries: int = Field(
        default=2000,
        ge=0,
        description="register pages and API answers kept per web process for the anonymous public, "
        "while nothing is written (docs/concurrency.md); 0 turns the cache off",
    )
    smtp_host: str = Field(default="127.0.0.1", description="SMTP server for alert e-mails")
    smtp_port: int = Field(default=25, gt=0, lt=65536)
    smtp_sender: str = Field(default="alerts@heritrace.invalid", description="From: of alert e-mails")
    smtp_timeout_s: float = Field(default=10.0, gt=0)
    webhook_timeout_s: float = Field(default=10.0, gt=0)
    webhook_private_addresses: bool = Field(
        default=False,
        description="let webhooks reach loopback, private and link-local addresses (closed networks, tests)",
    )
    alert_max_attempts: int = Field(default=5, ge=1, description="delivery attempts before 'failed'")
    alert_retry_base_s: float = Field(default=30.0, ge=0, description="first retry delay, doubled each time")
    public_url: str | None = Field(
        default=None,
        description="the node's public base URL (stable record URIs, OAI-PMH); the request's if unset",
    )
    node_name: str = Field(
        default="heritrace",
        pattern=r"^[a-z0-9][a-z0-9.-]{0,62}$",
        description="this node's short name: OAI identifiers (oai:NAME:ID), federation coverage statements",
    )

    @model_validator(mode="after")
    def _empty_means_unset(self) -> Settings:
        self.redis_url = self.redis_url or None
        return self

    @model_validator(mode="after")
    def _tests_run_jobs_at_once(self) -> Settings:
        if self.mode == "test" and "jobs" not in self.model_fields_set:
            self.jobs = "immediate"
        if self.mode == "test" and "refuse_undeclared_writes" not in self.model_fields_set:
            self.refuse_undeclared_writes = True
        return self

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.mode == "production" and not self.secret_key:
            raise ValueError("HERITRACE_SECRET_KEY must be set in production mode")
        if self.secret_key is not None and len(self.secret_key) < 16:
            raise ValueError("HERITRACE_SECRET_KEY must be at least 16 characters")
        # unset (dev, demo, test): the platform generates one and keeps it in data_dir/keys
        return self

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'heritrace.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")

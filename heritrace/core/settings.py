"""Typed settings, read from ``HERITRACE_*`` environment variables."""

from __future__ import annotations

import secrets
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
    jobs: Literal["immediate", "queue"] = Field(
        default="immediate", description="'queue' hands background work to `heritrace worker` processes"
    )
    photo_embedder: Path | None = Field(default=None, description="optional local image-embedding model file")
    signing_key_path: Path | None = Field(
        default=None, description="Ed25519 certificate key (PEM); data_dir/keys if unset"
    )
    secret_key: str | None = Field(default=None, description="signs cookies; required in production")
    max_upload_bytes: int = Field(default=30 * 1024 * 1024, gt=0)
    max_image_pixels: int = Field(default=60_000_000, gt=0)
    sqlite_busy_timeout_ms: int = Field(default=5000, ge=0)
    page_size_max: int = Field(default=200, gt=0)

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.mode == "production" and not self.secret_key:
            raise ValueError("HERITRACE_SECRET_KEY must be set in production mode")
        if self.secret_key is None:
            # dev/demo/test: a per-process key, so sessions never survive a restart by accident
            self.secret_key = secrets.token_urlsafe(32)
        return self

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'heritrace.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")

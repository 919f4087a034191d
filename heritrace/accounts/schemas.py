"""Request and response models of identities: users, sign-in, API tokens."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from heritrace.core.http import UtcDateTime

Role = Literal["platform_admin", "org_admin", "registrar", "investigator", "analyst", "market_user"]
Scope = Literal["read", "write", "identify"]
Username = Annotated[str, StringConstraints(min_length=3, max_length=80, pattern=r"^[a-z0-9][a-z0-9._-]*$")]
Password = Annotated[str, StringConstraints(min_length=12, max_length=256)]


class StrictModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class UserIn(StrictModel):
    username: Username
    display_name: Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
    organisation_id: int = Field(ge=1, le=2_000_000_000)
    roles: list[Role] = Field(min_length=1, max_length=6)
    password: Password
    totp: bool = Field(default=False, description="enrol a TOTP second factor (the secret is returned once)")


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    organisation_id: int
    roles: list[str]
    active: bool
    second_factor: bool
    locked: bool


class UserCreated(UserOut):
    totp_secret: str | None = Field(default=None, description="shown once; enter it in an authenticator app")


class PasswordResetIn(StrictModel):
    password: Password


class TokenIn(StrictModel):
    name: Annotated[str, StringConstraints(min_length=1, max_length=120, strip_whitespace=True)]
    scopes: list[Scope] = Field(min_length=1, max_length=3)
    days: int = Field(default=90, ge=1, le=366)


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_at: UtcDateTime
    expires_at: UtcDateTime
    revoked_at: UtcDateTime | None


class TokenCreated(TokenOut):
    token: str = Field(description="shown once: send it as 'Authorization: Bearer <token>'")


class MeOut(BaseModel):
    name: str
    user_id: int | None
    organisation_id: int | None
    roles: list[str]
    law_enforcement: bool
    vetted: bool
    scopes: list[str] | None

"""REST endpoints of identities: who am I, API tokens, users (administrators)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response

from heritrace.accounts.models import ApiToken, User
from heritrace.accounts.schemas import (
    MeOut,
    PasswordResetIn,
    TokenCreated,
    TokenIn,
    TokenOut,
    UserCreated,
    UserIn,
    UserOut,
)
from heritrace.core.actor import Actor
from heritrace.core.http import error_responses, get_actor, get_platform
from heritrace.db.base import utcnow
from heritrace.platform import Heritrace

router = APIRouter(prefix="/api/v1", tags=["identities"])
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]
Id = Annotated[int, Path(ge=1, le=2_000_000_000)]


@router.get("/me", response_model=MeOut)
def me(actor: CurrentActor) -> MeOut:
    return MeOut(
        name=actor.name,
        user_id=actor.user_id,
        organisation_id=actor.organisation_id,
        roles=sorted(actor.roles),
        law_enforcement=actor.law_enforcement,
        vetted=actor.vetted,
        scopes=sorted(actor.scopes) if actor.scopes is not None else None,
    )


@router.get("/tokens", response_model=list[TokenOut])
def list_tokens(platform: Platform, actor: CurrentActor) -> list[TokenOut]:
    return [token_out(t) for t in platform.accounts.list_tokens(actor)]


@router.post("/tokens", response_model=TokenCreated, status_code=201, responses=error_responses(422))
def create_token(platform: Platform, actor: CurrentActor, body: TokenIn) -> TokenCreated:
    plain, tok = platform.accounts.create_token(actor, body)
    return TokenCreated(**token_out(tok).model_dump(), token=plain)


@router.delete(
    "/tokens/{token_id}", status_code=204, response_class=Response, responses=error_responses(404, 422)
)
def revoke_token(platform: Platform, actor: CurrentActor, token_id: Id) -> Response:
    platform.accounts.revoke_token(actor, token_id)
    return Response(status_code=204)


@router.get("/users", response_model=list[UserOut])
def list_users(platform: Platform, actor: CurrentActor) -> list[UserOut]:
    return [user_out(u) for u in platform.accounts.list_users(actor)]


@router.post("/users", response_model=UserCreated, status_code=201, responses=error_responses(409, 422))
def create_user(platform: Platform, actor: CurrentActor, body: UserIn) -> UserCreated:
    user, secret = platform.accounts.create_user(actor, body)
    return UserCreated(**user_out(user).model_dump(), totp_secret=secret)


@router.post("/users/{user_id}/password", response_model=UserOut, responses=error_responses(404, 422))
def reset_password(platform: Platform, actor: CurrentActor, user_id: Id, body: PasswordResetIn) -> UserOut:
    return user_out(platform.accounts.reset_password(actor, user_id, body.password))


def token_out(tok: ApiToken) -> TokenOut:
    return TokenOut(
        id=tok.id,
        name=tok.name,
        prefix=tok.prefix,
        scopes=tok.scopes.split(","),
        created_at=tok.created_at,
        expires_at=tok.expires_at,
        revoked_at=tok.revoked_at,
    )


def user_out(user: User) -> UserOut:
    return UserOut(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        organisation_id=user.organisation_id,
        roles=sorted(user.role_set),
        active=user.active,
        second_factor=user.totp_secret is not None,
        locked=bool(user.locked_until and user.locked_until > utcnow()),
    )

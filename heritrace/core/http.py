"""Request-level pieces shared by the API and the web pages: the platform, the actor, error bodies."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

from fastapi import Request, Response
from pydantic import AfterValidator, BaseModel

from heritrace.access.errors import Unauthenticated
from heritrace.access.routes import check_route
from heritrace.core.actor import ANONYMOUS, Actor
from heritrace.core.i18n import _

if TYPE_CHECKING:
    from heritrace.platform import Heritrace

SESSION_COOKIE = "heritrace_session"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


# the database keeps naive UTC times; answers say so (RFC 3339 'date-time' needs an offset)
UtcDateTime = Annotated[datetime, AfterValidator(_as_utc)]


class ErrorOut(BaseModel):
    detail: str
    errors: dict[str, str] = {}


def get_platform(request: Request) -> Heritrace:
    return request.app.state.heritrace


def get_actor(request: Request) -> Actor:
    """Who is calling (session cookie or bearer token, else the anonymous public), checked against
    the route's access rule."""
    actor = getattr(request.state, "actor", None)
    if actor is None:
        # stored before the rule check so that an error page still knows who is signed in
        request.state.actor = actor = authenticate(request)
        _remember_language(request, actor)
    route = request.scope.get("route")
    check_route(request.method, getattr(route, "path", request.url.path), actor)
    return actor


def reader_language(request: Request) -> str:
    """The language of what is drawn for the caller (a PDF): the request's ``?lang=``, else the language
    kept on the signed-in user's account (an API token's too), else the request's own (the cookie,
    ``Accept-Language``). Call after ``get_actor``."""
    actor = getattr(request.state, "actor", None)
    chosen = actor.language if actor is not None else None
    return getattr(request.state, "lang_asked", None) or chosen or request.state.lang


def _remember_language(request: Request, actor: Actor) -> None:
    """A signed-in user's ``?lang=`` choice is kept on their account; without one in the request,
    the language they chose earlier is the page's."""
    if actor.user_id is None or actor.session_id is None:
        return
    asked = getattr(request.state, "lang_asked", None)
    if asked and asked != actor.language:
        get_platform(request).accounts.set_language(actor, asked)
    elif not asked and actor.language:
        request.state.lang = actor.language


def authenticate(request: Request) -> Actor:
    platform = get_platform(request)
    request_id = getattr(request.state, "request_id", None)
    header = request.headers.get("authorization")
    if header:
        scheme, _space, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip() or len(token) > 200:
            raise Unauthenticated(_("malformed Authorization header; send 'Bearer <token>'"))
        return replace(platform.accounts.actor_for_token(token.strip()), request_id=request_id)
    cookie = request.cookies.get(SESSION_COOKIE)
    # the API accepts session cookies for reading only: a cross-site form cannot write through it
    if (
        cookie
        and len(cookie) <= 200
        and (not request.url.path.startswith("/api/") or request.method in SAFE_METHODS)
    ):
        actor = platform.accounts.actor_for_session(cookie)
        if actor is not None:
            return replace(actor, request_id=request_id)
    return replace(ANONYMOUS, request_id=request_id)


def opaque_download(data: bytes, filename: str) -> Response:
    """A file served as an opaque download whatever was uploaded: an HTML or SVG file must not run
    in the browser."""
    disposition = f'attachment; filename="{filename.replace(chr(34), "")}"'
    headers = {"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"}
    return Response(data, media_type="application/octet-stream", headers=headers)


def error_responses(*codes: int) -> dict:
    """OpenAPI declarations for the error answers a route can give."""
    text = {
        400: "bad request",
        401: "not signed in, or the token is unknown, expired or revoked",
        403: "not allowed",
        404: "not found",
        409: "conflict",
        413: "too large",
        415: "unsupported media type",
        422: "invalid input",
        429: "too many attempts",
        503: "storage unavailable",
    }
    return {c: {"model": ErrorOut, "description": text[c]} for c in codes}

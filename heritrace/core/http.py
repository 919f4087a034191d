"""Request-level pieces shared by the API and the web pages: the platform, the actor, error bodies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request
from pydantic import BaseModel

from heritrace.core.actor import ANONYMOUS, Actor

if TYPE_CHECKING:
    from heritrace.platform import Heritrace

# Until accounts exist, a non-production instance is operated by the person at the keyboard.
LOCAL_OPERATOR = Actor(name="local operator", roles=frozenset({"platform_admin", "registrar"}),
                       law_enforcement=True)


class ErrorOut(BaseModel):
    detail: str
    errors: dict[str, str] = {}


def get_platform(request: Request) -> Heritrace:
    return request.app.state.heritrace


def get_actor(request: Request) -> Actor:
    actor = getattr(request.state, "actor", None)
    if actor is not None:
        return actor
    if get_platform(request).settings.mode == "production":
        return ANONYMOUS
    return LOCAL_OPERATOR


def error_responses(*codes: int) -> dict:
    """OpenAPI declarations for the error answers a route can give."""
    text = {400: "bad request", 403: "not allowed", 404: "not found", 409: "conflict",
            413: "too large", 415: "unsupported media type", 422: "invalid input",
            503: "storage unavailable"}
    return {c: {"model": ErrorOut, "description": text[c]} for c in codes}

"""Server-rendered pages: template environment, CSRF protection of forms, HTML error pages."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader
from pydantic import ValidationError

from heritrace.core.collation import countries, country_name
from heritrace.core.errors import Forbidden
from heritrace.core.http import SESSION_COOKIE
from heritrace.core.i18n import _, current_locale, ntranslate, text_direction, translate, use_locale
from heritrace.core.labels import labels
from heritrace.core.validation import field_errors
from heritrace.matching.labels import comparison_label, level_label
from heritrace.objects.choices import plain_label
from heritrace.web.language import (
    concept_label,
    format_date,
    format_datetime,
    format_decimal,
    language_links,
)

PACKAGE = Path(__file__).resolve().parent.parent
STATIC_DIR = Path(__file__).parent / "static"
CSRF_COOKIE = "heritrace_csrf"

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.loader = ChoiceLoader(
    [
        FileSystemLoader(str(Path(__file__).parent / "templates")),
        *(FileSystemLoader(str(p)) for p in sorted(PACKAGE.glob("*/templates")) if p.parent.name != "web"),
    ]
)
templates.env.add_extension("jinja2.ext.i18n")
templates.env.install_gettext_callables(translate, ntranslate, newstyle=True)  # type: ignore[attr-defined]


def organisation_kind(kind: str | None) -> str:
    """An organisation's kind in the reader's words."""
    from heritrace.partners.models import ORGANISATION_KINDS

    return translate(ORGANISATION_KINDS[kind]) if kind in ORGANISATION_KINDS else kind or ""


templates.env.filters.update(
    format_date=format_date,
    format_datetime=format_datetime,
    format_decimal=format_decimal,
    label=plain_label,  # a code (status, classification, role, alert kind) in the reader's words
    labels=labels,
    concept=concept_label,  # a vocabulary concept in the reader's language
    country=country_name,  # an ISO 3166 code as the country's name in the reader's language
    organisation_kind=organisation_kind,
    comparison=comparison_label,  # a match explanation's comparison in the reader's words
)
templates.env.globals["level_label"] = level_label  # and its level
templates.env.globals["countries"] = lambda: countries(current_locale())  # for the country pickers


def form_errors(exc: ValidationError) -> dict[str, str]:
    """A form's validation errors by field, for the messages next to the fields."""
    return field_errors(exc.errors())


def wants_html(request: Request) -> bool:
    """An HTML answer for pages; JSON under /api/ and for a client that asks for JSON only."""
    if request.url.path.startswith("/api/"):
        return False
    accept = request.headers.get("accept", "")
    return not ("application/json" in accept and "text/html" not in accept)


def csrf_token(request: Request) -> str:
    """The form token, also set as the CSRF cookie (double submit): a random value and its HMAC under
    the node's secret key, bound to the browser's session, so that a cookie planted from elsewhere
    (a sibling domain) or carried over from another session is not accepted."""
    token = getattr(request.state, "csrf", None) or request.cookies.get(CSRF_COOKIE)
    if not token or not _signed(request, token):
        nonce = secrets.token_urlsafe(18)
        token = f"{nonce}.{_mac(request, nonce)}"
    request.state.csrf = token
    return token


def check_csrf(request: Request, submitted: str | None) -> None:
    cookie = request.cookies.get(CSRF_COOKIE)
    if (
        not cookie
        or not submitted
        or not hmac.compare_digest(cookie.encode(), submitted.encode())
        or not _signed(request, submitted)
    ):
        raise Forbidden(
            _("the form has expired or did not come from this site; reload the page and try again")
        )


def _mac(request: Request, nonce: str) -> str:
    key = request.app.state.heritrace.secret_key
    session = request.cookies.get(SESSION_COOKIE, "")
    message = f"csrf:{nonce}:{hashlib.sha256(session.encode()).hexdigest()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:43]


def _signed(request: Request, token: str) -> bool:
    nonce, _, mac = token.partition(".")
    return (
        bool(nonce) and len(token) <= 200 and hmac.compare_digest(mac.encode(), _mac(request, nonce).encode())
    )


def render(request: Request, template: str, context: dict, status_code: int = 200) -> HTMLResponse:
    token = csrf_token(request)
    lang = getattr(request.state, "lang", None) or current_locale()
    with use_locale(lang):
        language = {
            "lang": lang,
            "dir": text_direction(lang),
            "languages": language_links(request.url.path, request.url.query),
        }
        response = templates.TemplateResponse(
            request,
            template,
            {**context, "csrf_token": token, "nav": _nav(request), "language": language},
            status_code=status_code,
        )
    if request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(
            CSRF_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https"
        )
    return response


def _nav(request: Request) -> dict:
    """What the navigation offers: links only, the routes themselves check every call."""
    actor = getattr(request.state, "actor", None)
    roles = actor.roles if actor is not None else frozenset()
    return {
        "signed_in": actor is not None and not actor.is_anonymous,
        "name": actor.name if actor else "",
        "can_register": bool({"registrar", "org_admin", "platform_admin"} & roles),
        "is_admin": bool({"org_admin", "platform_admin"} & roles),
        "law_enforcement": actor is not None and actor.law_enforcement and actor.vetted,
        "can_monitor": bool({"analyst", "investigator", "platform_admin"} & roles),
    }


def render_error(request: Request, status_code: int, message: str) -> HTMLResponse:
    return render(request, "error.html", {"status_code": status_code, "message": message}, status_code)

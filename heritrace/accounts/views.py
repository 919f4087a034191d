"""Pages of identities: sign-in, sign-out, the user's API tokens, user administration."""

from __future__ import annotations

from typing import Annotated

import pyotp
import segno
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup
from pydantic import ValidationError

from heritrace.access.errors import TooManyAttempts, Unauthenticated
from heritrace.accounts.api import token_out, user_out
from heritrace.accounts.schemas import PasswordResetIn, TokenIn, UserIn
from heritrace.accounts.secrets import new_totp_secret
from heritrace.accounts.service import SESSION_HOURS
from heritrace.core.actor import ROLES, Actor
from heritrace.core.errors import Conflict, Forbidden, ValidationFailed
from heritrace.core.http import SESSION_COOKIE, get_actor, get_platform
from heritrace.core.i18n import _
from heritrace.platform import Heritrace
from heritrace.web.forms import FormFields
from heritrace.web.language import LANG_COOKIE, LANG_COOKIE_AGE
from heritrace.web.pages import check_csrf, form_errors, render

router = APIRouter(include_in_schema=False)
Platform = Annotated[Heritrace, Depends(get_platform)]
CurrentActor = Annotated[Actor, Depends(get_actor)]


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, actor: CurrentActor) -> HTMLResponse:
    return render(request, "accounts/sign_in.html", {"error": None, "username": ""})


@router.post("/sign-in", response_class=HTMLResponse)
def sign_in_submit(request: Request, platform: Platform, actor: CurrentActor, form: FormFields):  # noqa: ANN201
    check_csrf(request, form.get("csrf_token"))
    username = str(form.get("username") or "").strip()[:80]
    try:
        # password hashing is slow on purpose: it runs off the event loop (docs/concurrency.md)
        token, user = platform.accounts.sign_in(
            actor,
            username,
            str(form.get("password") or "")[:256],
            str(form.get("code") or "")[:12] or None,
        )
    except (Unauthenticated, TooManyAttempts, Forbidden) as exc:
        return render(
            request, "accounts/sign_in.html", {"error": exc.message, "username": username}, exc.status_code
        )
    response = RedirectResponse(_safe_next(str(form.get("next") or "")), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=_secure(request, platform),
    )
    if user.language:  # the language the user chose earlier, on this device too
        response.set_cookie(LANG_COOKIE, user.language, max_age=LANG_COOKIE_AGE, samesite="lax")
    return response


@router.post("/sign-out")
def sign_out(request: Request, platform: Platform, actor: CurrentActor, form: FormFields) -> RedirectResponse:
    check_csrf(request, form.get("csrf_token"))
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        platform.accounts.sign_out(actor, cookie)
    response = RedirectResponse("/objects", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    return _account(request, platform, actor, new_token=None, error=None)


@router.post("/account/tokens", response_class=HTMLResponse)
def token_submit(request: Request, platform: Platform, actor: CurrentActor, form: FormFields) -> HTMLResponse:
    check_csrf(request, form.get("csrf_token"))
    try:
        data = TokenIn.model_validate(
            {
                "name": str(form.get("name") or ""),
                "scopes": form.getlist("scopes"),
                "days": int(str(form.get("days") or "90")),
            },
            strict=False,
        )
    except (ValidationError, ValueError) as exc:
        return _account(request, platform, actor, None, f"invalid token request: {exc}", 422)
    plain, _ = platform.accounts.create_token(actor, data)
    return _account(request, platform, actor, new_token=plain, error=None)


@router.post("/account/tokens/{token_id}/revoke")
def token_revoke(
    request: Request, platform: Platform, actor: CurrentActor, token_id: int, form: FormFields
) -> RedirectResponse:
    check_csrf(request, form.get("csrf_token"))
    platform.accounts.revoke_token(actor, token_id)
    return RedirectResponse("/account", status_code=303)


@router.post("/account/password", response_class=HTMLResponse)
def own_password_submit(
    request: Request, platform: Platform, actor: CurrentActor, form: FormFields
) -> HTMLResponse:
    check_csrf(request, form.get("csrf_token"))
    new = str(form.get("new_password") or "")
    try:
        if new != str(form.get("confirm_password") or ""):
            raise ValidationFailed({"confirm_password": _("the two new passwords differ")})
        platform.accounts.change_password(actor, str(form.get("current_password") or ""), new)
    except ValidationFailed as exc:
        return _account(request, platform, actor, None, None, 422, field_errors=exc.errors)
    return _account(request, platform, actor, None, None, notice=_("Your password has been changed."))


@router.post("/account/second-factor", response_class=HTMLResponse)
def second_factor_submit(
    request: Request, platform: Platform, actor: CurrentActor, form: FormFields
) -> HTMLResponse:
    """Without a code: a new secret and its QR code to scan. With one: the secret is enrolled."""
    check_csrf(request, form.get("csrf_token"))
    secret = str(form.get("secret") or "")
    if not form.get("code"):
        if platform.accounts.has_second_factor(actor):
            return _account(request, platform, actor, None, "a second factor is already enrolled", 409)
        return _account(request, platform, actor, None, None, enrol=new_totp_secret())
    try:
        platform.accounts.enrol_second_factor(actor, secret, str(form.get("code")))
    except ValidationFailed as exc:
        return _account(request, platform, actor, None, None, 422, field_errors=exc.errors, enrol=secret)
    return _account(request, platform, actor, None, None, notice=_("Your second factor is enrolled."))


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, platform: Platform, actor: CurrentActor) -> HTMLResponse:
    return _users(request, platform, actor, {})


@router.post("/admin/users", response_class=HTMLResponse)
def user_submit(request: Request, platform: Platform, actor: CurrentActor, form: FormFields) -> HTMLResponse:
    check_csrf(request, form.get("csrf_token"))
    try:
        data = UserIn.model_validate(
            {
                "username": str(form.get("username") or ""),
                "display_name": str(form.get("display_name") or ""),
                "organisation_id": int(str(form.get("organisation_id") or "0") or 0),
                "roles": form.getlist("roles"),
                "password": str(form.get("password") or ""),
                "totp": form.get("totp") is not None,
            },
            strict=False,
        )
        user, secret = platform.accounts.create_user(actor, data)  # hashes: on this worker thread
    except ValidationError as exc:
        return _users(request, platform, actor, {"error": ValidationFailed(form_errors(exc)).message}, 422)
    except (ValidationFailed, Conflict) as exc:
        return _users(request, platform, actor, {"error": exc.message}, 422)
    except ValueError:
        return _users(request, platform, actor, {"error": _("invalid input")}, 422)
    return _users(request, platform, actor, {"created": user.username, "totp_secret": secret})


@router.post("/admin/users/{user_id}/password", response_class=HTMLResponse)
def password_submit(
    request: Request, platform: Platform, actor: CurrentActor, user_id: int, form: FormFields
) -> HTMLResponse:
    check_csrf(request, form.get("csrf_token"))
    try:
        data = PasswordResetIn(password=str(form.get("password") or ""))
    except ValidationError:
        return _users(request, platform, actor, {"error": _("a password has 12 to 256 characters")}, 422)
    user = platform.accounts.reset_password(actor, user_id, data.password)
    return _users(request, platform, actor, {"reset": user.username})


def _account(
    request: Request,
    platform: Heritrace,
    actor: Actor,
    new_token: str | None,
    error: str | None,
    status_code: int = 200,
    field_errors: dict | None = None,
    notice: str | None = None,
    enrol: str | None = None,
) -> HTMLResponse:
    tokens = [token_out(t) for t in platform.accounts.list_tokens(actor)]
    enrolment = None
    if enrol:
        uri = pyotp.TOTP(enrol).provisioning_uri(name=actor.name, issuer_name="Heritrace")
        enrolment = {
            "secret": enrol,
            "uri": uri,
            "qr_svg": Markup(segno.make(uri, error="m").svg_inline(scale=4)),
        }
    return render(
        request,
        "accounts/account.html",
        {
            "tokens": tokens,
            "new_token": new_token,
            "error": error,
            "errors": field_errors or {},
            "notice": notice,
            "enrolment": enrolment,
            "second_factor": platform.accounts.has_second_factor(actor),
        },
        status_code,
    )


def _users(
    request: Request, platform: Heritrace, actor: Actor, notice: dict, status_code: int = 200
) -> HTMLResponse:
    users = [user_out(u) for u in platform.accounts.list_users(actor)]
    orgs = platform.partners.directory(actor)
    return render(
        request, "accounts/users.html", {"users": users, "roles": ROLES, "orgs": orgs, **notice}, status_code
    )


def _safe_next(target: str) -> str:
    # only local paths: a crafted link must not send a freshly signed-in user to another site
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/objects"


def _secure(request: Request, platform: Heritrace) -> bool:
    return request.url.scheme == "https" or platform.settings.mode == "production"

"""Use cases of identities: users, sign-in and sign-out, sessions, API tokens. Every change is audited."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cached_property
from typing import NoReturn

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from heritrace.access.errors import TooManyAttempts, Unauthenticated
from heritrace.accounts.models import ApiToken, SignInAttempt, User, UserSession
from heritrace.accounts.schemas import TokenIn, UserIn
from heritrace.accounts.secrets import (
    new_token,
    new_totp_secret,
    password_hasher,
    session_digest,
    token_digest,
    totp_step,
    verify_password,
)
from heritrace.audit.service import AuditLog
from heritrace.core.actor import ADMIN_ROLES, SECOND_FACTOR_ROLES, Actor
from heritrace.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from heritrace.core.i18n import N_, _, supported
from heritrace.core.settings import Settings
from heritrace.db.base import utcnow
from heritrace.db.engine import writing
from heritrace.partners.models import Organisation

MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 12
FORGET_DAYS = 30  # failures under user names that no account has are forgotten after this
_FAILED = N_("wrong user name, password or second-factor code")
_LOCKED = N_("too many failed attempts; try again after %(n)s minutes")


class AccountService:
    def __init__(self, sessions: sessionmaker[Session], settings: Settings, secret_key: bytes):
        self.sessions = sessions
        self.settings = settings
        self.secret_key = secret_key

    @cached_property
    def hasher(self):  # noqa: ANN201
        return password_hasher(self.settings)

    @cached_property
    def _dummy_hash(self) -> str:
        return self.hasher.hash("not a real password, only for timing")

    # -- users -------------------------------------------------------------------------------------

    def create_user(self, actor: Actor, data: UserIn) -> tuple[User, str | None]:
        """Create a user; returns the TOTP secret (shown once) when a second factor was enrolled."""
        _require_user_admin(actor, data.organisation_id, set(data.roles))
        needs_factor = bool(SECOND_FACTOR_ROLES & set(data.roles)) and self.settings.mode != "demo"
        secret = new_totp_secret() if data.totp or needs_factor else None
        hashed = self.hasher.hash(data.password)  # slow on purpose: before the write transaction
        with writing(), self.sessions() as s:
            if s.get(Organisation, data.organisation_id) is None:
                raise ValidationFailed({"organisation_id": f"no organisation with id {data.organisation_id}"})
            if s.scalar(select(User.id).where(User.username == data.username)) is not None:
                raise Conflict(_("the user name '%(name)s' is taken", name=data.username))
            user = User(
                username=data.username,
                display_name=data.display_name,
                organisation_id=data.organisation_id,
                roles=",".join(sorted(set(data.roles))),
                password_hash=hashed,
                totp_secret=secret,
            )
            s.add(user)
            _flush_or_conflict(s, f"the user name '{data.username}' is taken")
            AuditLog(s).record(actor, "create", "user", str(user.id), after=user_snapshot(user))
            s.commit()
            return user, secret

    def list_users(self, actor: Actor) -> list[User]:
        query = select(User).order_by(User.username)
        if not actor.has_role("platform_admin"):
            if not actor.has_role("org_admin"):
                raise Forbidden(_("only administrators may list users"))
            query = query.where(User.organisation_id == actor.organisation_id)
        with self.sessions() as s:
            return list(s.scalars(query))

    def reset_password(self, actor: Actor, user_id: int, password: str) -> User:
        """An administrator sets a new password: lock-out cleared, the user's sessions and API tokens
        ended."""
        hashed = self.hasher.hash(password)  # slow on purpose: before the write transaction
        with writing(), self.sessions() as s:
            user = s.get(User, user_id)
            if user is None or not _may_administer(actor, user.organisation_id, user.role_set):
                raise NotFound(_("no user %(id)s", id=user_id))
            user.password_hash = hashed
            user.failed_sign_ins, user.locked_until = 0, None
            for open_session in s.scalars(
                select(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
            ):
                open_session.ended_at = utcnow()
            # a new password ends every credential the old one could have made: API tokens too
            revoked = []
            for token in s.scalars(
                select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            ):
                token.revoked_at = utcnow()
                revoked.append(token.id)
            AuditLog(s).record(
                actor, "reset_password", "user", str(user.id), after={"tokens_revoked": revoked}
            )
            s.commit()
            return user

    def change_password(self, actor: Actor, current: str, new: str) -> None:
        """A user changes their own password: the current one is asked, the new one must differ."""
        errors = {}
        if len(new) < 12 or len(new) > 256:
            errors["new_password"] = _("a password has 12 to 256 characters")
        elif new == current:
            errors["new_password"] = _("choose a password different from the current one")
        with self.sessions() as s:
            stored = (
                s.scalar(select(User.password_hash).where(User.id == actor.user_id))
                if actor.user_id
                else None
            )
        if stored is None:
            raise Forbidden(_("only a signed-in user can change a password"))
        # the slow hashes are computed before the write transaction, so that writers never queue behind them
        if not verify_password(self.hasher, stored, current):
            errors["current_password"] = _("this is not your current password")
        if errors:
            raise ValidationFailed(errors)
        hashed = self.hasher.hash(new)
        with writing(), self.sessions() as s:
            user = s.get(User, actor.user_id)
            if user is None or user.password_hash != stored:
                raise Conflict(_("the password was changed meanwhile; sign in again"))
            user.password_hash = hashed
            # the API tokens the old password could have made end with it, as on a reset
            revoked = []
            for token in s.scalars(
                select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            ):
                token.revoked_at = utcnow()
                revoked.append(token.id)
            AuditLog(s).record(
                actor, "change_password", "user", str(user.id), after={"tokens_revoked": revoked}
            )
            s.commit()

    def has_second_factor(self, actor: Actor) -> bool:
        with self.sessions() as s:
            user = s.get(User, actor.user_id) if actor.user_id else None
            return bool(user and user.totp_secret)

    def enrol_second_factor(self, actor: Actor, secret: str, code: str) -> None:
        """Store a TOTP secret once the user proves, with a code, that their app holds it."""
        step = totp_step(secret, code) if 16 <= len(secret) <= 64 and secret.isalnum() else None
        if step is None:
            raise ValidationFailed(
                {"code": _("the code does not match; scan the QR code again and enter a fresh code")}
            )
        with writing(), self.sessions() as s:
            user = s.get(User, actor.user_id) if actor.user_id else None
            if user is None:
                raise Forbidden(_("only a signed-in user can enrol a second factor"))
            if user.totp_secret:
                # a session alone must not replace the factor that protects the account
                raise ValidationFailed(
                    {"code": _("a second factor is already enrolled; an administrator can reset it")}
                )
            user.totp_secret = secret
            AuditLog(s).record(actor, "enrol_second_factor", "user", str(user.id))
            s.commit()

    # -- signing in and out ------------------------------------------------------------------------

    def sign_in(
        self, actor: Actor, username: str, password: str, code: str | None = None
    ) -> tuple[str, User]:
        """Check the credentials; returns a new session token. Failures are counted and audited,
        under a user name that no account has exactly as under one that exists (same answers, same
        lock-out, same work), so that the answers do not tell which user names exist."""
        name = username[:80]
        # the slow hash is checked before the write transaction, so that writers never queue behind
        # it (the same work whether or not the user exists, locked or not)
        with self.sessions() as s:
            stored = s.scalar(select(User.password_hash).where(User.username == name))
        checked = verify_password(self.hasher, stored or self._dummy_hash, password)
        password_ok = checked and stored is not None
        with writing(), self.sessions() as s:
            user = s.scalar(select(User).where(User.username == name))
            now = utcnow()
            if user is None:
                self._unknown_user(s, actor, name, now)
            if user.locked_until and user.locked_until > now:
                AuditLog(s).record(actor, "sign_in_locked", "user", str(user.id))
                s.commit()
                raise TooManyAttempts(_(_LOCKED, n=LOCK_MINUTES))
            if not password_ok or user.password_hash != stored:
                self._count_failure(s, actor, user, "wrong password")
            if user.totp_secret:
                step = totp_step(user.totp_secret, code, after=user.totp_last_step)
                if step is None:
                    self._count_failure(s, actor, user, "wrong or already used second-factor code")
                user.totp_last_step = step
            self._check_may_sign_in(s, actor, user)
            token = new_token("hts")
            user.failed_sign_ins, user.locked_until = 0, None
            s.add(
                UserSession(
                    token_hash=session_digest(self.secret_key, token),
                    user_id=user.id,
                    expires_at=now + timedelta(hours=SESSION_HOURS),
                )
            )
            AuditLog(s).record(_user_actor(actor, user), "sign_in", "user", str(user.id))
            s.commit()
            return token, user

    def _unknown_user(self, s: Session, actor: Actor, name: str, now: datetime) -> NoReturn:
        """A failure under a user name no account has: counted and locked like an account's."""
        s.execute(delete(SignInAttempt).where(SignInAttempt.updated_at < now - timedelta(days=FORGET_DAYS)))
        attempt = s.get(SignInAttempt, name)
        if attempt is not None and attempt.locked_until and attempt.locked_until > now:
            AuditLog(s).record(actor, "sign_in_locked", "user", name)
            s.commit()
            raise TooManyAttempts(_(_LOCKED, n=LOCK_MINUTES))
        if attempt is None:
            attempt = SignInAttempt(username=name, failed_sign_ins=0)
            s.add(attempt)
        attempt.failed_sign_ins += 1
        attempt.updated_at = now
        if attempt.failed_sign_ins >= MAX_FAILURES:
            attempt.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        try:
            self._refuse(s, actor, name, "unknown user")
        except IntegrityError:  # the same unknown name tried twice at once: one of them is counted
            s.rollback()
            raise Unauthenticated(_(_FAILED)) from None

    def _check_may_sign_in(self, s: Session, actor: Actor, user: User) -> None:
        org = s.get(Organisation, user.organisation_id)
        problem = None
        if not user.active or org is None or org.vetting == "suspended":
            problem = N_("this account or its organisation is suspended")
        elif not user.totp_secret and SECOND_FACTOR_ROLES & user.role_set and self.settings.mode != "demo":
            problem = N_("this role needs a second factor; ask your administrator to enrol one")
        if problem:
            AuditLog(s).record(actor, "sign_in_refused", "user", str(user.id), after={"reason": problem})
            s.commit()
            raise Forbidden(_(problem))

    def _count_failure(self, s: Session, actor: Actor, user: User, reason: str) -> NoReturn:
        user.failed_sign_ins += 1
        if user.failed_sign_ins >= MAX_FAILURES:
            user.locked_until = utcnow() + timedelta(minutes=LOCK_MINUTES)
        self._refuse(s, actor, str(user.id), reason)

    def _refuse(self, s: Session, actor: Actor, who: str, reason: str) -> NoReturn:
        AuditLog(s).record(actor, "sign_in_failed", "user", who[:120], after={"reason": reason})
        s.commit()
        raise Unauthenticated(_(_FAILED))

    def set_language(self, actor: Actor, language: str) -> None:
        """Keep the interface language a signed-in user chose on their account (audited)."""
        if actor.user_id is None or supported(language) != language:
            return
        with writing(), self.sessions() as s:
            user = s.get(User, actor.user_id)
            if user is None or user.language == language:
                return
            before = {"language": user.language}
            user.language = language
            AuditLog(s).record(
                actor, "set_language", "user", str(user.id), before=before, after={"language": language}
            )
            s.commit()

    def sign_out(self, actor: Actor, session_token: str) -> None:
        with writing(), self.sessions() as s:
            row = s.scalar(
                select(UserSession).where(
                    UserSession.token_hash == session_digest(self.secret_key, session_token)
                )
            )
            if row is None or row.ended_at is not None:
                return
            row.ended_at = utcnow()
            AuditLog(s).record(actor, "sign_out", "user", str(row.user_id))
            s.commit()

    # -- resolving credentials to actors -----------------------------------------------------------

    def actor_for_session(self, session_token: str) -> Actor | None:
        """The signed-in user of a session cookie; None when the session is unknown, over or suspended."""
        with self.sessions() as s:
            row = s.execute(
                select(UserSession, User, Organisation)
                .join(User, User.id == UserSession.user_id)
                .join(Organisation, Organisation.id == User.organisation_id)
                .where(UserSession.token_hash == session_digest(self.secret_key, session_token))
            ).first()
        if row is None:
            return None
        sess, user, org = row
        if sess.ended_at or sess.expires_at <= utcnow() or not user.active or org.vetting == "suspended":
            return None
        return actor_of(user, org, session_id=str(sess.id))

    def actor_for_token(self, token: str) -> Actor:
        """The API client of a bearer token: 401 when unknown, expired or revoked; 403 when suspended."""
        with self.sessions() as s:
            row = s.execute(
                select(ApiToken, User, Organisation)
                .join(User, User.id == ApiToken.user_id)
                .join(Organisation, Organisation.id == User.organisation_id)
                .where(ApiToken.token_hash == token_digest(token))
            ).first()
        if row is None:
            raise Unauthenticated(_("unknown API token"))
        tok, user, org = row
        if tok.revoked_at is not None or tok.expires_at <= utcnow():
            raise Unauthenticated(_("this API token was revoked or has expired"))
        if not user.active or org.vetting == "suspended":
            raise Forbidden(_("the account or organisation of this API token is suspended"))
        return actor_of(user, org, scopes=frozenset(tok.scopes.split(",")))

    # -- API tokens --------------------------------------------------------------------------------

    def create_token(self, actor: Actor, data: TokenIn) -> tuple[str, ApiToken]:
        """A new token for the acting user; the plain token is returned once and never stored."""
        if actor.user_id is None:
            raise Forbidden(_("only a signed-in user can create API tokens"))
        scopes = sorted(set(data.scopes))
        if actor.scopes is not None and not set(scopes) <= actor.scopes:
            raise Forbidden(_("a token cannot grant scopes its creator's credential does not have"))
        plain = new_token("ht")
        with writing(), self.sessions() as s:
            tok = ApiToken(
                user_id=actor.user_id,
                name=data.name,
                token_hash=token_digest(plain),
                prefix=plain[:10],
                scopes=",".join(scopes),
                expires_at=utcnow() + timedelta(days=data.days),
            )
            s.add(tok)
            s.flush()
            AuditLog(s).record(
                actor,
                "create",
                "api_token",
                str(tok.id),
                after={"name": tok.name, "scopes": scopes, "expires_at": tok.expires_at},
            )
            s.commit()
            return plain, tok

    def list_tokens(self, actor: Actor) -> list[ApiToken]:
        if actor.user_id is None:
            return []
        with self.sessions() as s:
            return list(
                s.scalars(
                    select(ApiToken).where(ApiToken.user_id == actor.user_id).order_by(ApiToken.id.desc())
                )
            )

    def revoke_token(self, actor: Actor, token_id: int) -> ApiToken:
        with writing(), self.sessions() as s:
            tok = s.get(ApiToken, token_id)
            if tok is None or (tok.user_id != actor.user_id and not actor.has_role("platform_admin")):
                raise NotFound(_("no API token %(id)s", id=token_id))
            if tok.revoked_at is None:
                tok.revoked_at = utcnow()
                AuditLog(s).record(actor, "revoke", "api_token", str(tok.id))
                s.commit()
            return tok

    def count_users(self) -> int:
        with self.sessions() as s:
            return int(s.scalar(select(func.count()).select_from(User)) or 0)


def current_actor(s: Session, user_id: int) -> Actor | None:
    """The actor a user acts as now, for work done later on their behalf (a queued import); None
    when the account or its organisation is deactivated or suspended."""
    user = s.get(User, user_id)
    org = s.get(Organisation, user.organisation_id) if user and user.organisation_id else None
    if user is None or org is None or not user.active or org.vetting == "suspended":
        return None
    return actor_of(user, org)


def actor_of(
    user: User, org: Organisation, scopes: frozenset[str] | None = None, session_id: str | None = None
) -> Actor:
    """The actor a user acts as: rights come from the roles and from the organisation's vetting."""
    vetted = org.vetting == "vetted"
    return Actor(
        name=user.username,
        user_id=user.id,
        organisation_id=org.id,
        roles=user.role_set,
        law_enforcement=vetted and org.law_enforcement,
        vetted=vetted,
        scopes=scopes,
        session_id=session_id,
        language=user.language,
    )


def _user_actor(request_actor: Actor, user: User) -> Actor:
    return Actor(
        name=user.username,
        user_id=user.id,
        organisation_id=user.organisation_id,
        roles=user.role_set,
        request_id=request_actor.request_id,
    )


def _may_administer(actor: Actor, organisation_id: int, roles: set[str] | frozenset[str]) -> bool:
    if actor.has_role("platform_admin"):
        return True
    return (
        actor.has_role("org_admin")
        and actor.organisation_id == organisation_id
        and "platform_admin" not in roles
    )


def _require_user_admin(actor: Actor, organisation_id: int, roles: set[str]) -> None:
    if not ADMIN_ROLES & actor.roles:
        raise Forbidden(_("only administrators may manage users"))
    if not _may_administer(actor, organisation_id, roles):
        raise Forbidden(_("an organisation administrator manages only its own organisation's users"))


def _flush_or_conflict(s: Session, message: str) -> None:
    try:
        s.flush()
    except IntegrityError:
        s.rollback()
        raise Conflict(message) from None


def user_snapshot(user: User) -> dict:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "organisation_id": user.organisation_id,
        "roles": sorted(user.role_set),
        "second_factor": user.totp_secret is not None,
    }

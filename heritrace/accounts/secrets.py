"""Password hashing (argon2id), random credentials and TOTP checks."""

from __future__ import annotations

import hashlib
import secrets
import threading

import pyotp
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from heritrace.core.settings import Settings

MIN_PASSWORD = 12
MAX_PASSWORD = 256


def password_hasher(settings: Settings) -> OneAtATime:
    """argon2id with the library's (OWASP-level) parameters; test mode uses cheap ones so suites stay fast."""
    if settings.mode == "test":
        return OneAtATime(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID))
    return OneAtATime(PasswordHasher(type=Type.ID))


class OneAtATime:
    """A password hasher used by one thread of the process at a time. argon2 is slow on purpose and
    runs its four lanes on every core: a flood of sign-ins (wrong passwords) then waits in line instead
    of taking the CPU from every other request (docs/concurrency.md)."""

    def __init__(self, hasher: PasswordHasher):
        self._hasher = hasher
        self._turn = threading.Lock()

    def hash(self, password: str) -> str:
        with self._turn:
            return self._hasher.hash(password)

    def verify(self, stored: str, password: str) -> bool:
        with self._turn:
            return self._hasher.verify(stored, password)


def verify_password(hasher: PasswordHasher | OneAtATime, stored: str, password: str) -> bool:
    try:
        return hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def token_digest(token: str) -> str:
    # tokens carry 256 random bits: a fast hash suffices (no dictionary to attack)
    return hashlib.sha256(token.encode()).hexdigest()


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_ok(secret: str, code: str | None) -> bool:
    if not code or not code.strip().isdigit():
        return False
    return pyotp.TOTP(secret).verify(code.strip(), valid_window=1)

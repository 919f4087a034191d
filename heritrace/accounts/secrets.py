"""Password hashing (argon2id), random credentials and TOTP checks."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

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


def session_digest(key: bytes, token: str) -> str:
    """What the server keeps of a session token: its HMAC under the node's secret key, so that a copy
    of the database alone can neither recognise nor forge a session cookie."""
    return hmac.new(key, b"session:" + token.encode(), hashlib.sha256).hexdigest()


def stored_secret(path: Path) -> bytes:
    """A random key kept in ``path`` (created once, readable by the owner only)."""
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48).encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_ok(secret: str, code: str | None) -> bool:
    return totp_step(secret, code) is not None


def totp_step(
    secret: str, code: str | None, after: int | None = None, now: float | None = None
) -> int | None:
    """The 30-second step whose code ``code`` is (the current one or a neighbour, for clock drift),
    provided it comes after ``after``, the step of the last code accepted: a code is good once only,
    and an older code of the window is not good after a newer one was used. None: refused."""
    if not code or not code.strip().isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(datetime.fromtimestamp(time.time() if now is None else now, UTC))
    for step in (current - 1, current, current + 1):
        if (after is None or step > after) and hmac.compare_digest(totp.generate_otp(step), code.strip()):
            return step
    return None

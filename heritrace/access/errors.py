"""Answers of the access layer that the core errors do not cover."""

from __future__ import annotations

from heritrace.core.errors import DomainError


class Unauthenticated(DomainError):
    """No valid credential: sign in or send a valid bearer token."""

    status_code = 401


class TooManyAttempts(DomainError):
    """Sign-in refused for a while after repeated failures."""

    status_code = 429

"""Domain errors. The API, web and CLI layers turn them into 4xx answers, form messages or report lines."""

from __future__ import annotations

from heritrace.core.i18n import current_locale, gettext


class DomainError(Exception):
    """Base class: a request that cannot be carried out, with a message fit for the user."""

    status_code = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationFailed(DomainError):
    """Input rejected; ``errors`` maps field names to messages."""

    status_code = 422

    def __init__(self, errors: dict[str, str], message: str | None = None):
        message = gettext("invalid input") if message is None else message
        super().__init__(message + ": " + "; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class NotFound(DomainError):
    status_code = 404


class Forbidden(DomainError):
    status_code = 403


class Conflict(DomainError):
    status_code = 409


class TooLarge(ValidationFailed):
    """An upload over its size limit (``errors`` names the field); nothing of it is stored."""

    status_code = 413


class StorageUnavailable(DomainError):
    """The database is locked, gone or unreachable."""

    status_code = 503


def over_limit(filename: str | None, limit: int, *, nothing_stored: bool = False) -> str:
    """The field message of an upload over its size limit, in the reader's language; with
    ``nothing_stored``, the sentence also says that nothing of the upload was kept."""
    from babel.numbers import format_decimal

    values = {
        "file": filename or gettext("the file"),
        "limit": format_decimal(limit, locale=current_locale()),
    }
    if nothing_stored:
        return gettext("%(file)s is over the %(limit)s-byte limit; nothing was stored", **values)
    return gettext("%(file)s is over the %(limit)s-byte limit", **values)

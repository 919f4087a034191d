"""Input validation errors (pydantic's) as field messages in the reader's language.

Pydantic writes its messages in English ("String should have at most 200 characters"); forms and the
API's ``errors`` show the message of each error's type in the reader's language instead, with the
limits of the error's context. A type without a message here keeps pydantic's words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from heritrace.core.i18n import N_, gettext, ngettext

_PLAIN = {
    "missing": N_("this field is required"),
    "int_parsing": N_("a whole number is expected"),
    "int_type": N_("a whole number is expected"),
    "int_from_float": N_("a whole number is expected"),
    "float_parsing": N_("a number is expected"),
    "float_type": N_("a number is expected"),
    "decimal_parsing": N_("a number is expected"),
    "bool_parsing": N_("yes or no is expected"),
    "bool_type": N_("yes or no is expected"),
    "date_parsing": N_("a date is expected (YYYY-MM-DD)"),
    "date_from_datetime_parsing": N_("a date is expected (YYYY-MM-DD)"),
    "date_type": N_("a date is expected (YYYY-MM-DD)"),
    "datetime_parsing": N_("a date and time is expected"),
    "datetime_from_date_parsing": N_("a date and time is expected"),
    "string_type": N_("text is expected"),
    "list_type": N_("a list is expected"),
    "url_parsing": N_("a web address is expected (https://...)"),
    "url_scheme": N_("a web address is expected (https://...)"),
    "value_error": N_("this value is not valid"),
    "string_pattern_mismatch": N_("this value does not have the expected form"),
    "json_invalid": N_("the request body is not valid JSON"),
    "model_attributes_type": N_("an object with named fields is expected"),
    "dict_type": N_("an object with named fields is expected"),
    "extra_forbidden": N_("this field is not expected here"),
}


def error_message(error: Mapping[str, Any]) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) in the reader's language."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "string_too_long":
        return ngettext("at most %(num)s character", "at most %(num)s characters", int(ctx["max_length"]))
    if kind == "string_too_short":
        return ngettext("at least %(num)s character", "at least %(num)s characters", int(ctx["min_length"]))
    if kind == "too_long":
        return ngettext("at most %(num)s item", "at most %(num)s items", int(ctx["max_length"]))
    if kind == "too_short":
        return ngettext("at least %(num)s item", "at least %(num)s items", int(ctx["min_length"]))
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return _bound(kind, ctx)
    if kind in ("literal_error", "enum"):
        return gettext("one of: %(choices)s", choices=ctx.get("expected", ""))
    if kind == "value_error" and ctx.get("error"):
        # our own validators raise ValueError with a message marked for translation
        return gettext(str(ctx["error"]))
    if kind in _PLAIN:
        return gettext(_PLAIN[kind])
    return str(error.get("msg", ""))


def _bound(kind: str, ctx: Mapping[str, Any]) -> str:
    words = {
        "greater_than_equal": (N_("at least %(limit)s"), "ge"),
        "greater_than": (N_("more than %(limit)s"), "gt"),
        "less_than_equal": (N_("at most %(limit)s"), "le"),
        "less_than": (N_("less than %(limit)s"), "lt"),
    }
    message, key = words[kind]
    return gettext(message, limit=ctx.get(key, ""))


def field_errors(
    errors: Iterable[Mapping[str, Any]], skip: tuple[str, ...] = (), whole: str = "form"
) -> dict[str, str]:
    """Errors by field (``incident.date``; ``whole`` for the input as a whole), in the reader's language;
    the parts of a field's path in ``skip`` (``body``) are left out."""
    out: dict[str, str] = {}
    for e in errors:
        where = ".".join(str(p) for p in e.get("loc", ()) if p not in skip) or whole
        out.setdefault(where, error_message(e))
    return out

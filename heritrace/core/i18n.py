"""Interface language: the one place that turns a message meant for people into the reader's language.

Code and templates mark every message meant for people:

* Python: ``from heritrace.core.i18n import _, ngettext, N_`` and ``_("Register an object")``;
  constants defined at import time are marked with ``N_("...")`` (kept as written) and translated
  where they are shown, with ``_(constant)``.
* Templates: ``{{ _("Register an object") }}``, ``{{ ngettext("%(num)d record", "%(num)d records", n) }}``
  or ``{% trans %}...{% endtrans %}`` (the ``jinja2.ext.i18n`` extension, new-style gettext).

The language of the current request or command is held in a context variable (``use_locale``); the
message catalogues behind ``gettext`` are the interface-language work of ``heritrace/locale``.
Register content is never translated: it stays in the language it was written in.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

DEFAULT_LOCALE = "en"
_locale: ContextVar[str] = ContextVar("heritrace_locale", default=DEFAULT_LOCALE)


def current_locale() -> str:
    return _locale.get()


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    token = _locale.set(locale or DEFAULT_LOCALE)
    try:
        yield
    finally:
        _locale.reset(token)


def gettext(message: str, **variables: object) -> str:
    """``message`` in the current language, with ``%(name)s`` variables filled in when given."""
    return message % variables if variables else message


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    """The singular or plural form for ``n`` in the current language; ``%(num)d`` is ``n``."""
    text = singular if n == 1 else plural
    return text % {"num": n, **variables}


def N_(message: str) -> str:  # noqa: N802 (the gettext convention for "mark, translate later")
    return message


_ = gettext

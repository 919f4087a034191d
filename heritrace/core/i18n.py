"""Interface language: the one place that turns a message meant for people into the reader's language.

Code and templates mark every message meant for people:

* Python: ``from heritrace.core.i18n import _, ngettext, N_`` and ``_("Register an object")``;
  constants defined at import time are marked with ``N_("...")`` (kept as written) and translated
  where they are shown, with ``_(constant)``.
* Templates: ``{{ _("Register an object") }}``, ``{{ ngettext("%(num)d record", "%(num)d records", n) }}``
  or ``{% trans %}...{% endtrans %}`` (the ``jinja2.ext.i18n`` extension, new-style gettext).

The language of the current request or command is held in a context variable (``use_locale``). The
message catalogues are the gettext ``.po`` files of ``heritrace/locale/<lang>/LC_MESSAGES/messages.po``
(``make messages`` extracts and updates them, see docs/i18n.md); they are compiled in memory by Babel
the first time a language is used, so that a checkout needs no build step and no generated ``.mo``
file is kept. Register content is never translated: it stays in the language it was written in.
"""

from __future__ import annotations

import gettext as _gettext
import io
import json
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_LOCALE = "en"
# the interface languages, in the order the language switch offers them (English is the source)
LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ar", "ru", "uk")
RTL_LANGUAGES = frozenset({"ar"})
# each language in its own words, for the language switch
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ar": "العربية",
    "ru": "Русский",
    "uk": "Українська",
}
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"

_locale: ContextVar[str] = ContextVar("heritrace_locale", default=DEFAULT_LOCALE)
_catalogues: dict[str, _gettext.NullTranslations] = {}
_lock = threading.Lock()


def current_locale() -> str:
    return _locale.get()


def text_direction(locale: str | None = None) -> str:
    """``rtl`` for a right-to-left language, else ``ltr`` (the ``dir`` of ``<html>``)."""
    return "rtl" if (locale or current_locale()) in RTL_LANGUAGES else "ltr"


def supported(locale: str | None) -> str | None:
    """``locale`` as one of LANGUAGES ('fr-CA' and 'FR' give 'fr'), or None when it is not one."""
    if not locale:
        return None
    base = locale.strip().replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


@contextmanager
def use_locale(locale: str | None) -> Iterator[None]:
    token = _locale.set(supported(locale) or DEFAULT_LOCALE)
    try:
        yield
    finally:
        _locale.reset(token)


def environment_locale(environ: Mapping[str, str] | None = None) -> str:
    """The language of a command run from a shell: ``HERITRACE_LANG`` when it names an interface
    language, else the POSIX locale of messages (the first of ``LC_ALL``, ``LC_MESSAGES`` and
    ``LANG`` that is set, e.g. ``fr_FR.UTF-8``), else English (also for ``C`` and ``POSIX``)."""
    env = os.environ if environ is None else environ
    chosen = supported(env.get("HERITRACE_LANG"))
    if chosen:
        return chosen
    posix = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), None)
    return supported(posix) or DEFAULT_LOCALE


def country_language(country: str | None) -> str | None:
    """The interface language of a country's systems: its first official language that Heritrace
    speaks (CLDR's list, in order of use: Switzerland and Belgium French, Canada English, Ukraine
    Ukrainian); None (English) when it speaks none of them or no country is known."""
    if not country:
        return None
    from babel.languages import get_official_languages

    for language in get_official_languages(country.strip().upper(), de_facto=True):
        if language in LANGUAGES:
            return None if language == DEFAULT_LOCALE else language
    return None


def catalogue_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations(locale: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``locale`` (English, the source language, has none)."""
    found = _catalogues.get(locale)
    if found is not None:
        return found
    with _lock:
        if locale not in _catalogues:
            _catalogues[locale] = _load(locale)
        return _catalogues[locale]


def _load(locale: str) -> _gettext.NullTranslations:
    path = catalogue_path(locale)
    if locale == DEFAULT_LOCALE or not path.exists():
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        catalog = read_po(f, locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)  # a fuzzy (unchecked) translation is never shown
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def gettext(message: str, **variables: object) -> str:
    """``message`` in the current language, with ``%(name)s`` variables filled in when given."""
    text = translate(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    """The singular or plural form for ``n`` in the current language; ``%(num)d`` is ``n``."""
    return ntranslate(singular, plural, n) % {"num": n, **variables}


def translate(message: str) -> str:
    """``message`` in the current language, unformatted (the templates' gettext fills in variables)."""
    locale = current_locale()
    return message if locale == DEFAULT_LOCALE or not message else translations(locale).gettext(message)


def ntranslate(singular: str, plural: str, n: int) -> str:
    """The form for ``n`` in the current language, unformatted (the templates' ngettext)."""
    locale = current_locale()
    if locale == DEFAULT_LOCALE:
        return singular if n == 1 else plural
    return translations(locale).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 (the gettext convention for "mark, translate later")
    return message


_ = gettext


def pair(name: str, value: object) -> str:
    """``name: value`` as the reader's language writes it ('Titre : ...' in French)."""
    return gettext("%(label)s: %(value)s", label=name, value=value)


@dataclass(frozen=True)
class Message:
    """A message kept to be written later in its reader's language: a notice is stored once and read
    by people of different languages. ``text`` is the English message (marked with ``N_``), ``params``
    its variables; a variable may itself be a Message (a verdict or a status in plain words). Stored as
    JSON (``to_json``); ``str()`` is the message in the current language."""

    text: str
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        variables = {k: str(v) if isinstance(v, Message) else v for k, v in self.params.items()}
        return gettext(self.text, **variables) if variables else translate(self.text)

    def to_json(self) -> list:
        return [self.text, {k: v.to_json() if isinstance(v, Message) else v for k, v in self.params.items()}]

    @classmethod
    def from_json(cls, data: list) -> Message:
        text, params = data
        return cls(text, {k: cls.from_json(v) if isinstance(v, list) else v for k, v in params.items()})

    def english(self) -> str:
        with use_locale(DEFAULT_LOCALE):
            return str(self)


def english(text: str | Message) -> str:
    """A text or a Message as English (what is stored as the notice's own text, for the audit)."""
    return text.english() if isinstance(text, Message) else text


def messages_json(**parts: str | Message) -> str | None:
    """The parts that are Messages as one JSON object (a notice's ``message`` column), or None."""
    kept = {k: v.to_json() for k, v in parts.items() if isinstance(v, Message)}
    return json.dumps(kept, ensure_ascii=False) if kept else None


def shown(message: str | None, part: str, as_written: str) -> str:
    """One part of a notice in the reader's language when its message was kept, else as written."""
    parts = json.loads(message) if message else {}
    return str(Message.from_json(parts[part])) if part in parts else as_written

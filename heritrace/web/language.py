"""The reader's language: ``?lang=xx`` (remembered in a cookie), else the cookie, else the browser's
``Accept-Language``, else English. A signed-in user's choice is also kept on their account
(``AccountService.set_language``) and restored at sign-in. Dates and numbers are written the way the
reader's language writes them (Babel, CLDR data)."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import parse_qs, urlencode

from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.numbers import format_decimal as _format_decimal
from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from heritrace.core.asgi import HttpMiddleware
from heritrace.core.i18n import DEFAULT_LOCALE, LANGUAGES, current_locale, supported, use_locale

LANG_COOKIE = "heritrace_lang"
LANG_COOKIE_AGE = 365 * 24 * 3600


def accepted_language(header: str | None) -> str | None:
    """The first of LANGUAGES that an ``Accept-Language`` header asks for, by its q-values."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:30]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0 and tag:
            ranked.append((-q, position, tag))
    for _q, _p, tag in sorted(ranked):
        found = supported(tag)
        if found:
            return found
        if tag.strip() == "*":
            return DEFAULT_LOCALE
    return None


def choose_language(query_lang: str | None, cookie: str | None, accept: str | None) -> str:
    return supported(query_lang) or supported(cookie) or accepted_language(accept) or DEFAULT_LOCALE


class LanguageMiddleware(HttpMiddleware):
    """Sets the language of each request (``request.state.lang`` and the i18n context variable) and
    remembers a ``?lang=`` choice in a cookie."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        asked = supported((query.get("lang") or [None])[0])
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        cookie = _cookie(headers.get("cookie", ""), LANG_COOKIE)
        lang = choose_language(asked, cookie, headers.get("accept-language"))
        scope.setdefault("state", {})["lang"] = lang
        scope["state"]["lang_asked"] = asked

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and asked and asked != cookie:
                response_headers = MutableHeaders(scope=message)
                response_headers.append(
                    "set-cookie", f"{LANG_COOKIE}={asked}; Max-Age={LANG_COOKIE_AGE}; Path=/; SameSite=Lax"
                )
            await send(message)

        with use_locale(lang):
            await self.app(scope, receive, send_with_cookie)


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def language_links(path: str, query: str) -> list[dict]:
    """The language switch: this page in each language (its other query parameters kept)."""
    params = [(k, v) for k, vs in parse_qs(query).items() if k != "lang" for v in vs]
    from heritrace.core.i18n import LANGUAGE_NAMES

    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES[code],
            "href": f"{path}?{urlencode([*params, ('lang', code)])}",
            "current": code == current_locale(),
        }
        for code in LANGUAGES
    ]


def format_date(value: date | datetime | str | None, format: str = "medium") -> str:  # noqa: A002
    """A date as the reader's language writes it ('7 déc. 2026', '07.12.2026'); text is kept as is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = value.date()
    return _format_date(value, format=format, locale=current_locale())


def format_datetime(value: datetime | None, format: str = "medium") -> str:  # noqa: A002
    if value is None:
        return ""
    return _format_datetime(value, format=format, locale=current_locale())


def format_decimal(value: float | int | None, format: str | None = None) -> str:  # noqa: A002
    """A number with the reader's decimal sign and grouping ('1 234,5' in French)."""
    if value is None:
        return ""
    return _format_decimal(value, format=format, locale=current_locale())


def concept_label(concept: object) -> str:
    """A vocabulary concept (its id, or anything with ``id`` and ``label``) in the reader's language:
    the vocabulary has labels in nine languages, English where one is missing."""
    from heritrace.vocab import get_vocabulary

    concept_id = concept if isinstance(concept, str) else getattr(concept, "id", None)
    found = get_vocabulary().get(concept_id) if concept_id else None
    if found is None:
        return getattr(concept, "label", concept_id or "")
    return found.label(current_locale())

"""Choosing the interface language: ?lang=, the cookie, the signed-in user's choice, Accept-Language;
<html lang dir>; dates, numbers and vocabulary labels in the reader's language."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from heritrace.accounts.models import User
from heritrace.app import create_app
from heritrace.audit.models import AuditEntry
from heritrace.core.i18n import _, ngettext, use_locale
from heritrace.web.language import (
    LANG_COOKIE,
    accepted_language,
    choose_language,
    concept_label,
    format_date,
    format_decimal,
)
from tests.access.test_accounts import sign_in


@pytest.fixture
def web(platform):  # noqa: ANN001
    with TestClient(create_app(platform=platform)) as c:
        yield c


def html_tag(page) -> str:  # noqa: ANN001
    return re.search(r"<html[^>]*>", page.text).group(0)


def test_accept_language_is_read_by_its_weights():
    assert accepted_language("de-DE,de;q=0.9,fr;q=0.8,en;q=0.5") == "fr"
    assert accepted_language("en;q=0.2, ar-EG;q=0.9") == "ar"
    assert accepted_language("uk-UA") == "uk"
    assert accepted_language("de, it") is None
    assert accepted_language("ru;q=0, es") == "es"
    assert accepted_language("") is None


def test_query_beats_cookie_beats_accept_language():
    assert choose_language("es", "fr", "ru") == "es"
    assert choose_language(None, "fr", "ru") == "fr"
    assert choose_language("xx", None, "ru") == "ru"
    assert choose_language(None, "zz", "de") == "en"


def test_messages_and_plurals_in_each_language():
    with use_locale("fr"):
        assert _("Sign in") == "Se connecter"
        assert ngettext("%(num)s object", "%(num)s objects", 2) == "2 objets"
    with use_locale("ru"):
        assert ngettext("%(num)s object", "%(num)s objects", 3) == "3 предмета"
        assert ngettext("%(num)s object", "%(num)s objects", 5) == "5 предметов"
        assert ngettext("%(num)s object", "%(num)s objects", 21) == "21 предмет"
    with use_locale("uk"):
        assert _("Register an object") == "Зареєструвати предмет"
    assert _("Sign in") == "Sign in"  # outside any request: English


def test_dates_numbers_and_vocabulary_in_the_readers_language():
    with use_locale("fr"):
        assert format_date(date(2026, 3, 7)) == "7 mars 2026"
        assert format_decimal(1234.5) == "1\u202f234,5"
        assert concept_label("icon") == "icône"
    with use_locale("de"):  # not an interface language: English
        assert format_date(datetime(2026, 3, 7, 10)) == "Mar 7, 2026"
    with use_locale("ar"):
        assert concept_label("icon") == "أيقونة"
    with use_locale("ru"):
        assert format_decimal(1234.5) == "1\xa0234,5"


def test_lang_parameter_sets_page_language_and_cookie(web):  # noqa: ANN001
    page = web.get("/objects?lang=fr")
    assert html_tag(page) == '<html lang="fr" dir="ltr">'
    assert "Registre des objets volés et disparus" in page.text
    assert page.cookies.get(LANG_COOKIE) == "fr"
    # the cookie keeps it on the next page, whatever the browser asks for
    again = web.get("/sign-in", headers={"Accept-Language": "es"})
    assert html_tag(again) == '<html lang="fr" dir="ltr">'
    assert "Se connecter" in again.text and ">Sign in<" not in again.text


def test_arabic_is_right_to_left(web):  # noqa: ANN001
    page = web.get("/alerts/public?lang=ar")
    assert html_tag(page) == '<html lang="ar" dir="rtl">'
    assert "التنبيهات العامة" in page.text


def test_accept_language_for_anonymous_visitors(platform):  # noqa: ANN001
    with TestClient(create_app(platform=platform)) as c:
        page = c.get("/objects", headers={"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"})
        assert html_tag(page) == '<html lang="uk" dir="ltr">'
        assert "Реєстр викрадених і зниклих предметів" in page.text
        assert LANG_COOKIE not in page.cookies  # nothing chosen, nothing remembered
        english = c.get("/objects", headers={"Accept-Language": "de-DE"})
        assert html_tag(english) == '<html lang="en" dir="ltr">'


def test_language_switch_links_keep_the_page(web):  # noqa: ANN001
    page = web.get("/objects?q=icon&lang=es")
    switch = re.search(r'<nav class="languages".*?</nav>', page.text, re.S).group(0)
    for code in ("en", "fr", "es", "ar", "ru", "uk"):
        assert f"/objects?q=icon&amp;lang={code}" in switch
    assert 'hreflang="es" aria-current="true"' in switch


def test_error_pages_and_form_errors_are_translated(web):  # noqa: ANN001
    page = web.get("/objects/NO-SUCH-RECORD?lang=es")
    assert page.status_code == 404
    assert "No encontrado" in page.text and "Volver al registro" in page.text


def test_signed_in_users_choice_is_kept_on_their_account(platform, registrar):  # noqa: ANN001
    with TestClient(create_app(platform=platform)) as first:
        assert sign_in(first, registrar.username, registrar.password).status_code == 303
        page = first.get("/objects?lang=uk")
        assert html_tag(page) == '<html lang="uk" dir="ltr">'
    with platform.sessions() as s:
        assert s.get(User, registrar.user_id).language == "uk"
        audited = s.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "set_language", AuditEntry.entity_id == str(registrar.user_id)
            )
        ).all()
        assert len(audited) == 1
    # another browser, which asks for English: the user's choice follows them at sign-in
    with TestClient(create_app(platform=platform), headers={"Accept-Language": "en"}) as second:
        response = sign_in(second, registrar.username, registrar.password)
        assert response.cookies.get(LANG_COOKIE) == "uk"
        page = second.get("/objects")
        assert html_tag(page) == '<html lang="uk" dir="ltr">'
        assert "Вийти" in page.text  # sign out


def test_api_answers_stay_english_without_a_language(client):  # noqa: ANN001
    # machine clients that ask for nothing get the source language
    r = client.get("/api/v1/objects/NO-SUCH")
    assert r.status_code == 404
    assert re.fullmatch(r"[ -~]+", r.json()["detail"])


def test_sign_in_refusal_in_the_readers_language(web, registrar):  # noqa: ANN001
    web.get("/sign-in?lang=ru")
    page = sign_in(web, registrar.username, "not the password")
    assert page.status_code == 401
    assert "неверное имя пользователя, пароль или код второго фактора" in page.text

"""Field errors of forms and of the API in the reader's language (docs/i18n.md)."""

from __future__ import annotations

from heritrace.core.i18n import use_locale
from heritrace.core.validation import error_message
from tests.usability.helpers import csrf

EMPTY_FORM = {"id": "", "title": "", "type_of_object": "", "status": "stolen", "classification": "public"}


def test_the_register_form_says_what_is_wrong_in_arabic(platform, client):  # noqa: ANN001
    form = {
        **EMPTY_FORM,
        "csrf_token": csrf(client, "/objects/new?lang=ar"),
        "id": "bad id with spaces",  # pydantic's own check
        "country": "Atlantis",  # the register's check
        "measurements": "90000 x 60 cm",  # absurd
    }
    r = client.post("/objects/new?lang=ar", data=form, follow_redirects=False)
    assert r.status_code == 422
    assert '<html lang="ar" dir="rtl"' in r.text
    assert "صِف القطعة بحيث يمكن التعرّف عليها" in r.text  # title and description: too little to recognise it
    assert "قل ما نوع القطعة" in r.text  # type of object
    assert "&#39;Atlantis&#39; ليس بلدًا" in r.text or "'Atlantis' ليس بلدًا" in r.text
    assert "ارتفاع مستحيل" in r.text  # the absurd height, named in Arabic
    assert "هذه القيمة ليست بالشكل المتوقع" in r.text  # the id's pattern
    for english in ("describe the object so that", "is not a country", "absurd", "String should"):
        assert english not in r.text, english


def test_api_errors_follow_accept_language(client):  # noqa: ANN001
    r = client.post(
        "/api/v1/objects",
        json={"id": "FR-1", "title": "x" * 1001, "country": "Atlantis"},
        headers={"Accept-Language": "fr"},
    )
    assert r.status_code == 422
    body = r.json()
    assert body["errors"]["title"] == "au plus 1000 caractères"
    assert body["detail"].startswith("entrée non valide")
    r = client.post(
        "/api/v1/objects",
        json={"id": "FR-2", "title": "Bol", "country": "Atlantis"},
        headers={"Accept-Language": "fr"},
    )
    assert r.json()["errors"]["country"].startswith("« Atlantis » n'est pas un pays")
    # no Accept-Language: English, as before
    r = client.post("/api/v1/objects", json={"id": "EN-1", "title": "Bowl", "country": "Atlantis"})
    assert "is not a country" in r.json()["errors"]["country"]


def test_pydantic_errors_by_type_with_their_limits():
    with use_locale("ru"):
        assert error_message({"type": "missing"}) == "это поле обязательно"
        assert error_message({"type": "string_too_long", "ctx": {"max_length": 5}}) == "не более 5 символов"
        assert error_message({"type": "less_than_equal", "ctx": {"le": 10}}) == "не более 10"
    with use_locale("uk"):
        assert error_message({"type": "int_parsing"}) == "очікується ціле число"
    assert error_message({"type": "something_new", "msg": "pydantic's words"}) == "pydantic's words"

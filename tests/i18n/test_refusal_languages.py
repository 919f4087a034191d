"""The refusals of every package of the platform (4xx answers, form messages) in the reader's language
(docs/i18n.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import heritrace
from heritrace.core import errors
from heritrace.core.actor import SYSTEM
from heritrace.core.errors import DomainError, NotFound, over_limit
from heritrace.core.i18n import use_locale

PACKAGE = Path(heritrace.__file__).parent
# every package of the platform (the guard once covered seven; the others had English refusals left),
# and "." for the modules beside them (platform.py)
SERVICES = (".", *sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()))


def _refusal_classes() -> set[str]:
    """The refusals of ``core/errors.py`` and every class of the platform derived from one of them
    (``Unauthenticated``, ``FactsError``, a handler's own ``PayloadTooLarge``...), by name."""
    names = {name for name, value in vars(errors).items() if isinstance(value, type)}
    names = {name for name in names if issubclass(getattr(errors, name), DomainError)}
    classes = [
        node
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
    ]
    while derived := {c.name for c in classes if {getattr(b, "id", None) for b in c.bases} & names} - names:
        names |= derived
    return names


# and a photo's refusal: its reason reaches the reader inside "photo rejected" answers and import reports
REFUSALS = _refusal_classes() | {"ImageRejected"}


def _plain_texts(node: ast.AST) -> list[ast.AST]:
    """The literal strings of a refusal's message: a string, an f-string, or the values of a dict of
    field messages (a message marked for translation is a call, ``_("...")``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) or isinstance(node, ast.JoinedStr):
        return [node]
    if isinstance(node, ast.Dict):
        return [v for v in node.values if v is not None and _plain_texts(v)]
    if isinstance(node, ast.DictComp):
        return _plain_texts(node.value)
    if isinstance(node, ast.Subscript):  # "..."[:300]
        return _plain_texts(node.value)
    return []


def _untranslated(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in REFUSALS:
            for arg in [*node.args, *(k.value for k in node.keywords if k.arg == "message")]:
                found += [f"{path.name}:{n.lineno}" for n in _plain_texts(arg)]
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Subscript) and getattr(t.value, "id", None) == "errors" for t in node.targets
        ):
            found += [f"{path.name}:{n.lineno}" for n in _plain_texts(node.value)]
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_no_refusal_is_written_in_english_only(service: str):
    """Every refusal raised by the service's code goes through gettext: a literal text or an f-string
    in a ``NotFound(...)``, a field message of ``ValidationFailed({...})`` or ``errors[...] = "..."``
    would reach every reader in English."""
    found = [hit for path in sorted((PACKAGE / service).glob("*.py")) for hit in _untranslated(path)]
    assert found == []


def test_the_guard_finds_an_english_refusal(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'raise NotFound(f"no thing {n}")\nraise ValidationFailed({"file": "too big"})\n'
        'errors["x"] = "bad"\nraise Conflict(_("translated"))\nraise Unauthenticated("sign in")\n'
    )
    assert sorted(_untranslated(sample)) == ["sample.py:1", "sample.py:2", "sample.py:3", "sample.py:5"]


@pytest.mark.parametrize(
    ("lang", "path", "expected", "english"),
    [
        ("fr", "/api/v1/alerts/987654", "aucune alerte 987654", "no alert"),
        (
            "es",
            "/api/v1/library/987654",
            "no hay ningún documento de la biblioteca 987654",
            "no library document",
        ),
        ("ar", "/api/v1/training/courses/987654", "لا توجد دورة 987654", "no course"),
        ("ru", "/api/v1/meetings/987654", "нет доступного вам совещания 987654", "no meeting"),
        (
            "uk",
            "/api/v1/training/events/987654",
            "немає доступного вам навчального заходу 987654",
            "no training",
        ),
        ("fr", "/api/v1/meeting-series/987654", "aucune série de réunions 987654", "no meeting series"),
    ],
)
def test_api_not_found_follows_accept_language(client, lang, path, expected, english):  # noqa: ANN001
    r = client.get(path, headers={"Accept-Language": lang})
    assert r.status_code == 404
    assert expected in r.json()["detail"]
    assert english not in r.json()["detail"]
    # without Accept-Language the API answers in English, as before
    assert english in client.get(path).json()["detail"]


def test_alert_field_errors_in_french(client):  # noqa: ANN001
    alert = {
        "type": "theft_or_loss",
        "title": "Vol au musée",
        "audience": "countries",
        "object_ids": ["NO-SUCH-1"],
    }
    r = client.post("/api/v1/alerts", json=alert, headers={"Accept-Language": "fr"})
    assert r.status_code == 422
    body = r.json()
    assert body["errors"]["audience_values"] == "indiquez les pays auxquels l'alerte est destinée"
    assert body["errors"]["object_ids"] == "aucune fiche du registre NO-SUCH-1"
    assert "the alert is for" not in r.text and "no register record" not in r.text


@pytest.mark.parametrize(
    ("lang", "service", "method", "expected"),
    [
        ("uk", "monitor", "hit", "немає доступного вам збігу 987654"),
        ("ru", "meetings", "action", "нет доступного вам действия 987654"),
        ("fr", "cases", "get", "aucun dossier 987654 que vous puissiez lire"),
        ("es", "consultations", "get", "no hay ninguna consulta 987654 que pueda leer"),
        ("uk", "imports", "get", "немає імпорту 987654"),
        (None, "cases", "get", "no case 987654 that you may read"),  # English when no language is chosen
    ],
)
def test_a_service_refusal_in_the_readers_language(platform, lang, service, method, expected):  # noqa: ANN001
    with use_locale(lang), pytest.raises(NotFound) as found:
        getattr(getattr(platform, service), method)(SYSTEM, 987654)
    assert found.value.message == expected


def test_an_upload_over_its_limit_in_the_readers_language():
    with use_locale("fr"):
        text = over_limit("scan.pdf", 1_048_576)
    assert text.startswith("scan.pdf dépasse la limite de 1") and text.endswith("048\u202f576 octets")
    with use_locale("ar"):
        assert over_limit(None, 10) == "الملف يتجاوز الحد الأقصى البالغ 10 بايت"
    assert over_limit("a.jpg", 2000) == "a.jpg is over the 2,000-byte limit"


def test_an_upload_refused_whole_says_nothing_was_stored_in_the_readers_language():
    with use_locale("uk"):
        text = over_limit("scan.tif", 4096, nothing_stored=True)
    assert text.startswith("scan.tif перевищує ліміт у 4")
    assert text.endswith("096 байтів; нічого не збережено")
    with use_locale("ru"):
        text = over_limit(None, 10, nothing_stored=True)
    assert text == "файл превышает предел в 10 байт; ничего не сохранено"
    text = over_limit(None, 4096, nothing_stored=True)
    assert text == "the file is over the 4,096-byte limit; nothing was stored"


def test_a_refused_photo_is_explained_in_the_readers_language():
    from heritrace.images.decode import ImageRejected, load_image

    def reason(lang: str, data: bytes, **limits: int) -> str:
        with use_locale(lang):
            with pytest.raises(ImageRejected) as refused:
                load_image(data, **limits)
        return str(refused.value)

    english = reason("en", b"x" * 5000, max_bytes=1000)
    assert english == "the file is too large (5,000 bytes; the limit is 1,000)"  # as before
    french = reason("fr", b"x" * 5000, max_bytes=1000)
    assert french.startswith("le fichier est trop volumineux (5") and "octets" in french
    assert "5,000" not in french  # numbers written the French way
    assert reason("uk", b"not an image").startswith("файл не є зображенням")
    assert reason("en", b"not an image").startswith("the file is not an image")

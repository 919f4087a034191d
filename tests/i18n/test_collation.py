"""Lists sorted as each interface language sorts words; countries named in the reader's language."""

from __future__ import annotations

from heritrace.core.collation import countries, country_name, sort_key
from heritrace.core.i18n import use_locale


def _sorted(words: str, lang: str) -> list[str]:
    return sorted(words.split(), key=lambda w: sort_key(w, lang))


def test_ukrainian_letters_follow_the_alphabet_not_the_character_codes():
    # by character code є, і, ї and ґ come after я
    assert _sorted("яблуко їжак іній єнот ґанок гора инший йод ера", "uk") == [
        "гора", "ґанок", "ера", "єнот", "инший", "іній", "їжак", "йод", "яблуко",
    ]  # fmt: skip


def test_russian_sorts_yo_with_ye_and_short_i_as_its_own_letter():
    assert _sorted("йод ёж ель еда икра", "ru") == ["еда", "ёж", "ель", "икра", "йод"]


def test_accents_and_case_only_break_ties():
    assert _sorted("Zinc Émail écorce email ebony", "fr") == ["ebony", "écorce", "email", "Émail", "Zinc"]
    assert _sorted("ñandú oro nube nada", "es") == ["nada", "nube", "ñandú", "oro"]  # ñ after n
    assert _sorted("ñandú oro nube nada", "en") == ["nada", "ñandú", "nube", "oro"]  # n with a mark
    # Arabic: short vowels and the hamza on the alef do not decide the order
    assert sort_key("أَحْمَد", "ar")[0] == sort_key("احمد", "ar")[0]


def test_countries_by_name_in_the_readers_language():
    assert country_name("UA", "uk") == "Україна" and country_name("DE", "fr") == "Allemagne"
    assert country_name("eg", "ar") == "مصر" and country_name("QQ", "en") == "QQ" and country_name(None) == ""
    with use_locale("es"):
        assert country_name("GB") == "Reino Unido"
    names = [name for _code, name in countries("uk")]
    assert len(names) > 240 and names == sorted(names, key=lambda n: sort_key(n, "uk"))


def test_vocabulary_choices_follow_the_readers_alphabet():
    from heritrace.objects.views import _sorted_concepts

    for lang in ("fr", "uk", "es"):
        labels = [label for label, _id in _sorted_concepts("material", lang)]
        assert labels == sorted(labels, key=lambda t: sort_key(t, lang)), lang
    french = [label for label, _id in _sorted_concepts("object_type", "fr")]
    accented = [i for i, label in enumerate(french) if label[:1] in "éÉ"]
    # accented initials sit among the e's, not after the z's
    assert accented and all(french[i + 1][:1].casefold() in "eéèêfghijklmnopqrstuvwxyz" for i in accented)

"""Normalisers: folding, stop words, transliteration tables and maker-name keys."""

import pytest

from heritrace.matching.normalize import (
    RUSSIAN_TO_LATIN,
    UKRAINIAN_TO_LATIN,
    fold,
    forename_initials,
    has_unsupported_script,
    name_key,
    name_words,
    surname_of,
    tokens,
    transliterate,
)


def test_fold_strips_case_diacritics_and_punctuation():
    assert fold("Gemälde: „Seestück“, ÉCOLE d'après") == "gemalde seestuck ecole d apres"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("The View of the Town", ["view", "town"]), ("Vue de la ville", ["vue", "ville"]),
     ("Ansicht der Stadt", ["ansicht", "stadt"]), ("Veduta della città", ["veduta", "citta"])],
)  # fmt: skip
def test_stop_words_dropped_per_language(text, expected):
    assert tokens(text) == expected


def test_ukrainian_national_system_2010():
    assert transliterate("Шевченко Тарас Григорович") == "Shevchenko Taras Hryhorovych"
    assert transliterate("Ґалаґан, Їжакевич") == "Galagan, Izhakevych"
    assert UKRAINIAN_TO_LATIN["щ"] == "shch" and UKRAINIAN_TO_LATIN["и"] == "y"


def test_russian_table_differs_from_ukrainian_where_the_systems_differ():
    assert transliterate("Репин Илья", system="ru") == "Repin Ilya"
    assert RUSSIAN_TO_LATIN["г"] == "g" and UKRAINIAN_TO_LATIN["г"] == "h"
    assert RUSSIAN_TO_LATIN["ы"] == "y"


@pytest.mark.parametrize(
    "spelling", ["Aivazovsky", "Ajwasowski", "Aïvazovski", "Айвазовський", "Айвазовский", "AIVAZOVSKIY"]
)
def test_maker_key_is_the_same_for_all_spellings_of_aivazovsky(spelling):
    assert name_key(spelling) == name_key("Aivazovsky")


def test_maker_key_still_tells_different_names_apart():
    assert name_key("Aivazovsky") != name_key("Makovsky")
    assert name_key("Turner") != name_key("Tanner")


def test_name_words_reorders_surname_first_forms_and_finds_initials():
    words = name_words("Turner, Joseph Mallord William")
    assert surname_of(words) == "turner"
    assert forename_initials(words) == {"j", "m", "w"}
    assert surname_of(name_words("Anthony van Dyck")) == "dyck"


def test_unsupported_scripts_are_detected():
    assert has_unsupported_script("古董油画 山水风景 清代")
    assert has_unsupported_script("ภาพวาดสีน้ำมันโบราณ")
    assert not has_unsupported_script("Картина, Айвазовський, морський пейзаж")

"""Each comparison puts a pair in the level its evidence supports."""

import pytest

from heritrace.matching import comparisons as cmp
from heritrace.matching.facts import extract_period, extract_size
from heritrace.matching.records import Query, QueryProfile, RecordProfile, RegisterRecord

AIVAZOVSKY = RegisterRecord(
    object_id="UA-1",
    type_of_object="painting",
    title="Seascape with a sailing ship",
    maker="Ivan Aivazovsky",
    date_or_period="c.1900",
    materials_techniques="Oil on canvas",
    measurements="45.5 x 60.5 cm",
    inscriptions_markings="signed lower left Aivazovsky",
)


def freq_for(*records):
    freq = cmp.Frequencies()
    for record in records:
        profile = RecordProfile.of(record)
        freq.records += 1
        for term in profile.title_terms:
            freq.terms[term] = freq.terms.get(term, 0) + 1
        if profile.surname_key:
            freq.surnames[profile.surname_key] = freq.surnames.get(profile.surname_key, 0) + 1
    return freq


def pair(text, record=AIVAZOVSKY):
    return RecordProfile.of(record), QueryProfile.of(Query(title=text))


@pytest.mark.parametrize(
    ("text", "level"),
    [("Seascape with a sailing ship", "exact"), ("Seestück mit Schiff", "most words"),
     ("Marine", "some words"), ("Portrait of a lady", "no words")],
)  # fmt: skip
def test_title_levels_cross_language(text, level):
    record, query = pair(text)
    freq = freq_for(AIVAZOVSKY)
    assert cmp.compare_title(record, query, freq, {}).level in (
        level,
        "few words" if level == "some words" else level,
    )


def test_title_tolerates_a_typo():
    record, query = pair("Seascape with a sailling ship")
    assert cmp.compare_title(record, query, freq_for(AIVAZOVSKY), {}).level == "exact"


def test_rare_title_words_weigh_more_than_common_ones():
    common = RegisterRecord(object_id="X", title="Landscape")
    rare = RegisterRecord(object_id="Y", title="Glenrowan")
    others = [RegisterRecord(object_id=f"L{i}", title="Landscape") for i in range(50)]
    freq = freq_for(common, rare, *others)
    tf = {"scale": 0.5, "reference": -2.0}
    common_out = cmp.compare_title(*pair("Landscape", common), freq, tf)
    rare_out = cmp.compare_title(*pair("Glenrowan", rare), freq, tf)
    assert common_out.level == rare_out.level == "exact (one word)"
    assert rare_out.adjust > common_out.adjust


@pytest.mark.parametrize(
    ("text", "level"),
    [("Ivan Aivazovsky", "full name"), ("I. Ajwasowski", "initials and surname"),
     ("Айвазовський", "surname"), ("Aiwazofsky", "surname (misspelt)"), ("Shishkin", "absent"),
     ("Kreis von I. Ajwasowski", "initials and surname, circle of"),
     ("attributed to Aivazovsky", "surname, attributed to")],
)  # fmt: skip
def test_maker_levels_and_qualifiers(text, level):
    record, query = pair(text)
    params = {"qualifier": {"circle": -1.0, "attributed": -0.5}}
    assert cmp.compare_maker(record, query, freq_for(AIVAZOVSKY), params).level == level


def test_qualifier_weight_is_applied_not_stripped():
    freq = freq_for(AIVAZOVSKY)
    params = {"qualifier": {"circle": -1.0}, "tf_maker": {"scale": 0.0}}
    plain = cmp.compare_maker(*pair("I. Ajwasowski"), freq, params)
    circle = cmp.compare_maker(*pair("Kreis von I. Ajwasowski"), freq, params)
    assert circle.adjust == pytest.approx(plain.adjust - 1.0)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Gemälde", "same"),
        ("Sammlerstück", "not stated"),
        ("Aquarell", "related"),
        ("Bronze sculpture", "different"),
    ],
)
def test_object_type_levels(text, level):
    assert cmp.compare_object_type(*pair(text)).level == level


@pytest.mark.parametrize(
    ("text", "level"),
    [("Öl auf Leinwand", "all"), ("huile", "some"), ("bronze", "different"), ("nice", "not stated")],
)
def test_material_levels(text, level):
    assert cmp.compare_materials(*pair(text)).level == level


@pytest.mark.parametrize(
    ("text", "level"),
    [("45 x 60 cm", "same"), ("60,5 x 45,5 cm", "same"), ("18 x 24 in", "same"), ("20 x 26 in", "close"),
     ("50 x 65 cm", "close"), ("100 x 80 cm", "different"), ("no size", "not stated")],
)  # fmt: skip
def test_measurement_levels_with_unit_conversion_and_reframing(text, level):
    assert cmp.compare_measurements(*pair(text)).level == level


def test_area_only_register_records_accept_a_consistent_height_and_width():
    record = RegisterRecord(object_id="FBI-1", measurements="609 sq in (area)")
    assert cmp.compare_measurements(*pair("21 x 29 in", record)).level == "area same"
    assert cmp.compare_measurements(*pair("55 x 80 cm", record)).level == "area close"
    assert cmp.compare_measurements(*pair("10 x 10 cm", record)).level == "area different"


@pytest.mark.parametrize(
    ("text", "level"),
    [("1900", "overlap"), ("um 1900", "overlap"), ("XX. Jh.", "same century"),
     ("early 20th century", "same century"), ("1850", "different"), ("no date", "not stated")],
)  # fmt: skip
def test_date_levels(text, level):
    assert cmp.compare_date(*pair(text)).level == level


def test_exact_years_agree_only_with_exact_years():
    record = RegisterRecord(object_id="Z", date_or_period="1907")
    assert cmp.compare_date(*pair("1907", record)).level == "same year"
    assert cmp.compare_date(*pair("c. 1905", record)).level == "overlap"
    assert cmp.compare_date(*pair("1925", record)).level == "different"


def test_inscription_terms():
    record, query = pair("signed Aivazovsky lower left")
    assert cmp.compare_terms(record.inscription_terms, query).level == "many"


def test_extractors_ignore_prices_and_absurd_sizes():
    assert extract_period("Estimate: 1500-2000 EUR") is None
    assert not extract_size("99999 x 99999 cm").known
    assert extract_size('5 3/4 x 9"').sides == pytest.approx((22.86, 14.605))

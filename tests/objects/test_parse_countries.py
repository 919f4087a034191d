"""Country codes and names in the register's languages read into ISO 3166-1 alpha-2."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heritrace.objects.parsing import parse_country
from heritrace.objects.parsing.countries import EVERYDAY_NAMES

CASES = [
    ("IT", "IT"),
    ("it", "IT"),
    ("ITA", "IT"),
    ("Italy", "IT"),
    ("Italie", "IT"),
    ("Italien", "IT"),
    ("Italia", "IT"),
    ("Италия", "IT"),
    ("Італія", "IT"),
    ("UA", "UA"),
    ("Ukraine", "UA"),
    ("Ucrania", "UA"),
    ("Україна", "UA"),
    ("Украина", "UA"),
    ("Iraq", "IQ"),
    ("Irak", "IQ"),
    ("Ірак", "IQ"),
    ("Syria", "SY"),
    ("Syrian Arab Republic", "SY"),
    ("Syrie", "SY"),
    ("Siria", "SY"),
    ("Сирия", "SY"),
    ("Egypt", "EG"),
    ("Ägypten", "EG"),
    ("Égypte", "EG"),
    ("Egitto", "EG"),
    ("Египет", "EG"),
    ("Greece", "GR"),
    ("Griechenland", "GR"),
    ("EL", "GR"),
    ("Turkey", "TR"),
    ("Türkiye", "TR"),
    ("Turquie", "TR"),
    ("Cyprus", "CY"),
    ("Chypre", "CY"),
    ("Peru", "PE"),
    ("Pérou", "PE"),
    ("Mexico", "MX"),
    ("México", "MX"),
    ("Cambodia", "KH"),
    ("Kambodscha", "KH"),
    ("Afghanistan", "AF"),
    ("Libya", "LY"),
    ("Libia", "LY"),
    ("Yemen", "YE"),
    ("Jemen", "YE"),
    ("Mali", "ML"),
    ("Nigeria", "NG"),
    ("Niger", "NE"),
    ("France", "FR"),
    ("Frankreich", "FR"),
    ("Germany", "DE"),
    ("Deutschland", "DE"),
    ("Allemagne", "DE"),
    ("Spain", "ES"),
    ("España", "ES"),
    ("USA", "US"),
    ("U.S.A.", "US"),
    ("United States of America", "US"),
    ("États-Unis", "US"),
    ("Stati Uniti d'America", "US"),
    ("США", "US"),
    ("UK", "GB"),
    ("United Kingdom", "GB"),
    ("Royaume-Uni", "GB"),
    ("Großbritannien", "GB"),
    ("England", "GB"),
    ("Switzerland", "CH"),
    ("Schweiz", "CH"),
    ("Svizzera", "CH"),
    ("Belgium", "BE"),
    ("Belgique", "BE"),
    ("Netherlands", "NL"),
    ("Holland", "NL"),
    ("Pays-Bas", "NL"),
    ("Niederlande", "NL"),
    ("Russia", "RU"),
    ("Russian Federation", "RU"),
    ("Russie", "RU"),
    ("Россия", "RU"),
    ("Росія", "RU"),
    ("China", "CN"),
    ("Chine", "CN"),
    ("India", "IN"),
    ("Inde", "IN"),
    ("Iran", "IR"),
    ("Persia", "IR"),
    ("Côte d'Ivoire", "CI"),
    ("Ivory Coast", "CI"),
    ("Congo", "CG"),
    ("DR Congo", "CD"),
    ("Holy See", "VA"),
    ("Vatican", "VA"),
    ("Czech Republic", "CZ"),
    ("République tchèque", "CZ"),
    ("Viet Nam", "VN"),
    ("Burma", "MM"),
    ("  Italy ", "IT"),
    ("Itlay", "IT"),
    ("Frnace", "FR"),
    ("Swizerland", "CH"),
]

UNKNOWN = ["Atlantis", "", "   ", "foo", "XX", "Yugoslavia", "Europe", "Ital"]


@pytest.mark.parametrize(("text", "code"), CASES)
def test_reads_codes_and_names(text: str, code: str) -> None:
    assert parse_country(text) == code


@pytest.mark.parametrize("text", UNKNOWN + [None])
def test_unknown_gives_none(text: str | None) -> None:
    assert parse_country(text) is None


def test_everyday_table_covers_sixty_countries_in_six_languages() -> None:
    assert len(EVERYDAY_NAMES) >= 60
    for code, names in EVERYDAY_NAMES.items():
        for name in names.split("|"):
            assert parse_country(name) == code, (name, code)


@given(st.text(max_size=40))
def test_never_raises_and_gives_a_code_or_none(text: str) -> None:
    code = parse_country(text)
    assert code is None or (len(code) == 2 and code.isupper())

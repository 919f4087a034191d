"""Attribution qualifiers in eight languages are parsed, not stripped."""

import pytest

from heritrace.matching.attribution import parse_attribution, qualifier_before_name
from heritrace.matching.normalize import fold


@pytest.mark.parametrize(
    ("text", "qualifier", "name"),
    [
        ("attributed to Salvator Rosa", "attributed to", "salvator rosa"),
        ("Kreis von I. Ajwasowski", "circle of", "i ajwasowski"),
        ("Schule des Rembrandt", "school of", "rembrandt"),
        ("Werkstatt Cranach", "workshop of", "cranach"),
        ("Nachfolger von Brueghel", "follower of", "brueghel"),
        ("im Stil von Monet", "style of", "monet"),
        ("attribué à Corot", "attributed to", "corot"),
        ("entourage de Boucher", "circle of", "boucher"),
        ("d'après Watteau", "after", "watteau"),
        ("dans le goût de Fragonard", "style of", "fragonard"),
        ("cerchia di Canaletto", "circle of", "canaletto"),
        ("bottega di Tiziano", "workshop of", "tiziano"),
        ("alla maniera di Guardi", "manner of", "guardi"),
        ("atribuido a Goya", "attributed to", "goya"),
        ("taller de Murillo", "workshop of", "murillo"),
        ("copia de Velázquez", "after", "velazquez"),
        ("toegeschreven aan Jan Steen", "attributed to", "jan steen"),
        ("kring van Rembrandt", "circle of", "rembrandt"),
        ("navolger van Hals", "follower of", "hals"),
        ("коло Айвазовського", "circle of", "aivazovskoho"),
        ("школа Шишкіна", "school of", "shyshkina"),
        ("последователь Шишкина", "follower of", "shyshkyna"),  # no Russian-only letter
        ("круг Шишкина", "circle of", "shyshkyna"),
        ("приписывается Шишкину", "attributed to", "shishkinu"),
        ("Ivan Aivazovsky", "by", "ivan aivazovsky"),
    ],
)
def test_parse_attribution(text, qualifier, name):
    parsed = parse_attribution(text)
    assert (parsed.qualifier, parsed.name) == (qualifier, name)


def test_qualifier_is_found_in_front_of_a_name_inside_a_longer_text():
    words = fold("Gemälde, Kreis von I. Ajwasowski, Seestück").split()
    assert qualifier_before_name(words, words.index("ajwasowski"), {"ivan", "ajwasowski"}) == "circle of"
    plain = fold("Seestück von Ajwasowski").split()
    assert qualifier_before_name(plain, plain.index("ajwasowski"), {"ajwasowski"}) == "by"


def test_family_groups_qualifiers_for_weighting():
    assert parse_attribution("manner of Turner").family == "after"
    assert parse_attribution("school of Turner").family == "circle"
    assert parse_attribution("Turner").family == "autograph"

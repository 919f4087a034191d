"""Engine behaviour: golden pairs from real-world listing forms, incremental updates, bad input."""

import itertools
import random

import pytest

from heritrace.matching.engine import MatchEngine, Query, RegisterRecord

TARGET = RegisterRecord(
    object_id="UA-0001",
    type_of_object="painting",
    title="Seascape",
    maker="Ivan Aivazovsky",
    date_or_period="c.1900",
    materials_techniques="Oil on canvas",
    measurements="45.5 x 60.5 cm",
    country="UA",
)
ROSA = RegisterRecord(
    object_id="IT-0002",
    type_of_object="painting",
    title="Landscape with Hermit and Rocks",
    maker="Salvator Rosa",
    date_or_period="1660s",
    materials_techniques="Oil on canvas",
    measurements="74 x 99 cm",
)

_WORDS = "garden bridge harvest dancer orchard mill tower storm valley river shepherd feast harbour".split()
_NAMES = ["John Smith", "Marie Dupont", "Hans Weber", "Anna Rossi", "Ivan Shishkin", "Pieter Claesz"]


def distractors(n=400, seed=3):
    rng = random.Random(seed)
    for i in range(n):
        words = rng.sample(_WORDS, 2)
        yield RegisterRecord(
            object_id=f"D-{i:04d}",
            type_of_object=rng.choice(["painting", "drawing", "print"]),
            title=f"{words[0].title()} and {words[1]}",
            maker=rng.choice(_NAMES),
            date_or_period=str(rng.randrange(1700, 2000)),
            measurements=f"{rng.randrange(10, 120)} x {rng.randrange(10, 120)} cm",
        )
    # another seascape by the same maker: the listing must still point at the right one
    yield RegisterRecord(
        object_id="UA-0003", type_of_object="painting", title="Seascape", maker="Ivan Aivazovsky",
        date_or_period="1850", measurements="120 x 180 cm",
    )  # fmt: skip


@pytest.fixture(scope="module")
def engine():
    return MatchEngine.build(itertools.chain([TARGET, ROSA], distractors()))


def test_german_auction_lot_circle_of_transliterated_maker(engine):
    query = Query(title="Gemälde, Kreis von I. Ajwasowski, Seestück, um 1900, 45 x 60 cm")
    best = engine.match(query)[0]
    assert best.object_id == "UA-0001"
    # a generic one-word title under a softened attribution: an alert, not yet certainty
    assert best.verdict in ("match", "possible")
    assert best.probability > 0.9
    maker = next(c for c in best.contributions if c.comparison == "maker")
    assert "circle of" in maker.level and maker.weight > 0
    assert best.score == pytest.approx(sum(c.weight for c in best.contributions), abs=0.01)


def test_cyrillic_listing_finds_the_same_record(engine):
    query = Query(
        title="Картина Айвазовський, морський пейзаж", description="Олія, полотно, 45 x 60 см, 1900"
    )
    assert engine.match(query)[0].object_id == "UA-0001"


def test_reattributed_rosa_with_changed_dimensions(engine):
    query = Query(
        title="Italian School, Landscape with a hermit among rocks",
        description="Oil on canvas, 79 x 104 cm (reframed). 17th century.",
    )
    best = engine.match(query)[0]
    assert best.object_id == "IT-0002"
    size = next(c for c in best.contributions if c.comparison == "measurements")
    assert size.level == "close"


def test_unrelated_listing_raises_no_alert(engine):
    results = engine.match(Query(title="Bronze mirror", description="Han dynasty style, 12 cm"))
    assert all(r.verdict == "none" for r in results)


def test_add_and_remove_update_the_index(engine):
    record = RegisterRecord(
        object_id="NEW-1", title="Glenrowan", maker="Sidney Nolan", measurements="90 x 121 cm"
    )
    engine.add(record)
    assert engine.match(Query(title="Sidney Nolan - Glenrowan"))[0].object_id == "NEW-1"
    engine.remove("NEW-1")
    assert all(r.object_id != "NEW-1" for r in engine.match(Query(title="Sidney Nolan - Glenrowan")))
    engine.remove("NEW-1")  # removing twice is harmless


@pytest.mark.parametrize(
    "query",
    [Query(), Query(title=""), Query(title="Painting"), Query(title="古董油画 山水风景 清代 名家"),
     Query(title="ภาพวาดสีน้ำมันโบราณ"), Query(title="Oil", description="99999999 x 0.0001 cm, year 99999"),
     Query(title="x" * 10, description=("Landscape oil painting " * 50_000)[:1_000_000])],
)  # fmt: skip
def test_bad_input_never_crashes_and_is_explained(engine, query):
    results = engine.match(query)
    assert all(r.verdict in ("match", "possible", "none") for r in results)
    assert len(results) <= 10


def test_problems_are_reported(engine):
    assert "empty description" in engine.problems(Query())
    assert "unsupported script" in engine.problems(Query(title="古董油画 山水风景"))
    assert "one-word description" in engine.problems(Query(title="Painting"))
    assert engine.match(Query(title="古董油画 山水风景")) == []


def test_match_many_keeps_order(engine):
    queries = [Query(title="Salvator Rosa landscape hermit"), Query(title="Aivazovsky seascape 45 x 60 cm")]
    tops = [results[0].object_id for results in engine.match_many(queries)]
    assert tops == ["IT-0002", "UA-0001"]


def _pair(maker, size_b="40 x 30 cm", marks="inventory label 1127 on the back, crack lower left"):
    return [
        RegisterRecord(object_id=f"{i}-COPY", type_of_object="icon", title="Virgin Hodegetria", maker=maker,
                       date_or_period="18th century", materials_techniques="tempera on wood",
                       measurements=size, distinguishing_features=marks)
        for i, size in (("A", "40 x 30 cm"), ("B", size_b))
    ]  # fmt: skip


def _lead(records):
    engine = MatchEngine()
    for record in [*records, *distractors()]:
        engine.add(record)
    query = Query(title="Icon Virgin Hodegetria, 18th century, tempera on wood, 40 x 30 cm")
    return engine.match(query)[0].margin


def test_a_named_maker_s_object_registered_twice_is_not_its_own_rival():
    # the same object registered by the police and by the museum: the copy does not take the lead away
    assert _lead(_pair("Ivan Rublev")) > 5


def test_sparse_look_alikes_without_a_maker_stay_rivals():
    # two unnamed icons alike in title, type and date are two objects, not copies: neither leads
    assert _lead(_pair(None)) == pytest.approx(0.0, abs=1e-6)
    # nor are a named maker's two works of different sizes
    assert _lead(_pair("Ivan Rublev", size_b="80 x 60 cm")) < _lead(_pair("Ivan Rublev"))

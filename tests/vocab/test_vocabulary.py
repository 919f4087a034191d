"""The shipped vocabulary: data integrity, hierarchy, multilingual lookup and free-text search."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from heritrace.vocab import LANGUAGES, Concept, Vocabulary, get_vocabulary
from heritrace.vocab.service import data_files, fold_word, stem

REPO = Path(__file__).resolve().parents[2]
REGISTER = REPO.parent / "shared" / "data" / "text-dev" / "register.jsonl"


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return get_vocabulary()


def ids(concepts: list[Concept]) -> list[str]:
    return [c.id for c in concepts]


# --- data integrity ----------------------------------------------------------------------------


def test_data_files_are_valid_json_with_one_scheme_each():
    documents = [json.loads(text) for text in data_files()]
    assert {d["scheme"] for d in documents} == {"object_type", "material"}
    for document in documents:
        assert "aat_policy" in document
        assert all(c["scheme"] == document["scheme"] for c in document["concepts"])


def test_ids_are_unique_slugs():
    raw_ids = [c["id"] for text in data_files() for c in json.loads(text)["concepts"]]
    duplicates = [cid for cid, n in Counter(raw_ids).items() if n > 1]
    assert duplicates == []
    assert all(cid == cid.lower() and " " not in cid for cid in raw_ids)


def test_counts_per_scheme(vocab):
    assert len(vocab.concepts("object_type")) >= 170
    assert len(vocab.concepts("material")) >= 120


def test_every_broader_and_component_exists_in_the_same_scheme(vocab):
    for concept in vocab.concepts():
        for other in concept.broader + concept.components:
            assert vocab.get(other) is not None, (concept.id, other)
            assert vocab.get(other).scheme == concept.scheme, (concept.id, other)


def test_hierarchy_has_no_cycles(vocab):
    for concept in vocab.concepts():
        assert concept.id not in vocab.ancestors(concept.id), concept.id


def test_every_concept_has_an_english_label_and_valid_languages(vocab):
    for concept in vocab.concepts():
        assert concept.pref_labels.get("en"), concept.id
        assert set(concept.pref_labels) <= set(LANGUAGES), concept.id


def test_label_coverage_per_language(vocab):
    coverage = {
        lang: sum(lang in c.pref_labels for c in vocab.concepts()) / len(vocab.concepts())
        for lang in LANGUAGES
    }
    print("label coverage:", {lang: f"{share:.0%}" for lang, share in coverage.items()})
    assert all(share >= 0.95 for share in coverage.values()), coverage


def test_aat_ids_are_plausible_and_unique(vocab):
    aat = [c.aat for c in vocab.concepts() if c.aat is not None]
    assert all(300_000_000 <= n < 300_999_999 for n in aat)
    assert len(aat) == len(set(aat))


def test_preferred_labels_do_not_collide_within_a_scheme_and_language(vocab):
    for scheme in ("object_type", "material"):
        seen: dict[tuple[str, tuple[str, ...]], str] = {}
        for concept in vocab.concepts(scheme):
            for lang, label in concept.pref_labels.items():
                key = (lang, tuple(fold_word(w) for w in label.split()))
                assert seen.setdefault(key, concept.id) == concept.id, (key, seen[key], concept.id)


# --- hierarchy ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("narrower", "broader"),
    [
        ("icon", "painting"),
        ("etching", "print"),
        ("lithograph", "print"),
        ("screenprint", "print"),
        ("woodcut", "print"),
        ("engraving", "print"),
        ("watercolour", "painting"),
        ("watercolour", "works-on-paper"),
        ("cylinder-seal", "archaeological-object"),
        ("amphora", "ceramics"),
        ("chalice", "liturgical-object"),
        ("violin", "musical-instrument"),
        ("fossil", "natural-history-specimen"),
        ("tempera-on-panel", "painting-techniques"),
        ("tempera-on-panel", "supports"),
        ("oak", "wood"),
        ("gelatin-silver-print", "photography"),
    ],
)
def test_is_a(vocab, narrower, broader):
    assert vocab.is_a(narrower, broader)
    assert narrower in vocab.descendants(broader)
    assert not vocab.is_a(broader, narrower)


def test_descendants_include_the_concept_itself_and_polyhierarchy(vocab):
    paintings = vocab.descendants("painting")
    assert {"painting", "icon", "watercolour", "altarpiece"} <= paintings
    assert "watercolour" in vocab.descendants("works-on-paper")
    assert "drawing" not in paintings
    assert vocab.descendants("no-such-concept") == set()


# --- lookup ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("painting", "painting"),
        ("Paintings", "painting"),
        ("Gemälde", "painting"),
        ("GEMALDE", "painting"),
        ("dipinti", "painting"),
        ("tableau", "painting"),
        ("schilderij", "painting"),
        ("картина", "painting"),
        ("لوحات", "painting"),
        ("Ikone", "icon"),
        ("икона", "icon"),
        ("ікони", "icon"),
        ("أيقونة", "icon"),
        ("Radierung", "etching"),
        ("eau-forte", "etching"),
        ("aguafuerte", "etching"),
        ("офорт", "etching"),
        ("Lithographie", "lithograph"),
        ("Lithografie", "lithograph"),
        ("Siebdruck", "screenprint"),
        ("Kupferstich", "engraving"),
        ("Holzschnitt", "woodcut"),
        ("Aquarell", "watercolour"),
        ("acquerelli", "watercolour"),
        ("Zeichnung", "drawing"),
        ("tekeningen", "drawing"),
        ("Skulptur", "sculpture"),
        ("beeldhouwwerk", "sculpture"),
        ("statuettes", "statuette"),
        ("sceau-cylindre", "cylinder-seal"),
        ("Keilschrifttafel", "cuneiform-tablet"),
        ("monstrance", "monstrance"),
        ("скрипка", "violin"),
        ("météorite", "meteorite"),
        ("Sammlerstück", "collectible"),
    ],
)
def test_lookup_object_types_in_all_languages(vocab, text, expected):
    found = vocab.lookup(text, "object_type")
    assert found is not None and found.id == expected, (text, found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oil on canvas", "oil-on-canvas"),
        ("Öl auf Leinwand", "oil-on-canvas"),
        ("olio su tela", "oil-on-canvas"),
        ("óleo sobre lienzo", "oil-on-canvas"),
        ("olieverf op doek", "oil-on-canvas"),
        ("олія на полотні", "oil-on-canvas"),
        ("масло на холсте", "oil-on-canvas"),
        ("Bronze", "bronze"),
        ("бронза", "bronze"),
        ("برونز", "bronze"),
        ("watercolor", "watercolour-paint"),
        ("serigraph", "screenprinting"),
        ("gelatine silver print", "gelatin-silver-print"),
    ],
)
def test_lookup_materials(vocab, text, expected):
    found = vocab.lookup(text, "material")
    assert found is not None and found.id == expected, (text, found)


def test_lookup_keeps_schemes_apart_and_rejects_unknowns(vocab):
    assert vocab.lookup("watercolour", "object_type").id == "watercolour"
    assert vocab.lookup("watercolour", "material").id == "watercolour-paint"
    assert vocab.lookup("spaceship", "object_type") is None
    assert vocab.lookup("", "material") is None
    with pytest.raises(ValueError):
        vocab.lookup("painting", "colour")


def test_language_hint_breaks_ties(vocab):
    assert vocab.lookup("crayon", "material").id == "crayon"
    assert vocab.lookup("crayon", "material", lang="fr").id == "graphite"


def test_label_falls_back_to_english(vocab):
    concept = vocab.get("etching")
    assert concept.label("de") == "Radierung"
    assert concept.label("xx") == concept.label("en") == "etching"


# --- find_all ----------------------------------------------------------------------------------


def test_find_all_resolves_compounds_to_their_parts(vocab):
    found = ids(vocab.find_all("Öl auf Leinwand, gerahmt", "material"))
    assert {"oil-paint", "canvas"} <= set(found)
    tempera = vocab.find_all("tempera on panel", "material")
    assert {"tempera", "panel"} <= set(ids(tempera))
    ancestors = set().union(*(vocab.ancestors(c.id) for c in tempera))
    assert {"painting-techniques", "supports"} <= ancestors


def test_find_all_prefers_the_longest_label(vocab):
    found = ids(vocab.find_all("Photograph, gelatin silver print on paper", "material"))
    assert "gelatin-silver-print" in found and "paper" in found
    assert "silver" not in found


def test_find_all_respects_word_boundaries_and_reading_order(vocab):
    assert ids(vocab.find_all("Bronze on marble base", "material")) == ["bronze", "marble"]
    assert "oil-paint" not in ids(vocab.find_all("Boiler room", "material"))
    assert "gold" not in ids(vocab.find_all("oil or acrylic", "material"))


def test_find_all_reads_plurals_and_other_languages(vocab):
    assert ids(vocab.find_all("Two etchings and a lithograph", "object_type")) == ["etching", "lithograph"]
    assert "icon" in ids(vocab.find_all("Старинная икона, XIX век", "object_type"))
    assert "oil-on-canvas" in ids(vocab.find_all("Huile sur toile, 70 x 90 cm. Signé.", "material"))


@pytest.mark.parametrize(
    ("text", "types", "materials"),
    [
        ("Holzskulptur, gefasst", ["sculpture"], ["wood", "polychromy"]),
        ("Zwei Bronzefiguren", ["figure"], ["bronze"]),
        ("Bleistiftzeichnung", ["drawing"], ["graphite"]),
        ("Kreidezeichnung auf Papier", ["drawing"], ["chalk", "paper"]),
        ("Eichenholzschrank", ["cabinet"], ["oak"]),  # longest head label wins
        ("Goldmünzen", ["coin"], ["gold"]),
        ("Goldring", ["ring"], ["gold"]),  # 'ring' is English too: after a German modifier only
        ("Marmorbüste", ["bust"], ["marble"]),
    ],
)
def test_find_all_splits_german_and_dutch_compounds(vocab, text, types, materials):
    assert ids(vocab.find_all(text, "object_type")) == types
    assert ids(vocab.find_all(text, "material")) == materials


def test_a_compound_is_looked_up_as_its_head(vocab):
    # a single term may have a modifier that is no label (linking 's' here); free text may not
    assert vocab.lookup("Landschaftsgemälde", "object_type").id == "painting"
    assert vocab.lookup("portretschilderij", "object_type").id == "painting"
    assert ids(vocab.find_all("Landschaftsgemälde", "object_type")) == []
    assert vocab.lookup("Holzskulptur", "object_type").id == "sculpture"
    assert vocab.lookup("Holzskulptur", "material") is None  # a sculpture is no material
    assert vocab.split_compound("holzskulptur") == ("holz", "skulptur")


@pytest.mark.parametrize(
    "word",
    # English words ending in a word that is a label elsewhere, short heads after an unknown
    # modifier, and German words that only look like compounds
    [
        "replacements",
        "commencement",
        "pomegranates",
        "herring",
        "neighbouring",
        "datering",
        "erbstuck",
        "echtheitszertifikat",
        "skateboards",
        "gunmetal",
        "hornbook",
        "copperplate",
        "vollkommen",
        "storyteller",
        "elfenbeinfarben",  # ivory-coloured
    ],
)
def test_compound_splitting_leaves_ordinary_words_alone(vocab, word):
    assert vocab.split_compound(word) == vocab.split_compound(word, bare=True) == ()
    assert vocab.lookup(word, "object_type") is None
    assert ids(vocab.find_all(word, "object_type")) == ids(vocab.find_all(word, "material")) == []


@pytest.mark.parametrize(
    ("text", "scheme"),
    [
        ("Масло на картоне", "object_type"),  # cardboard, not a cartoon
        ("передано в правоохоронні органи", "object_type"),  # authorities, not organs
        ("награда за информацию", "object_type"),  # a reward, not regalia
        ("حسب القانون", "object_type"),  # the law, not a musical instrument
        ("ذخيرة حية", "object_type"),  # ammunition, not a reliquary
        ("أواخر قرن 19", "material"),  # the century, not horn
    ],
)
def test_everyday_words_are_not_taken_for_objects_or_materials(vocab, text, scheme):
    assert ids(vocab.find_all(text, scheme)) == []


def test_stem_joins_singular_and_plural():
    pairs = [
        ("painting", "paintings"),
        ("dipinto", "dipinti"),
        ("zeichnung", "zeichnungen"),
        ("картина", "картины"),
    ]
    for singular, plural in pairs:
        assert stem(singular) == stem(plural)
    # short stems would join unrelated words ('bella' and 'bell'): short words stay whole
    assert stem("bella") != stem("bell")
    assert stem("oil") == "oil"


def test_plural_tolerance_does_not_invent_matches(vocab):
    assert ids(vocab.find_all("Bella patina. Stima: 300-400 EUR", "object_type")) == []
    assert ids(vocab.find_all("Please see photos", "object_type")) == []
    assert vocab.lookup("vases", "object_type").id == "vase"


def test_vocabulary_rejects_broken_data():
    concept = Concept("a", "material", {"en": "a"}, {}, ("missing",), None)
    with pytest.raises(ValueError):
        Vocabulary([concept])


# --- the development register ------------------------------------------------------------------


def test_every_register_object_type_resolves(vocab):
    if not REGISTER.exists():
        pytest.skip(f"development register not present at {REGISTER}")
    types = set()
    with REGISTER.open(encoding="utf-8") as lines:
        for line in lines:
            value = json.loads(line).get("type_of_object")
            if value:
                types.add(value)
    unresolved = sorted(t for t in types if vocab.lookup(t, "object_type") is None)
    assert unresolved == []

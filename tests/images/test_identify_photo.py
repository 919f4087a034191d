"""End-to-end identification: wall photos with two works, open set, blank photos, explanations."""

import csv
import io
from pathlib import Path

import pytest
from PIL import Image

from heritrace.images import ImageRejected, PhotoIndex, explanation_image, identify, load_image_path

from .synthetic import damage, flat, grid, hang, painting, stripes, text_page, wall

REPO = Path(__file__).resolve().parents[2]
PHOTO_DEV = REPO.parent / "shared" / "data" / "photo-dev"


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    index = PhotoIndex(tmp_path_factory.mktemp("photo") / "photo-index")
    works = {image_id: painting(200 + image_id) for image_id in range(1, 9)}
    works[20] = stripes(15)
    works[21] = grid(26)
    works[22] = text_page("oil on canvas signed lower right")
    for image_id, img in works.items():
        index.add(image_id, img)
    return index, works


def test_two_works_on_one_wall_are_both_found_first(register):
    index, works = register
    photo = hang(hang(wall((1400, 700)), works[3], (80, 140), 380), works[6], (760, 160), 340)
    candidates = identify(index, damage(photo))
    assert {c.image_id for c in candidates[:2]} == {3, 6}
    assert [c.verdict for c in candidates[:2]] == ["match", "match"]
    assert all(c.verdict != "match" for c in candidates[2:])


def test_unregistered_work_on_a_wall_gets_no_match(register):
    index, _ = register
    photo = hang(wall(), painting(999), (300, 120), 480)
    assert all(c.verdict != "match" for c in identify(index, photo))


@pytest.mark.parametrize(
    "query",
    [damage(stripes(11, angle=0.4)), grid(19), text_page("certificate of export")],
    ids=["stripes", "grid", "text"],
)
def test_repetitive_queries_do_not_match_repetitive_register_photos(register, query):
    index, _ = register
    assert all(c.verdict != "match" for c in identify(index, query))


def test_candidates_are_sorted_and_carry_explanations(register):
    index, works = register
    candidates = identify(index, works[5], top_k=5)
    assert len(candidates) <= 5
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)
    best = candidates[0]
    assert best.image_id == 5 and best.inliers == best.explanation["inliers"]
    assert len(best.explanation["region"]) == 4
    assert best.explanation["thresholds"]["match_inliers"] > 0


@pytest.mark.parametrize(
    "img",
    [flat((128, 128, 128)), flat((10, 200, 30)), Image.new("RGB", (40, 40))],
    ids=["grey", "green", "tiny-black"],
)
def test_blank_photos_are_refused_clearly(register, img):
    index, _ = register
    with pytest.raises(ImageRejected, match="too little detail"):
        identify(index, img)


def test_explanation_image_is_a_picture_of_both_photos(register):
    index, works = register
    query = hang(wall(), works[2], (300, 100), 500)
    best = identify(index, query)[0]
    png = explanation_image(query, works[2], best)
    drawn = Image.open(io.BytesIO(png))
    assert drawn.format == "PNG" and drawn.height == 480
    assert drawn.width > 480 + 480 * works[2].width / works[2].height


def test_development_photos_when_present(tmp_path):
    if not (PHOTO_DEV / "queries.csv").exists():
        pytest.skip("photo development set not present next to the repository")
    queries = list(csv.DictReader(open(PHOTO_DEV / "queries.csv", encoding="utf-8")))[::29][:2]
    rows = {r["id"]: r for r in csv.DictReader(open(PHOTO_DEV / "register.csv", encoding="utf-8"))}
    wanted = {q["expected"] for q in queries} | set(list(rows)[:3])
    index = PhotoIndex(tmp_path / "photo-index")
    ids = {}
    for n, object_id in enumerate(sorted(wanted), start=1):
        index.add(n, load_image_path(PHOTO_DEV / rows[object_id]["images"]))
        ids[n] = object_id
    for query in queries:
        best = identify(index, load_image_path(PHOTO_DEV / query["query"]))[0]
        assert ids[best.image_id] == query["expected"]

"""PhotoIndex lifecycle: add, remove, rebuild, save and reopen after a restart."""

import numpy as np
import pytest

from heritrace.images import ImageRejected, PhotoIndex, identify, shortlist
from heritrace.images.features import PhotoFeatures, quantise, rootsift

from .synthetic import damage, flat, painting, perspective


@pytest.fixture(scope="module")
def works():
    return {image_id: painting(image_id) for image_id in (11, 12, 13, 14)}


def _top(index, img):
    return identify(index, img)[0]


def test_add_contains_and_find(tmp_path, works):
    index = PhotoIndex(tmp_path / "photo-index")
    for image_id, img in works.items():
        index.add(image_id, img)
    assert len(index) == 4 and 12 in index and 99 not in index
    best = _top(index, perspective(works[12], 0.08, seed=1))
    assert (best.image_id, best.verdict) == (12, "match")


def test_remove_forgets_the_photo(tmp_path, works):
    index = PhotoIndex(tmp_path / "photo-index")
    for image_id, img in works.items():
        index.add(image_id, img)
    index.remove(12)
    index.remove(12)  # removing twice is harmless
    assert 12 not in index and len(index) == 3
    candidates = identify(index, perspective(works[12], 0.08, seed=1))
    assert all(c.image_id != 12 for c in candidates)
    assert all(c.verdict != "match" for c in candidates)


def test_adding_the_same_id_again_replaces_it(tmp_path, works):
    index = PhotoIndex(tmp_path / "photo-index")
    index.add(11, works[11])
    index.add(11, works[13])
    assert len(index) == 1 and index.descriptor_count <= 256
    assert _top(index, works[13]).verdict == "match"


def test_save_and_reopen_after_restart(tmp_path, works):
    directory = tmp_path / "photo-index"
    index = PhotoIndex(directory)
    for image_id, img in works.items():
        index.add(image_id, img)
    index.save()
    reopened = PhotoIndex.open(directory)
    assert sorted(reopened.image_ids) == sorted(works)
    assert reopened.descriptor_count == index.descriptor_count
    best = _top(reopened, damage(works[14]))
    assert (best.image_id, best.verdict) == (14, "match")


def test_open_missing_directory_gives_an_empty_index(tmp_path):
    index = PhotoIndex.open(tmp_path / "nothing-yet")
    assert len(index) == 0
    assert identify(index, painting(5)) == []


def test_rebuild_reports_unreadable_photos_and_progress(tmp_path, works):
    index = PhotoIndex(tmp_path / "photo-index")
    index.add(99, painting(99))
    seen = []

    def broken():
        raise ImageRejected("the file is not an image")

    items = [(i, (lambda img=img: img)) for i, img in works.items()] + [(50, broken)]
    failures = index.rebuild(items, progress=seen.append)
    assert failures == [(50, "the file is not an image")]
    assert seen == [1, 2, 3, 4, 5]
    assert 99 not in index and sorted(index.image_ids) == sorted(works)
    assert sorted(PhotoIndex.open(tmp_path / "photo-index").image_ids) == sorted(works)


def test_textureless_register_photo_is_indexed_without_breaking_search(tmp_path, works):
    index = PhotoIndex(tmp_path / "photo-index")
    index.add(1, flat((128, 128, 128)))
    index.add(2, works[11])
    assert 1 in index
    best = _top(index, works[11])
    assert best.image_id == 2


def _random_features(rng, count=256):
    raw = rng.random((count, 128)).astype(np.float32) ** 3
    points = np.column_stack([rng.random((count, 2)) * 400, np.full(count, 4.0)]).astype(np.float32)
    return PhotoFeatures(
        points=points,
        descriptors=quantise(rootsift(raw)),
        width=400,
        height=300,
        phash=int(rng.integers(0, 2**63)),
        contrast=40.0,
    )


@pytest.mark.parametrize(
    ("sq_limit", "kind"),
    [(4_000_000, shortlist.faiss.IndexIVFScalarQuantizer), (8000, shortlist.faiss.IndexIVFPQFastScan)],
    ids=["scalar-quantised", "fast-scan-pq"],
)
def test_larger_registers_switch_to_a_trained_inverted_index(tmp_path, monkeypatch, sq_limit, kind):
    """Past EXACT_LIMIT descriptors the shortlist is an inverted file (8-bit scalar quantisation, then
    4-bit fast-scan PQ past SQ_LIMIT): it still finds the photo, survives a restart and forgets a
    removed photo."""
    monkeypatch.setattr(shortlist, "EXACT_LIMIT", 4000)
    monkeypatch.setattr(shortlist, "SQ_LIMIT", sq_limit)
    index = PhotoIndex(tmp_path / "photo-index")
    rng = np.random.default_rng(0)
    for image_id in range(1, 60):
        index.add_features(image_id, _random_features(rng))
    work = painting(77)
    index.add(500, work)
    assert isinstance(index._shortlist, kind)
    best = _top(index, perspective(work, 0.05, seed=2))
    assert (best.image_id, best.verdict) == (500, "match")
    index.save()
    reopened = PhotoIndex.open(tmp_path / "photo-index")
    assert isinstance(reopened._shortlist, kind)
    assert _top(reopened, work).image_id == 500
    reopened.remove(500)
    assert all(c.image_id != 500 for c in identify(reopened, work))


def test_a_shared_index_is_read_only_and_follows_the_workers_saves(tmp_path, works, monkeypatch):
    """Web processes map the index the workers write: they find what a worker saved, and cannot
    change it themselves."""
    from heritrace.images import service

    writer = PhotoIndex(tmp_path / "photo-index")
    writer.add(11, works[11])
    writer.save()
    shared = PhotoIndex.open(tmp_path / "photo-index", shared=True)
    assert _top(shared, works[11]).image_id == 11
    with pytest.raises(RuntimeError, match="read-only"):
        shared.add(12, works[12])
    with pytest.raises(RuntimeError, match="read-only"):
        shared.save()

    monkeypatch.setattr(service, "FRESHNESS_S", 0.0)
    search = service.PhotoSearch(None, None, tmp_path / "photo-index", shared=True)
    assert 12 not in search.index
    writer.add(12, works[12])
    writer.save()
    assert 12 in search.index and search.index.shared


def _per_photo_counts(index):
    """How many shortlist descriptors each photo has, read from the FAISS index itself."""
    faiss, held = shortlist.faiss, index._shortlist
    if shortlist.is_exact(held):
        ids = faiss.vector_to_array(held.id_map)
    else:
        lists = held.invlists
        sizes = [lists.list_size(n) for n in range(lists.nlist)]
        ids = np.concatenate(
            [faiss.rev_swig_ptr(lists.get_ids(n), size).copy() for n, size in enumerate(sizes) if size]
        )
    return np.unique(ids, return_counts=True)[1]


@pytest.mark.parametrize(
    ("sq_limit", "kind"),
    [(4_000_000, shortlist.faiss.IndexIVFScalarQuantizer), (2000, shortlist.faiss.IndexIVFPQFastScan)],
    ids=["scalar-quantised", "fast-scan-pq"],
)
def test_compact_shortlist_in_the_inverted_index_tiers(tmp_path, monkeypatch, sq_limit, kind):
    monkeypatch.setattr(shortlist, "EXACT_LIMIT", 1500)
    monkeypatch.setattr(shortlist, "SQ_LIMIT", sq_limit)
    index = PhotoIndex(tmp_path / "photo-index", compact_above=0, compact_keypoints=48)
    rng = np.random.default_rng(0)
    for image_id in range(1, 60):
        index.add_features(image_id, _random_features(rng))
    work = painting(77)
    index.add(500, work)
    assert isinstance(index._shortlist, kind) and index.descriptors_per_photo == 48
    counts = _per_photo_counts(index)
    assert len(counts) == 60 and counts.max() <= 48
    best = _top(index, perspective(work, 0.05, seed=2))
    assert (best.image_id, best.verdict) == (500, "match")
    index.save()
    reader = PhotoIndex.open(tmp_path / "photo-index", shared=True)
    assert reader.descriptors_per_photo == 48 and _per_photo_counts(reader).max() <= 48
    assert _top(reader, work).image_id == 500


@pytest.mark.parametrize(
    ("compact_above", "per_photo"),
    [(0, 48), (3, 48), (10, 256)],
    ids=["always compact", "compact above 3 photos", "full below 10 photos"],
)
def test_large_register_keeps_at_most_k_descriptors_a_photo(tmp_path, works, compact_above, per_photo):
    """Above `compact_above` photos the shortlist holds each photo's 48 strongest descriptors, below
    it the full 256 (photos with fewer keypoints hold fewer); both still identify the work."""
    index = PhotoIndex(tmp_path / "photo-index", compact_above=compact_above, compact_keypoints=48)
    for image_id, img in works.items():
        index.add(image_id, img)
    assert index.descriptors_per_photo == per_photo
    counts = _per_photo_counts(index)
    assert len(counts) == 4 and counts.max() <= per_photo
    assert counts.max() > 48 or per_photo == 48
    best = _top(index, perspective(works[13], 0.08, seed=1))
    assert (best.image_id, best.verdict) == (13, "match")


def test_shrinking_below_the_compact_size_restores_the_full_shortlist(tmp_path, works):
    index = PhotoIndex(tmp_path / "photo-index", compact_above=3, compact_keypoints=48)
    for image_id, img in works.items():
        index.add(image_id, img)
    index.remove(14)
    index.add(15, painting(15))  # four photos again: still compact
    assert index.descriptors_per_photo == 48
    index.remove(15)
    index.retrain()
    assert index.descriptors_per_photo == 256 and _per_photo_counts(index).max() > 48


def test_compact_shortlist_is_saved_and_mapped_by_shared_readers(tmp_path, works):
    directory = tmp_path / "photo-index"
    index = PhotoIndex(directory, compact_above=0, compact_keypoints=48)
    for image_id, img in works.items():
        index.add(image_id, img)
    index.save()
    # a web process opens it with the default settings: the count comes from the saved catalogue
    reader = PhotoIndex.open(directory, shared=True)
    assert reader.descriptors_per_photo == 48 and reader.descriptor_count == index.descriptor_count
    assert _per_photo_counts(reader).max() <= 48
    best = _top(reader, damage(works[11]))
    assert (best.image_id, best.verdict) == (11, "match")
    with pytest.raises(RuntimeError):
        reader.add(16, painting(16))


def test_native_threads_holds_each_library_to_the_count_then_restores_it(tmp_path, works):
    import cv2
    import faiss
    from threadpoolctl import threadpool_info, threadpool_limits

    from heritrace.images.index import configure_threads, native_threads

    index = PhotoIndex(tmp_path / "photo-index")
    for image_id, img in works.items():
        index.add(image_id, img)
    query = perspective(works[13], 0.08, seed=2)
    before = faiss.omp_get_max_threads(), cv2.getNumThreads()
    configure_threads(2)
    try:
        with threadpool_limits(limits=2):
            free = identify(index, query)
            with native_threads(1):
                assert faiss.omp_get_max_threads() == 1 and cv2.getNumThreads() == 1
                assert {pool["num_threads"] for pool in threadpool_info()} == {1}
                held = identify(index, query)
            assert faiss.omp_get_max_threads() == 2 and cv2.getNumThreads() == 2
            assert {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"} == {2}
    finally:
        faiss.omp_set_num_threads(before[0])
        cv2.setNumThreads(before[1])
    # the same candidates, scores and verdicts whatever the thread counts
    assert [(c.image_id, c.score, c.inliers, c.verdict) for c in held] == [
        (c.image_id, c.score, c.inliers, c.verdict) for c in free
    ]
    assert held[0].image_id == 13

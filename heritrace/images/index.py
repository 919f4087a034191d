"""The photo index: per-photo features on disk plus the shortlist index, kept next to the database.

Layout of the directory:
- `features/NNNN/<image_id>.npz`: keypoints, RootSIFT descriptors, pHash of one register photo;
- `catalogue.npz`: which photos are indexed (ids, pHashes);
- `shortlist.faiss`: the descriptor-voting index (see `shortlist`);
- `embeddings.faiss`: only when a learned embedder is configured.

`add` computes everything before touching the index, so a photo that cannot be decoded or described
leaves nothing behind. `save` writes files atomically (temporary file, then rename).

A *shared* index (`open(..., shared=True)`, for web processes while `heritrace worker` processes do
the indexing) maps the shortlist file into memory read-only instead of reading it: the pages are the
operating system's page cache, one copy for every process on the machine, so adding a process does
not add a copy of the index. FAISS 1.15 maps flat and IVF scalar-quantised lists this way (measured in
`benchmarks/photo_shared_index.py`); the 4-bit fast-scan lists used above 4 M descriptors are read
into memory even when asked to map (`docs/benchmarks.md`).

A *large* register (more than `compact_above` photos, default `COMPACT_ABOVE`) keeps only the
`compact_keypoints` strongest descriptors of each photo in the shortlist (default
`COMPACT_KEYPOINTS`) instead of `SHORTLIST_KEYPOINTS`, so that 1,000,000 photos fit in about 2.6 GB
(measured in `docs/benchmarks.md`). The count in use is chosen when the shortlist is (re)built and is
saved with the catalogue; crossing the size in either direction rebuilds the shortlist. Queries and
verification are unchanged: verification reads the full feature files.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import faiss
import numpy as np
from PIL import Image

from heritrace.images import shortlist
from heritrace.images.embedder import ImageEmbedder
from heritrace.images.features import (
    SHORTLIST_KEYPOINTS,
    PhotoFeatures,
    extract_register,
    features_from_arrays,
    features_to_arrays,
)

CACHE_SIZE = 512
RETRAIN_GROWTH = 4
COMPACT_ABOVE = 100_000  # register photos; at 256 descriptors a photo, 100,000 photos hold 1.8 GB
COMPACT_KEYPOINTS = 64


def configure_threads(count: int = 1) -> None:
    """Thread counts for FAISS and OpenCV; a server handling requests in parallel wants 1."""
    faiss.omp_set_num_threads(count)
    import cv2

    cv2.setNumThreads(count)


@contextmanager
def native_threads(count: int) -> Iterator[None]:
    """FAISS, OpenCV and the BLAS behind numpy's matrix products limited to ``count`` threads each
    while the block runs, then restored (process-wide).

    For callers that already run one photo identification per core in threads of their own (the
    market monitor's crawl workers): each library's own threads would otherwise oversubscribe the
    cores, and OpenBLAS threads that spin waiting for a core cost more than they save."""
    import cv2
    from threadpoolctl import threadpool_limits

    faiss_before, cv2_before = faiss.omp_get_max_threads(), cv2.getNumThreads()
    configure_threads(count)
    try:
        with threadpool_limits(limits=count):
            yield
    finally:
        faiss.omp_set_num_threads(faiss_before)
        cv2.setNumThreads(cv2_before)


class PhotoIndex:
    """Register photos searchable by photo; `image_id` is the register photo's database row id."""

    def __init__(
        self,
        directory: str | Path,
        embedder: ImageEmbedder | None = None,
        shared: bool = False,
        *,
        compact_above: int = COMPACT_ABOVE,
        compact_keypoints: int = COMPACT_KEYPOINTS,
    ) -> None:
        self.directory = Path(directory)
        self.embedder = embedder
        self.shared = shared
        self.compact_above = compact_above
        self.compact_keypoints = compact_keypoints
        # descriptors a photo in the shortlist now (set when the shortlist is built, saved with it)
        self._per_photo = SHORTLIST_KEYPOINTS
        self._phashes: dict[int, int] = {}
        self._shortlist = shortlist.new_index(None, 0)
        self._trained_for = 0
        self._embeddings = faiss.IndexIDMap(faiss.IndexFlatIP(embedder.dimension)) if embedder else None
        self._cache: OrderedDict[int, PhotoFeatures] = OrderedDict()

    @classmethod
    def open(
        cls, directory: str | Path, embedder: ImageEmbedder | None = None, shared: bool = False
    ) -> PhotoIndex:
        """Open the index saved in `directory`, or an empty one if there is none yet; a `shared`
        index is mapped read-only (it cannot be changed through this object)."""
        index = cls(directory, embedder, shared)
        index._load()
        return index

    def saved_at(self) -> float:
        """When the index was last saved (by any process), 0 if never."""
        try:
            return (self.directory / "catalogue.npz").stat().st_mtime
        except FileNotFoundError:
            return 0.0

    def __contains__(self, image_id: object) -> bool:
        return image_id in self._phashes

    def __len__(self) -> int:
        return len(self._phashes)

    @property
    def image_ids(self) -> list[int]:
        return list(self._phashes)

    @property
    def descriptor_count(self) -> int:
        return int(self._shortlist.ntotal)

    @property
    def descriptors_per_photo(self) -> int:
        """How many of each photo's strongest descriptors the shortlist holds (at most)."""
        return self._per_photo

    def _wanted_per_photo(self, photos: int) -> int:
        return self.compact_keypoints if photos > self.compact_above else SHORTLIST_KEYPOINTS

    def add(self, image_id: int, img: Image.Image) -> None:
        """Index one register photo (replacing an earlier version with the same id)."""
        features = extract_register(img)
        embedding = self.embedder.embed(img) if self.embedder else None
        self.add_features(image_id, features, embedding)

    def add_features(
        self, image_id: int, features: PhotoFeatures, embedding: np.ndarray | None = None
    ) -> None:
        """Index features computed elsewhere (by a worker process, for instance)."""
        self._writable()
        image_id = int(image_id)
        if image_id in self:
            self.remove(image_id)
        self._write_features(image_id, features)
        shortlist.add_photo(self._shortlist, image_id, features.shortlist_descriptors(self._per_photo))
        if self._embeddings is not None and embedding is not None:
            self._embeddings.add_with_ids(_unit_rows(embedding), np.array([image_id], np.int64))
        self._phashes[image_id] = features.phash
        self._maybe_retrain()

    def remove(self, image_id: int) -> None:
        """Forget one register photo; unknown ids are ignored."""
        self._writable()
        image_id = int(image_id)
        if image_id not in self._phashes:
            return
        shortlist.remove_photos(self._shortlist, [image_id])
        if self._embeddings is not None:
            shortlist.remove_photos(self._embeddings, [image_id])
        del self._phashes[image_id]
        self._cache.pop(image_id, None)
        self._feature_path(image_id).unlink(missing_ok=True)

    def rebuild(
        self,
        items: Iterable[tuple[int, Callable[[], Image.Image]]],
        progress: Callable[[int], None] | None = None,
    ) -> list[tuple[int, str]]:
        """Re-index from scratch; returns the (image_id, reason) of photos that could not be read.

        `items` yields loaders rather than images so that only one photo is in memory at a time.
        """
        from heritrace.images.decode import ImageRejected

        self._writable()
        self._reset()
        failures: list[tuple[int, str]] = []
        for done, (image_id, loader) in enumerate(items, start=1):
            try:
                self.add(image_id, loader())
            except ImageRejected as exc:
                failures.append((int(image_id), exc.reason))
            if progress:
                progress(done)
        self.retrain()
        self.save()
        return failures

    def features(self, image_id: int) -> PhotoFeatures:
        """Stored features of one indexed photo (kept in a small LRU cache)."""
        cached = self._cache.get(image_id)
        if cached is not None:
            self._cache.move_to_end(image_id)
            return cached
        with np.load(self._feature_path(image_id)) as arrays:
            features = features_from_arrays(arrays)
        self._cache[image_id] = features
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return features

    def phash(self, image_id: int) -> int | None:
        """The 64-bit pHash of an indexed photo (unsigned), None when it is not indexed."""
        return self._phashes.get(int(image_id))

    def phash_items(self) -> tuple[np.ndarray, np.ndarray]:
        ids = np.fromiter(self._phashes.keys(), np.int64, len(self._phashes))
        hashes = np.fromiter(self._phashes.values(), np.uint64, len(self._phashes))
        return ids, hashes

    def shortlist(self, query_descriptors: np.ndarray, limit: int) -> list[tuple[int, float]]:
        return shortlist.vote(self._shortlist, query_descriptors, limit)

    def embedding_shortlist(self, img: Image.Image, limit: int) -> list[tuple[int, float]]:
        if self.embedder is None or self._embeddings is None or self._embeddings.ntotal == 0:
            return []
        sims, ids = self._embeddings.search(_unit_rows(self.embedder.embed(img)), limit)
        return [(int(i), float(s)) for i, s in zip(ids[0], sims[0], strict=True) if i >= 0]

    def retrain(self) -> None:
        """Rebuild the shortlist index with the structure (and the descriptors a photo) suited to its
        current size."""
        ids = list(self._phashes)
        per_photo = self._wanted_per_photo(len(ids))
        sample = self._training_sample(ids, per_photo)
        total = max(len(ids) * per_photo, 1)
        fresh = shortlist.new_index(sample, total)
        for image_id in ids:
            shortlist.add_photo(fresh, image_id, self.features(image_id).shortlist_descriptors(per_photo))
        self._shortlist = fresh
        self._per_photo = per_photo
        # An index left exact for lack of training data is retried on the next addition.
        self._trained_for = 0 if shortlist.is_exact(fresh) else len(ids)

    def save(self) -> None:
        """Write the shortlist index and the catalogue (feature files are written by `add`)."""
        self._writable()
        self.directory.mkdir(parents=True, exist_ok=True)
        _atomic_write_index(self._shortlist, self.directory / "shortlist.faiss")
        if self._embeddings is not None:
            _atomic_write_index(self._embeddings, self.directory / "embeddings.faiss")
        ids, hashes = self.phash_items()
        tmp = self.directory / "catalogue.tmp.npz"
        np.savez(
            tmp,
            ids=ids,
            phashes=hashes,
            trained_for=np.array([self._trained_for]),
            per_photo=np.array([self._per_photo]),
        )
        os.replace(tmp, self.directory / "catalogue.npz")

    def _load(self) -> None:
        catalogue = self.directory / "catalogue.npz"
        if not catalogue.exists():
            return
        with np.load(catalogue) as arrays:
            self._phashes = dict(zip(arrays["ids"].tolist(), arrays["phashes"].tolist(), strict=True))
            self._trained_for = int(arrays["trained_for"][0])
            # catalogues saved before the compact shortlist hold the full count
            if "per_photo" in arrays:
                self._per_photo = int(arrays["per_photo"][0])
        flags = faiss.IO_FLAG_MMAP_IFC if self.shared else 0
        self._shortlist = faiss.read_index(str(self.directory / "shortlist.faiss"), flags)
        if hasattr(self._shortlist, "nprobe"):
            self._shortlist.nprobe = shortlist.NPROBE
        embeddings = self.directory / "embeddings.faiss"
        if self._embeddings is not None and embeddings.exists():
            self._embeddings = faiss.read_index(str(embeddings))

    def _writable(self) -> None:
        if self.shared:
            raise RuntimeError("this photo index is shared read-only: the worker processes index photos")

    def _reset(self) -> None:
        for image_id in list(self._phashes):
            self._feature_path(image_id).unlink(missing_ok=True)
        self._phashes.clear()
        self._cache.clear()
        self._shortlist = shortlist.new_index(None, 0)
        if self._embeddings is not None:
            self._embeddings.reset()
        self._trained_for = 0
        self._per_photo = SHORTLIST_KEYPOINTS

    def _maybe_retrain(self) -> None:
        # Exact search is fine while small; past that, and after each x4 growth, re-cluster; crossing
        # the compact size changes the descriptors a photo, so the shortlist is rebuilt then too.
        photos = len(self._phashes)
        grown = photos * self._per_photo > shortlist.EXACT_LIMIT and photos >= RETRAIN_GROWTH * max(
            self._trained_for, 1
        )
        if grown or self._wanted_per_photo(photos) != self._per_photo:
            self.retrain()

    def _training_sample(self, ids: list[int], per_photo: int) -> np.ndarray | None:
        if not ids:
            return None
        rng = np.random.default_rng(0)
        chosen = rng.permutation(ids)[: max(1, shortlist.TRAINING_SAMPLE // 64)]
        parts = [
            self.features(int(i)).shortlist_descriptors(per_photo)[:: max(1, per_photo // 64)] for i in chosen
        ]
        return np.concatenate(parts) if parts else None

    def _feature_path(self, image_id: int) -> Path:
        return self.directory / "features" / f"{image_id // 1000:04d}" / f"{image_id}.npz"

    def _write_features(self, image_id: int, features: PhotoFeatures) -> None:
        path = self._feature_path(image_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, **features_to_arrays(features))
        os.replace(tmp, path)
        self._cache.pop(image_id, None)


def _unit_rows(vector: np.ndarray) -> np.ndarray:
    rows = np.asarray(vector, np.float32).reshape(1, -1)
    return rows / max(float(np.linalg.norm(rows)), 1e-9)


def _atomic_write_index(index: faiss.Index, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    faiss.write_index(index, str(tmp))
    os.replace(tmp, path)

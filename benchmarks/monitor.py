"""Market monitor benchmarks: crawl + screening throughput from a loopback marketplace, and
retro-screening of a new record against a large archive of listings.

Usage:
  python benchmarks/monitor.py crawl [--listings 2000] [--register 2000] [--photos 200] [--every N]
                                    [--pool 1000] [--log FILE]
  python benchmarks/monitor.py retro [--sizes 10000,100000] [--queries 50]
  python benchmarks/monitor.py archive [--listings 1000000] [--queries 20] [--register 20000]
                                       [--postgres postgresql+psycopg://ADMIN@HOST/postgres]

``crawl``: a generated register (``heritrace demo``'s generator, ``--photos`` of its records with a
photo, indexed) in a fresh SQLite data directory; a JSON-LD marketplace on 127.0.0.1, in a process
of its own, serving ``--listings`` listings made on request from their numbers (nothing kept per
listing, so that a run of 100,000 measures the monitor's memory, not the site's), one photo each, a
tenth of them re-described registered objects with a re-photographed register photo; the photos'
pixels come from pools made at the start (``--pool`` paintings, 3 re-photographs of each register
photo), each served as a file of its own (its own SHA-256: never a re-listing); one crawl with no
politeness delay, ``--concurrency`` workers (2), no screenshots. Works against another checkout's
code: copy this file into that checkout's ``benchmarks/`` and run it from there.
Reports listings/s over the whole crawl and per slice (a tenth of it, or ``--every`` listings), the
process's resident memory at each slice, and the least-squares slope of resident memory over the
second half (MB per 1,000 listings); ``--log FILE`` appends each slice's line to a file as it comes.
The quiet-machine run of 100,000 listings:
``python benchmarks/monitor.py crawl --listings 100000 --register 300 --photos 60 --every 1000``.

``retro``: the listings archive engine (the text engine over listings, as ``ListingArchive`` builds
it) at each size: listings written from Tate artworks (titles, makers, media, dates; mixed
synthetic ones beyond the Tate's ~70,000) when the shared data are present, else from the demo
generator. Per query (a register record): the candidate search in the archive, then the re-screening
of the candidates against a register engine of the new records and ``--register`` generated ones
(as ``retro_screen`` does against the whole register). Reports
build time, memory, and the median and 95th percentile per query.

``archive``: the monitor's own retro-screening (``MarketMonitor.retro_screen``, as the queue's job
runs it) against ``--listings`` archived listings bulk-inserted into the database (``db.bulk``:
executemany on SQLite, COPY on PostgreSQL; no crawl), the same Tate-made texts; ``--queries`` new
stolen records made from archived listings beside ``--register`` generated ones. Each new record
has a photo (indexed); the listing it was made from shows that photo resized and saved again as JPEG
at another quality (stored in the image store, its pHash as the crawl computes it), every other
listing one photo with a random pHash. Reports the insert, the archive engine's build and the load
of the archived pHashes (once per process), then per new record the median, 95th percentile and
maximum, each phase (text, photos: the pHash search and the verification of its candidates, hits
stored), how often the listing the record was made from is among its hits and how often its photo
copy was confirmed.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
TATE = REPO.parent / "shared" / "data" / "tate" / "tate_artworks.jsonl.gz"


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- crawl + screen throughput -----------------------------------------------------------------

REGISTERED_EVERY = 10  # every tenth listing is a registered object, re-described and re-photographed
CROPS_PER_RECORD = 3  # distinct re-photographs (perspective, crop) of each register photo


def unique_jpeg(jpeg: bytes, n: int) -> bytes:
    """The same pixels with a comment naming listing ``n``: a file of its own (its own SHA-256, so
    never taken for a re-listing), decoded and identified like any other."""
    note = f"listing {n}".encode()
    return jpeg[:2] + b"\xff\xfe" + (len(note) + 2).to_bytes(2, "big") + note + jpeg[2:]


class BenchSite:
    """``listings`` marketplace listings made on request from listing numbers (nothing kept per
    listing): photos come from pools made once (``pool`` paintings, ``CROPS_PER_RECORD``
    re-photographs of each register photo), each served as a file of its own (``unique_jpeg``)."""

    def __init__(self, register: Path, photos: int, listings: int, pool: int):
        from tests.diligence.helpers import warped_crop
        from tests.images.synthetic import painting

        self.listings = listings
        self.records = [json.loads(line) for line in register.read_text().splitlines()]
        self.photos = photos
        self.paintings = [_jpeg(painting(90_000 + k, (400, 300))) for k in range(pool)]
        originals = [(register.parent / rec["images"][0]).read_bytes() for rec in self.records[:photos]]
        self.crops = [[warped_crop(data, seed=k + 1) for k in range(CROPS_PER_RECORD)] for data in originals]

    def item(self, n: int):  # noqa: ANN201
        from tests.monitor.sites import Item

        rng = random.Random(n)
        if n % REGISTERED_EVERY == 0:
            k = rng.randrange(self.photos)
            rec = self.records[k]
            photo = self.crops[k][(n // REGISTERED_EVERY) % CROPS_PER_RECORD]
            title = f"{rec.get('maker') or ''} {rec['title']}".strip()
            desc = f"{rec.get('materials_techniques') or ''}. {rec.get('date_or_period') or ''}"
        else:
            other = self.records[rng.randrange(len(self.records))]
            kind = other.get("type_of_object") or "item"
            title = f"{rng.choice(['Lovely', 'Rare', 'Old', 'Decorative'])} {kind} no. {n}"
            desc, photo = "From a house clearance.", self.paintings[n % len(self.paintings)]
        return Item(f"l{n:07d}", title, desc, photos=[unique_jpeg(photo, n)])


def _jpeg(img) -> bytes:  # noqa: ANN001
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=85)
    return buf.getvalue()


def serve_site(register: str, photos: int, listings: int, pool: int, ports, stop) -> None:  # noqa: ANN001
    """The marketplace, in a process of its own (its CPU is not the monitor's)."""
    sys.path.insert(0, str(REPO))
    from tests.monitor.sites import Marketplace

    bench = BenchSite(Path(register), photos, listings, pool)

    class Site(Marketplace):
        def __init__(self) -> None:
            super().__init__("jsonld", [], per_page=50)
            self.items = _Items(bench)

        def index(self, page: int) -> str:
            start = (page - 1) * self.per_page
            shown = range(start, min(start + self.per_page, bench.listings))
            links = "".join(f'<li><a href="/item/l{n:07d}">listing {n}</a></li>' for n in shown)
            more = start + self.per_page < bench.listings
            nav = f'<a rel="next" href="/?page={page + 1}">next</a>' if more else ""
            head = "<!doctype html><html><head><title>Shop</title></head>"
            return f"{head}<body><ul>{links}</ul>{nav}</body></html>"

        def answer(self, path: str):  # noqa: ANN201
            status, ctype, body, extra = super().answer(path)
            self.requests.clear()  # nothing kept per request
            return status, ctype, body, extra

    site = Site()
    site.start()
    ports.put(site.base)
    parent = os.getppid()
    while not stop.wait(1) and os.getppid() == parent:  # until told, or the benchmark is gone
        pass
    site.stop()


class _Items:
    """``Marketplace.items`` made on request, the last few kept (a page, then its photo)."""

    def __init__(self, bench: BenchSite):
        self.bench = bench
        self.recent: dict[str, object] = {}

    def get(self, slug: str):  # noqa: ANN201
        if not (slug.startswith("l") and slug[1:].isdigit()) or int(slug[1:]) >= self.bench.listings:
            return None
        item = self.recent.get(slug)
        if item is None:
            item = self.recent[slug] = self.bench.item(int(slug[1:]))
            while len(self.recent) > 64:
                self.recent.pop(next(iter(self.recent)))
        return item


def crawl_benchmark(
    listings: int, register: int, photos: int, concurrency: int, every: int, pool: int, log: str | None
) -> None:
    import multiprocessing
    import threading

    from heritrace.core.actor import SYSTEM
    from heritrace.core.settings import Settings
    from heritrace.monitor import crawl as crawl_module
    from heritrace.monitor.evidence import Screenshotter
    from heritrace.monitor.schemas import SourceConfig
    from heritrace.objects.demo import write_demo_register
    from heritrace.objects.transfer import RegisterImporter
    from heritrace.platform import Heritrace

    print(f"heritrace from {Path(crawl_module.__file__).parents[2]}", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="monitor-bench-"))
    path = write_demo_register(tmp / "reg", count=register, with_photos=photos)
    spawn = multiprocessing.get_context("spawn")
    ports, stop = spawn.Queue(), spawn.Event()
    server = spawn.Process(
        target=serve_site, args=(str(path), photos, listings, min(pool, listings), ports, stop), daemon=True
    )
    server.start()
    platform = Heritrace(Settings(mode="test", data_dir=tmp / "data", database_url=None))
    t = time.perf_counter()
    RegisterImporter(platform.sessions, platform.images, SYSTEM).run(path)
    platform.photos.sync()
    platform.matcher.engine()
    print(
        f"register: {register} records, {photos} photos, "
        f"loaded and indexed in {time.perf_counter() - t:.1f} s",
        flush=True,
    )
    base = ports.get(timeout=600)
    config = SourceConfig(
        name="bench",
        start_urls=[base + "/"],
        allowed_domains=["127.0.0.1"],
        delay_s=0,
        concurrency=concurrency,
        max_pages=10_000_000,
    )
    platform.monitor.add_source(SYSTEM, config)

    # the crawl's report, read by a sampling thread (whatever the version of the crawl's code)
    crawls: list = []
    original_init = crawl_module.SourceCrawl.__init__

    def capture(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        original_init(self, *args, **kwargs)
        crawls.append(self)

    crawl_module.SourceCrawl.__init__ = capture  # type: ignore[method-assign]
    step = every or max(1, listings // 10)
    marks: list[tuple[int, float, float]] = []
    log_file = open(log, "a") if log else None  # noqa: SIM115
    finished = threading.Event()

    def sample() -> None:
        while not finished.wait(0.02):
            if not crawls:
                continue
            seen = crawls[0].report.listings_seen
            if seen >= marks[-1][0] + step:
                marks.append((seen, time.perf_counter(), rss_mb()))
                (n0, t0, _), (n1, t1, m1) = marks[-2:]
                line = (f"  listings {n0:>7}-{n1:<7} {(n1 - n0) / (t1 - t0):6.1f} listings/s   "
                        f"RSS {m1:7.0f} MB   load {os.getloadavg()[0]:.1f}")  # fmt: skip
                print(line, flush=True)
                if log_file:
                    log_file.write(line + "\n")
                    log_file.flush()

    start, cpu = time.perf_counter(), os.times()
    marks.append((0, start, rss_mb()))
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    report = platform.monitor.crawl("bench", screenshots=Screenshotter(enabled=False))
    elapsed = time.perf_counter() - start
    finished.set()
    sampler.join()
    used = sum(os.times()[:2]) - sum(cpu[:2])  # this process's CPU seconds, all threads
    stop.set()
    server.join(10)
    print(f"crawl: {report.listings_seen} listings, {report.pages} pages, {report.hits} hits "
          f"({report.evidence} evidence packages) in {elapsed:.1f} s "
          f"= {report.listings_seen / elapsed:.1f} listings/s")  # fmt: skip
    print(rss_slope(marks))
    print(
        f"peak RSS {peak_mb():.0f} MB; CPU {used:.1f} s = "
        f"{used / report.listings_seen * 1000:.0f} ms per listing "
        f"(the monitor's process; the marketplace runs in another): "
        f"{2 * report.listings_seen / used:.1f} listings/s on 2 cores of our own"
    )
    print(f"load average at the end: {os.getloadavg()}")
    expected = len(range(0, listings, REGISTERED_EVERY))
    print(f"registered objects on sale: {expected}; hits: {report.hits}")
    if log_file:
        log_file.close()
    shutil.rmtree(tmp, ignore_errors=True)


def rss_slope(marks: list[tuple[int, float, float]]) -> str:
    """Least-squares slope of resident memory against listings seen, over the second half of the
    crawl (the first half includes the warm-up: caches, the register's engines)."""
    half = [(n, m) for n, _, m in marks[1:] if n >= marks[-1][0] / 2]
    if len(half) < 2:
        return "RSS slope: too few marks"
    mean_n = statistics.fmean(n for n, _ in half)
    mean_m = statistics.fmean(m for _, m in half)
    slope = sum((n - mean_n) * (m - mean_m) for n, m in half) / sum((n - mean_n) ** 2 for n, _ in half)
    return (
        f"RSS slope over listings {half[0][0]}-{half[-1][0]}: {slope * 1000:.1f} MB per 1,000 listings "
        f"(= {slope * 100_000:.0f} MB over 100,000 if it held)"
    )


# -- retro-screening -------------------------------------------------------------------------------


def tate_listings(target: int) -> list[tuple[str, str]]:
    rows = []
    if TATE.exists():
        with gzip.open(TATE, "rt", encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh]
    rng = random.Random(3)
    out: list[tuple[str, str]] = []
    while len(out) < target:
        if rows:
            a, b, c = rng.choice(rows), rng.choice(rows), rng.choice(rows)
            mixed = len(out) >= len(rows)
            title = (b if mixed else a).get("title") or "Untitled"
            desc = ", ".join(
                str(v or "")
                for v in (
                    (c if mixed else a).get("artists"),
                    a.get("medium"),
                    a.get("date"),
                    a.get("dimensions"),
                )
            )
        else:
            from heritrace.objects.demo import make_record

            rec = make_record(rng, len(out) + 1)
            title, desc = rec["title"], f"{rec.get('maker') or ''} {rec.get('materials_techniques') or ''}"
        out.append((title, desc))
    return out


def retro_benchmark(sizes: list[int], queries: int, register_size: int, candidates_k: int) -> None:
    from heritrace.matching.engine import MatchEngine
    from heritrace.matching.records import Query, RegisterRecord
    from heritrace.monitor.archive import listing_record
    from heritrace.monitor.extract import ListingData
    from heritrace.monitor.screen import listing_query
    from heritrace.objects.demo import make_record

    biggest = tate_listings(max(sizes))
    rng = random.Random(11)
    demo = random.Random(5)
    padding = [RegisterRecord.from_dict(make_record(demo, n)) for n in range(1, register_size + 1)]
    for size in sizes:
        t = time.perf_counter()
        archive = MatchEngine.build(
            listing_record(i, title, desc) for i, (title, desc) in enumerate(biggest[:size])
        )
        build = time.perf_counter() - t
        # the new records: objects whose listings are in the archive (re-described by their sellers)
        picks = rng.sample(range(size), queries)
        objects = []
        for i in picks:
            title, desc = biggest[i]
            parts = [p.strip() for p in desc.split(",")]
            objects.append(
                RegisterRecord(
                    object_id=f"NEW-{i}", title=title, maker=parts[0] or None,
                    materials_techniques=parts[1] if len(parts) > 1 and parts[1] else None,
                )
            )  # fmt: skip
        register = MatchEngine.build([*objects, *padding])
        search, rescreen, found = [], [], 0
        for obj, listing_id in zip(objects, picks, strict=True):
            q = Query(
                title=obj.title,
                maker=obj.maker,
                materials_techniques=obj.materials_techniques,
                query_id=obj.object_id,
            )
            t0 = time.perf_counter()
            candidates = [int(r.object_id) for r in archive.match(q, candidates_k)]
            t1 = time.perf_counter()
            hits = []
            for c in candidates:
                title, desc = biggest[c]
                for r in register.match(listing_query(ListingData("", title=title, description=desc)), 5):
                    if r.object_id == obj.object_id and r.verdict in ("match", "possible"):
                        hits.append(c)
            t2 = time.perf_counter()
            search.append(t1 - t0)
            rescreen.append(t2 - t1)
            found += listing_id in hits
        total = [a + b for a, b in zip(search, rescreen, strict=True)]
        q95 = statistics.quantiles(total, n=20)[-1]
        ms = {
            k: statistics.median(v) * 1000
            for k, v in (("search", search), ("rescreen", rescreen), ("total", total))
        }
        print(f"archive {size:>9,} listings: built in {build:6.1f} s, RSS {rss_mb():6.0f} MB; "
              "per new record: "
              f"search median {ms['search']:6.1f} ms, re-screen median {ms['rescreen']:6.1f} ms, "
              f"total median {ms['total']:6.1f} ms, p95 {q95 * 1000:6.1f} ms; "
              f"own listing found {found}/{queries}")  # fmt: skip
        del archive


# -- retro-screening through the monitor, against an archive bulk-loaded into the database --------


def archive_benchmark(listings: int, queries: int, register: int, postgres: str | None) -> None:
    """``MarketMonitor.retro_screen`` end to end (the archive engine's candidates, their rows read
    back, each re-screened against the whole register, same-photo look-up, hits stored) for new
    records made from archived listings, against ``listings`` rows bulk-inserted into
    ``monitor_listing`` (no crawl)."""

    tmp = Path(tempfile.mkdtemp(prefix="monitor-archive-"))
    admin = database_url = None
    if postgres:  # a database of its own, dropped at the end
        from sqlalchemy import create_engine

        from tests.conftest import make_postgres_url

        admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
        database_url = make_postgres_url(admin)
    try:
        _archive_run(tmp, database_url, listings, queries, register)
    finally:
        if admin is not None and database_url is not None:
            from tests.conftest import drop_postgres

            drop_postgres(admin, database_url)
        shutil.rmtree(tmp, ignore_errors=True)


def _archive_run(tmp: Path, database_url: str | None, listings: int, queries: int, register: int) -> None:
    import hashlib
    from datetime import timedelta

    from sqlalchemy import func, select

    from heritrace.audit.unit import unaudited
    from heritrace.core.actor import SYSTEM
    from heritrace.core.settings import Settings
    from heritrace.db.base import utcnow
    from heritrace.db.bulk import insert_rows
    from heritrace.images.decode import load_image
    from heritrace.images.features import extract_query
    from heritrace.monitor.models import MonitorHit, MonitorListing, MonitorPhoto, MonitorSource, signed_phash
    from heritrace.objects.demo import write_demo_register
    from heritrace.objects.transfer import RegisterImporter
    from heritrace.platform import Heritrace
    from tests.diligence.helpers import register_photo
    from tests.monitor.conftest import recompressed

    platform = Heritrace(Settings(mode="test", data_dir=tmp / "data", database_url=database_url))
    store = "PostgreSQL" if database_url else "SQLite"
    rng = random.Random(11)
    t = time.perf_counter()
    texts = tate_listings(listings)
    print(f"{listings:,} listing texts made in {time.perf_counter() - t:.0f} s", flush=True)
    picks = rng.sample(range(listings), queries)
    # the new records: objects whose listings are in the archive, described by their owners
    new = []
    for i in picks:
        title, desc = texts[i]
        parts = [p.strip() for p in desc.split(",")]
        new.append({"id": f"NEW-{i}", "title": title, "maker": parts[0] or None, "status": "stolen",
                    "materials_techniques": parts[1] if len(parts) > 1 and parts[1] else None,
                    "classification": "public"})  # fmt: skip
    path = write_demo_register(tmp / "reg", count=register, with_photos=0)
    with path.open("a", encoding="utf-8") as fh:
        for record in new:
            fh.write(json.dumps(record) + "\n")
    t = time.perf_counter()
    RegisterImporter(platform.sessions, platform.images, SYSTEM).run(path)
    platform.matcher.engine()
    print(f"register: {register + queries:,} records loaded and indexed in {time.perf_counter() - t:.0f} s")
    # each new record has a photo; the listing it was made from shows that photo resized and saved
    # again as JPEG at another quality (another file: found by pHash, then confirmed); every other
    # archived listing has one photo with a random pHash (its file is not in the store)
    t = time.perf_counter()
    platform.objects.on_images_added = None  # indexed below, searched only when timed
    copies: dict[int, tuple[str, int]] = {}
    for record, i in zip(new, picks, strict=True):
        photo = register_photo(i)
        platform.objects.add_image(SYSTEM, record["id"], photo, "photo.jpg")
        copy = recompressed(photo)
        copies[i] = (platform.images.put(copy).sha256, extract_query(load_image(copy)).phash)
    platform.photos.sync()
    print(f"{queries} record photos added and indexed, their listing copies stored, in "
          f"{time.perf_counter() - t:.0f} s", flush=True)  # fmt: skip

    with platform.sessions.begin() as s:
        source = MonitorSource(name="archive", config="{}")
        s.add(source)
        s.flush()
        source_id = source.id
    t = time.perf_counter()
    seen = utcnow() - timedelta(days=400)  # seen long before the thefts were reported
    batch = 50_000
    last_id = 0
    for start in range(0, listings, batch):
        rows = []
        for n in range(start, min(start + batch, listings)):
            title, desc = texts[n]
            digest = hashlib.sha256(f"{title}\n{desc}".encode()).hexdigest()
            url = url_of(n)
            rows.append({"source_id": source_id, "url": url, "content_hash": digest, "text_hash": digest,
                         "title": title, "description": desc, "fields": "{}", "group_id": None,
                         "first_seen": seen, "last_seen": seen, "changed_at": seen})  # fmt: skip
        with platform.sessions.begin() as s:
            unaudited(s, "benchmark: an archive of listings written directly")
            insert_rows(s, MonitorListing.__table__, rows)
            ids = list(
                s.scalars(
                    select(MonitorListing.id).where(MonitorListing.id > last_id).order_by(MonitorListing.id)
                )
            )
            photos = []
            for n, listing_id in zip(range(start, min(start + batch, listings)), ids, strict=True):
                sha, phash = copies.get(n) or (hashlib.sha256(b"%d" % n).hexdigest(), rng.getrandbits(64))
                photos.append({"listing_id": listing_id, "url": f"{url_of(n)}.jpg", "sha256": sha,
                               "mime": "image/jpeg", "phash": signed_phash(phash)})  # fmt: skip
            insert_rows(s, MonitorPhoto.__table__, photos)
            last_id = ids[-1]
    with platform.sessions() as s:
        stored = s.scalar(select(func.count()).select_from(MonitorListing))
    took = time.perf_counter() - t
    print(f"{store}: {stored:,} listings (one photo each, with its pHash) bulk-inserted in {took:.0f} s, "
          f"RSS {rss_mb():.0f} MB", flush=True)  # fmt: skip
    del texts
    t = time.perf_counter()
    platform.monitor.archive.engine()
    took = time.perf_counter() - t
    print(f"archive engine built in {took:.0f} s, RSS {rss_mb():.0f} MB, peak {peak_mb():.0f} MB", flush=True)
    t = time.perf_counter()
    platform.monitor.photo_hashes.refresh()
    took = time.perf_counter() - t
    loaded = len(platform.monitor.photo_hashes)
    print(f"photo pHashes loaded ({loaded:,}) in {took:.1f} s, RSS {rss_mb():.0f} MB", flush=True)
    phases: dict[str, list[float]] = {}
    monitor = platform.monitor
    for phase in ("_retro_text", "_retro_photos", "near_copy_candidates", "_verified_photo", "_store_retro"):
        setattr(monitor, phase, timed_phase(getattr(monitor, phase), phases.setdefault(phase.strip("_"), [])))
    times, found, by_photo, sealing = [], 0, 0, []
    for record, i in zip(new, picks, strict=True):
        t0 = time.perf_counter()
        hits = monitor.retro_screen(record["id"], seal=False)  # as the queue's job: hits stored
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        monitor.seal_retro(hits)  # the job that follows it
        sealing.append(time.perf_counter() - t0)
        with platform.sessions() as s:
            explained = dict(
                s.execute(
                    select(MonitorHit.listing_id, MonitorHit.explanation).where(MonitorHit.id.in_(hits))
                ).all()
            )
            own = s.scalar(select(MonitorListing.id).where(MonitorListing.url == url_of(i)))
        found += own in explained
        by_photo += own in explained and "phash_distance" in json.loads(explained[own]).get("photo", {})
        print(f"  {record['id']}: {times[-1] * 1000:6.0f} ms, {len(hits)} hits", flush=True)
    took = times
    q95 = statistics.quantiles(took, n=20)[-1] if len(took) > 1 else took[0]
    print(f"{store}, archive of {stored:,} listings: retro-screening to hits stored, per new record median "
          f"{statistics.median(took) * 1000:.0f} ms, p95 {q95 * 1000:.0f} ms, max {max(took) * 1000:.0f} ms "
          f"over {len(took)} records; own listing among the hits {found}/{len(took)}, its re-encoded photo "
          f"confirmed {by_photo}/{len(took)}; RSS {rss_mb():.0f} MB; "
          f"load average {os.getloadavg()}")  # fmt: skip
    phases["sealing the hits' evidence (the next job)"] = sealing
    for phase, spent in phases.items():
        print(f"  {phase}: median {statistics.median(spent) * 1000:.0f} ms, max {max(spent) * 1000:.0f} ms")


def url_of(n: int) -> str:
    return f"https://market.example/lot/{n}"


def timed_phase(method, spent: list[float]):  # noqa: ANN001, ANN201
    """``method``, recording the seconds each call takes into ``spent``."""

    def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        t = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - t)

    return timed


def main() -> None:
    from heritrace.monitor.archive import CANDIDATES

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    c = sub.add_parser("crawl")
    c.add_argument("--listings", type=int, default=2000)
    c.add_argument("--register", type=int, default=2000)
    c.add_argument("--photos", type=int, default=200)
    c.add_argument("--concurrency", type=int, default=2)
    c.add_argument("--every", type=int, default=0, help="record RSS every N listings (default: a tenth)")
    c.add_argument("--pool", type=int, default=1000, help="distinct unregistered listing photos (pixels)")
    c.add_argument("--log", default=None, help="also append the per-slice lines to this file")
    r = sub.add_parser("retro")
    r.add_argument("--sizes", default="10000,100000")
    r.add_argument("--queries", type=int, default=50)
    r.add_argument("--register", type=int, default=20000, help="generated records beside the new ones")
    r.add_argument("--candidates", type=int, default=0, help="listings re-screened (default: as the monitor)")
    a = sub.add_parser("archive")
    a.add_argument("--listings", type=int, default=1_000_000)
    a.add_argument("--queries", type=int, default=20)
    a.add_argument("--register", type=int, default=20000, help="generated records beside the new ones")
    a.add_argument(
        "--postgres",
        default=None,
        help="an admin URL (postgresql+psycopg://...): the run "
        "creates a database of its own there and drops it; SQLite when absent",
    )
    args = parser.parse_args()
    if args.what == "archive":
        archive_benchmark(args.listings, args.queries, args.register, args.postgres)
    elif args.what == "crawl":
        crawl_benchmark(
            args.listings, args.register, args.photos, args.concurrency, args.every, args.pool, args.log
        )
    else:
        retro_benchmark(
            [int(s) for s in args.sizes.split(",")],
            args.queries,
            args.register,
            args.candidates or CANDIDATES,
        )


if __name__ == "__main__":
    main()

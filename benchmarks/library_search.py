"""Library full-text search: time of a search over documents whose versions carry long extracted text.

Usage: python benchmarks/library_search.py [--documents 2000] [--words 3000] [--postgres URL]
Builds a library of synthetic documents (one version each, ``--words`` words of extracted text, as a
20-page PDF gives), under the four classifications, then times searches of one, two and three words,
as an anonymous reader and as a law-enforcement reader (``Library.search``: ``restrict``, tags, and one
LIKE per word over the folded text of the versions). Reports medians of 7 runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from heritrace.core.actor import ANONYMOUS, Actor  # noqa: E402
from heritrace.core.settings import Settings  # noqa: E402
from heritrace.core.text import fold  # noqa: E402
from heritrace.db.base import utcnow  # noqa: E402
from heritrace.library.models import LibraryDocument, LibraryVersion  # noqa: E402
from heritrace.library.schemas import SearchIn  # noqa: E402
from heritrace.platform import Heritrace  # noqa: E402

WORDS = (
    "provenance export licence icon manuscript coin amphora archaeological excavation customs border "
    "seizure auction dealer museum inventory theft looting restitution convention protocol due diligence "
    "certificate import declaration police investigation court judgment heritage ministry collection"
).split()
CLASSES = ["public", "partners", "law_enforcement", "restricted"]


def build(platform: Heritrace, documents: int, words: int, seed: int = 14) -> None:
    rng = random.Random(seed)
    now = utcnow()
    with platform.sessions.begin() as s:
        s.execute(
            insert(LibraryDocument),
            [
                {
                    "id": n + 1,
                    "created_at": now,
                    "updated_at": now,
                    "organisation_id": 1 + n % 20,
                    "published_by": "bench",
                    "kind": "guidance",
                    "classification": CLASSES[n % 4],
                    "topics": "",
                    "audiences": "",
                    "countries": "",
                    "featured": False,
                    "withdrawn": False,
                }
                for n in range(documents)
            ],
        )
        rows = []
        for n in range(documents):
            text = " ".join(rng.choice(WORDS) for _ in range(words)) + f" unique{n}"
            rows.append(
                {
                    "document_id": n + 1,
                    "language": "en",
                    "version": 1,
                    "created_at": now,
                    "created_by": "bench",
                    "title": f"Document {n}",
                    "summary": "",
                    "body": "",
                    "change_note": "",
                    "extracted_text": text,
                    "search_text": fold(text),
                }
            )
        s.execute(insert(LibraryVersion), rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--words", type=int, default=3000)
    parser.add_argument("--postgres", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        platform = Heritrace(Settings(mode="test", data_dir=Path(tmp), database_url=args.postgres))
        t0 = time.perf_counter()
        build(platform, args.documents, args.words)
        print(f"built {args.documents} documents x {args.words} words in {time.perf_counter() - t0:.1f} s")
        police = Actor(
            name="police",
            user_id=1,
            organisation_id=999,
            roles=frozenset({"investigator"}),
            vetted=True,
            law_enforcement=True,
        )
        for label, actor in (("anonymous", ANONYMOUS), ("police", police)):
            for q in ("provenance", "export licence", f"customs seizure unique{args.documents // 2}"):
                times = []
                for _ in range(7):
                    t = time.perf_counter()
                    found = platform.library.search(actor, SearchIn(q=q))
                    times.append(time.perf_counter() - t)
                median_ms = statistics.median(times) * 1000
                print(f"{label:<10} {q!r:<36} {len(found):>4} found  median {median_ms:7.1f} ms")
        platform.close()


if __name__ == "__main__":
    main()

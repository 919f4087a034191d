"""Plain baselines run beside the engine on the same registers and listings.

* BM25: SQLite FTS5 over title, maker, type, materials, date and description (``unicode61``
  tokenizer, diacritics removed); the listing's words as one OR query; ranked by ``bm25()``. It
  has no verdicts, so it only gets recall figures.
* Naive word overlap: the share of a record's title + maker words found in the listing (no
  translation, no fuzzy matching); verdict ``match`` at >= 0.8 with 2+ words, ``possible`` at
  >= 0.5 (the reference matcher of text-dev's README).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections import defaultdict

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
FTS_FIELDS = ("title", "maker", "type_of_object", "materials_techniques", "date_or_period", "description")


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return _TOKEN.findall("".join(ch for ch in folded if not unicodedata.combining(ch)))


class BM25:
    """SQLite FTS5 keyword search over the register (in memory)."""

    def __init__(self, records: list[dict]):
        self.db = sqlite3.connect(":memory:")
        columns = ", ".join(FTS_FIELDS)
        self.db.execute(
            f"CREATE VIRTUAL TABLE register USING fts5(object_id UNINDEXED, {columns}, "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        self.db.executemany(
            f"INSERT INTO register VALUES (?, {', '.join('?' for _ in FTS_FIELDS)})",
            ([r["id"], *(str(r.get(f) or "") for f in FTS_FIELDS)] for r in records),
        )

    def search(self, listing: dict, k: int = 10) -> list[dict]:
        """Top ``k`` records for the listing's words as an OR query (no verdicts)."""
        words = sorted(set(_words(f"{listing.get('title') or ''} {listing.get('description') or ''}")))
        if not words:
            return []
        query = " OR ".join(f'"{w}"' for w in words)
        rows = self.db.execute(
            "SELECT object_id, bm25(register) FROM register WHERE register MATCH ? "
            "ORDER BY bm25(register) LIMIT ?",
            (query, k),
        ).fetchall()
        return [{"object_id": oid, "score": -rank, "verdict": "none"} for oid, rank in rows]


class NaiveOverlap:
    """Share of a record's title + maker words present in the listing."""

    def __init__(self, records: list[dict]):
        self.words: dict[str, set[str]] = {}
        self.postings: dict[str, list[str]] = defaultdict(list)
        for record in records:
            words = set(_words(f"{record.get('title') or ''} {record.get('maker') or ''}"))
            self.words[record["id"]] = words
            for word in words:
                self.postings[word].append(record["id"])

    def search(self, listing: dict, k: int = 10) -> list[dict]:
        """Top ``k`` records by overlap share, with the README's verdict rule."""
        words = set(_words(f"{listing.get('title') or ''} {listing.get('description') or ''}"))
        hits: dict[str, int] = defaultdict(int)
        for word in words:
            for object_id in self.postings.get(word, ()):
                hits[object_id] += 1
        scored = sorted(
            ((count / len(self.words[oid]), count, oid) for oid, count in hits.items()),
            key=lambda item: (-item[0], -item[1], item[2]),
        )[:k]
        return [
            {"object_id": oid, "score": share, "verdict": _verdict(share, count)}
            for share, count, oid in scored
        ]


def _verdict(share: float, count: int) -> str:
    if share >= 0.8 and count >= 2:
        return "match"
    return "possible" if share >= 0.5 else "none"

"""The text a reader sees in a PDF, for the tests: extracted by pypdf (through each font's Unicode
map, so that Cyrillic and Arabic come back as letters), white space folded to single spaces."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())

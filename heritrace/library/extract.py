"""Text of uploaded library files, for full-text search: PDF (pypdf), Word .docx (python-docx), Excel
.xlsx (openpyxl, read-only), plain text. The file's first bytes must agree with its name's type; anything
else is refused with a message that says what is accepted. Extraction is bounded (pages, cells, characters)
so that a large or hostile file cannot hold a request for long."""

from __future__ import annotations

import io
import zipfile

from heritrace.core.errors import ValidationFailed
from heritrace.core.i18n import N_, _

ACCEPTED = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain",
    ".md": "text/markdown",
}
MAX_TEXT = 2_000_000  # characters of extracted text kept for searching
MAX_PAGES = 500
MAX_CELLS = 200_000
ACCEPTED_TEXT = N_("PDF, Word (.docx), Excel (.xlsx) or plain text (.txt, .md)")


def suffix_of(filename: str) -> str:
    name = filename.lower().strip()
    return name[name.rfind(".") :] if "." in name else ""


def media_type_of(filename: str) -> str:
    """The media type the file is stored and served as, from its (checked) name."""
    return ACCEPTED[suffix_of(filename)]


def extract_text(filename: str, data: bytes) -> str:
    """The searchable text of an upload; ValidationFailed (field ``file``) when it is not a file of the
    kind its name says, or cannot be read."""
    suffix = suffix_of(filename)
    if suffix not in ACCEPTED:
        raise ValidationFailed(
            {
                "file": _(
                    "%(file)s: only %(kinds)s files are accepted",
                    file=filename or _("the file"),
                    kinds=_(ACCEPTED_TEXT),
                )
            }
        )
    if not data:
        raise ValidationFailed({"file": _("the file is empty")})
    try:
        if suffix == ".pdf":
            text = _pdf(data)
        elif suffix == ".docx":
            text = _docx(data)
        elif suffix == ".xlsx":
            text = _xlsx(data)
        else:
            text = _plain(data)
    except ValidationFailed:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is a file we cannot read
        raise ValidationFailed(
            {
                "file": _(
                    "%(file)s could not be read as %(kind)s: %(error)s",
                    file=filename,
                    kind=suffix[1:].upper(),
                    error=exc,
                )[:300]
            }
        ) from None
    return text[:MAX_TEXT]


def _pdf(data: bytes) -> str:
    if not data.startswith(b"%PDF-"):
        raise ValidationFailed({"file": _("the file is named .pdf but is not a PDF")})
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise ValidationFailed({"file": _("the PDF is encrypted: upload it without a password")})
    parts: list[str] = []
    size = 0
    for page in reader.pages[:MAX_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > MAX_TEXT:
            break
    return "\n".join(parts)


def _zip(data: bytes, member: str, kind: str) -> None:
    if not data.startswith(b"PK"):
        raise ValidationFailed(
            {"file": _("the file is named .%(kind)s but is not an Office Open XML file", kind=kind)}
        )
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if member not in z.namelist():
            raise ValidationFailed(
                {"file": _("the file is named .%(kind)s but does not hold a %(kind)s document", kind=kind)}
            )


def _docx(data: bytes) -> str:
    _zip(data, "word/document.xml", "docx")
    import docx

    doc = docx.Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _xlsx(data: bytes) -> str:
    _zip(data, "xl/workbook.xml", "xlsx")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    parts: list[str] = []
    cells = 0
    try:
        for sheet in book.worksheets:
            parts.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                parts.append(" ".join(str(v) for v in row if v is not None))
                cells += len(row)
                if cells > MAX_CELLS:
                    return "\n".join(parts)
    finally:
        book.close()
    return "\n".join(parts)


def _plain(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ValidationFailed({"file": _("the file is named as text but holds binary data")})
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationFailed({"file": _("a text file must be UTF-8")}) from None

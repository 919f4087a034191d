"""Reading a register file as rows of named columns: CSV or TSV (any delimiter and encoding the
profile names), JSON Lines, and XLSX through openpyxl's read-only mode, which streams the sheet's
XML so that a large workbook is read in flat memory."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heritrace.objects.profiles import SUFFIXES, Profile

SNIFF_BYTES = 65536
DELIMITERS = ",;\t|"


class FileFormatError(Exception):
    """The file as a whole cannot be read (unknown format, wrong encoding, missing columns)."""


@dataclass
class Table:
    """A file's column names and, once, its rows as (line or row number, {column: value})."""

    headers: list[str]
    rows: Iterator[tuple[int, dict[str, Any] | str]]
    estimated_rows: int | None = None


def file_format(path: Path, profile: Profile | None = None) -> str:
    fmt = (profile.format if profile else None) or SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise FileFormatError(f"{path.name}: unknown format (use .csv, .tsv, .jsonl or .xlsx)")
    return fmt


def open_table(path: Path, profile: Profile | None = None) -> Table:
    """The file's columns and rows, read as the profile says (delimiter, encoding, sheet, header row)."""
    fmt = file_format(path, profile)
    if fmt == "xlsx":
        return _xlsx(path, profile)
    if fmt == "jsonl":
        return _jsonl(path, profile)
    return _csv(path, profile, "\t" if fmt == "tsv" else None)


def open_text(path: Path, encoding: str = "utf-8") -> io.TextIOWrapper:
    """The file as text, or a clear error when it is not in the encoding given."""
    encoding = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        fh = open(path, encoding=encoding, newline="")
    except LookupError:
        raise FileFormatError(f"{path.name}: unknown encoding '{encoding}'") from None
    except OSError as exc:
        raise FileFormatError(f"{path}: {exc.strerror}") from exc
    try:
        fh.read(SNIFF_BYTES)
        fh.seek(0)
        return fh
    except UnicodeDecodeError as exc:
        fh.close()
        hint = (
            ' (a profile may name its encoding, e.g. encoding = "cp1252")' if encoding == "utf-8-sig" else ""
        )
        name = "UTF-8" if encoding == "utf-8-sig" else encoding
        raise FileFormatError(
            f"{path.name}: not {name} text ({exc.reason} at byte {exc.start}){hint}"
        ) from exc


def _csv(path: Path, profile: Profile | None, delimiter: str | None) -> Table:
    fh = open_text(path, profile.encoding if profile else "utf-8")
    delimiter = (profile.delimiter if profile else None) or delimiter or _sniff(fh)
    for _ in range((profile.header_row if profile else 1) - 1):
        fh.readline()
    reader = csv.DictReader(fh, delimiter=delimiter)
    headers = [h.strip() for h in reader.fieldnames or []]
    if not headers:
        fh.close()
        raise FileFormatError(f"{path.name}: the first line must name the columns")
    reader.fieldnames = headers

    def rows() -> Iterator[tuple[int, dict[str, Any] | str]]:
        with fh:
            for row in reader:
                if None in row:
                    yield reader.line_num, "more values than columns"
                elif any(v for v in row.values()):
                    yield reader.line_num, row

    return Table(headers, rows())


def _sniff(fh: io.TextIOWrapper) -> str:
    sample = fh.read(SNIFF_BYTES)
    fh.seek(0)
    try:
        return csv.Sniffer().sniff(sample.split("\n", 20)[0] + "\n", delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def decode_json_line(n: int, line: str) -> tuple[int, dict | str]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return n, f"malformed JSON: {exc.msg} at column {exc.colno}"
    return (n, value) if isinstance(value, dict) else (n, "a line must hold one JSON object")


def jsonl_lines(path: Path, encoding: str = "utf-8") -> Iterator[tuple[int, str]]:
    """(line number, text) of each non-blank line, not decoded yet."""
    with open_text(path, encoding) as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                yield n, line


def _jsonl(path: Path, profile: Profile | None) -> Table:
    encoding = profile.encoding if profile else "utf-8"
    first = next((decode_json_line(n, line) for n, line in jsonl_lines(path, encoding)), None)
    headers = sorted(_keys(first[1])) if first and isinstance(first[1], dict) else []
    rows = (decode_json_line(n, line) for n, line in jsonl_lines(path, encoding))
    return Table(headers, rows)


def _keys(record: dict, prefix: str = "") -> list[str]:
    """Column names of a JSON record: nested objects as dotted paths ('incident.type')."""
    out = []
    for key, value in record.items():
        if isinstance(value, dict):
            out += _keys(value, f"{prefix}{key}.")
        else:
            out.append(f"{prefix}{key}")
    return out


def _xlsx(path: Path, profile: Profile | None) -> Table:
    from openpyxl import load_workbook  # imported on use: most imports are CSV or JSON Lines

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a file that is no workbook
        raise FileFormatError(f"{path.name}: not an Excel workbook (.xlsx): {exc}") from None
    sheet_name = profile.sheet if profile and profile.sheet else book.sheetnames[0]
    if sheet_name not in book.sheetnames:
        book.close()
        raise FileFormatError(f"{path.name}: no sheet '{sheet_name}' (sheets: {', '.join(book.sheetnames)})")
    sheet = book[sheet_name]
    header_row = profile.header_row if profile else 1
    cells = sheet.iter_rows(min_row=header_row, values_only=True)
    header = next(cells, None)
    headers = [str(h).strip() if h is not None else "" for h in header or ()]
    if not any(headers):
        book.close()
        raise FileFormatError(f"{path.name}: row {header_row} of sheet '{sheet_name}' must name the columns")

    def rows() -> Iterator[tuple[int, dict[str, Any] | str]]:
        try:
            for n, values in enumerate(cells, header_row + 1):
                if any(v is not None and v != "" for v in values):
                    yield n, {h: v for h, v in zip(headers, values, strict=False) if h}
        finally:
            book.close()

    estimate = sheet.max_row - header_row if sheet.max_row else None
    return Table(headers, rows(), estimate)

"""Reading a register file as rows of named columns: CSV or TSV (any delimiter and encoding the
profile names), JSON Lines, and XLSX through openpyxl's read-only mode, which streams the sheet's
XML so that a large workbook is read in flat memory."""

from __future__ import annotations

import csv
import io
import json
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heritrace.objects.profiles import SUFFIXES, Profile

SNIFF_BYTES = 65536
DELIMITERS = ",;\t|"
# the longest value one CSV field may hold (Python's default is 131,072 characters): a longer one
# rejects its record with its line number, never the whole file
FIELD_LIMIT = 16 * 1024 * 1024
csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))


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
    skipped = (profile.header_row if profile else 1) - 1
    for _ in range(skipped):
        fh.readline()
    records = csv_records(fh, delimiter, skipped + 1)
    first = next(records, None)
    headers = [h.strip() for h in first[1]] if first is not None and not isinstance(first[1], str) else []
    if not any(headers):
        fh.close()
        raise FileFormatError(f"{path.name}: the first line must name the columns")
    width = len(headers)

    def rows() -> Iterator[tuple[int, dict[str, Any] | str]]:
        with fh:
            for line, fields in _checked(records, width, delimiter):
                if isinstance(fields, str):
                    yield line, fields
                elif len(fields) > width:
                    yield line, "more values than columns"
                elif any(fields):
                    yield line, dict(zip(headers, fields + [None] * (width - len(fields)), strict=True))

    return Table(headers, rows())


def csv_records(
    lines: Iterable[str], delimiter: str, first_line: int = 1
) -> Iterator[tuple[int, list[str] | str]]:
    """(line number where the record starts, its values) of each CSV record of ``lines``, or
    (line number, why it was rejected) for one that cannot be read.

    The reader is strict: a quote left open runs into a later quote (followed by something other
    than a delimiter) or into the end of the file, and raises. The record is then rejected with the
    line it started on, and reading resumes on the line after it, so that the rows an unterminated
    quote would have swallowed are read as rows. A field over ``FIELD_LIMIT`` characters rejects its
    record the same way instead of ending the import."""
    source = iter(lines)
    pending: deque[str] = deque()  # lines read once, to be read again after a rejected record
    fed: list[str] = []  # the physical lines of the record being read
    number = first_line - 1  # the last line handed to the reader

    def feed() -> Iterator[str]:
        nonlocal number
        while True:
            line = pending.popleft() if pending else next(source, None)
            if line is None:
                return
            number += 1
            fed.append(line)
            yield line

    while True:
        reader = csv.reader(feed(), delimiter=delimiter, strict=True)
        try:
            for fields in reader:
                start = number - len(fed) + 1
                if len(fed) > 1:
                    yield start, _Spanning(fields, fed[1:])
                else:
                    yield start, fields
                fed.clear()
            return
        except csv.Error as exc:
            start = number - len(fed) + 1
            yield start, _unreadable(exc, start, number)
            pending.extendleft(reversed(fed[1:]))
            number = start
            fed.clear()


class _Spanning(list):
    """The values of a record that spans several lines (a quoted value holding line breaks), with
    the lines after its first: they are read again as rows if the record proves to be a quote left
    open."""

    def __init__(self, fields: list[str], rest: list[str]):
        super().__init__(fields)
        self.rest = rest


def _checked(
    records: Iterator[tuple[int, list[str] | str]], width: int, delimiter: str
) -> Iterator[tuple[int, list[str] | str]]:
    """Records whose quoted value spans lines that read as rows of the table themselves, or whose
    number of values differs from the columns', are a quote left open that happened to meet another
    quote: the record is rejected and its following lines are read again as rows."""
    for line, fields in records:
        if isinstance(fields, _Spanning) and (
            len(fields) != width or _holds_rows(fields.rest, width, delimiter)
        ):
            yield (
                line,
                (
                    f"unterminated quote: the quoted value opened on line {line} runs over "
                    f"{len(fields.rest)} following line(s); the record is rejected and those lines are "
                    "read as rows"
                ),
            )
            rest = csv_records(fields.rest, delimiter, line + 1)
            yield from _checked(_chain(rest, records), width, delimiter)
            return
        yield line, list(fields) if isinstance(fields, _Spanning) else fields


def _chain(*parts: Iterator) -> Iterator:
    for part in parts:
        yield from part


def _holds_rows(lines: list[str], width: int, delimiter: str) -> bool:
    """Whether any of ``lines``, read alone, is a whole row of ``width`` values (3 or more)."""
    if width < 3:
        return False
    for line in lines:
        try:
            if len(next(csv.reader([line], delimiter=delimiter), [])) == width:
                return True
        except csv.Error:
            continue
    return False


def _unreadable(exc: csv.Error, start: int, end: int) -> str:
    reason = str(exc)
    if "field larger than field limit" in reason:
        return f"a value longer than {FIELD_LIMIT:,} characters"
    found = "" if end <= start else f", found on line {end}"
    return (
        f"unterminated or misplaced quote in the record starting on line {start} ({reason}{found}): "
        "the record is rejected and the lines after it are read as rows"
    )


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

"""Reading and describing the records of an import: what the import's worker processes run.

Each row of the file becomes a record of the import format (through the profile, when there is
one), is validated and described (``objects.describe``), and comes back as a ``Prepared`` record
or the reason it was rejected, with its line number.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from heritrace.objects import staging
from heritrace.objects.describe import content_hash, describe
from heritrace.objects.models import INVENTORY
from heritrace.objects.profiles import CSV_COLUMNS, TEXT_FIELDS, Profile
from heritrace.objects.schemas import ImportedObject
from heritrace.objects.tables import FileFormatError, decode_json_line, file_format, open_table
from heritrace.partners.prefixes import checked_length, qualify


@dataclass(slots=True)
class Prepared:
    """A record ready to be written: plain values only, cheap to pass between processes."""

    line: int
    id: str
    status: str
    columns: dict  # cultural_object columns as described
    materials: list[str]
    incidents: list[dict]
    identifiers: list[tuple[str, str]]
    images: list[tuple[str, Path]]  # (sha256, path)
    digest: str
    flagged: bool = False


# -- reading -------------------------------------------------------------------------------------


XML_SUFFIXES = (".xml",)  # LIDO 1.1 (heritrace.standards.lido)


def read_records(path: Path) -> Iterator[tuple[int, dict | str]]:
    """Yield (line number, record) or (line number, error message) of a file in the import format
    (or LIDO XML), without loading the whole file."""
    if path.suffix.lower() in XML_SUFFIXES:
        return _read_lido(path)
    table = open_table(path)
    if file_format(path) == "jsonl":
        return table.rows  # type: ignore[return-value]
    if "id" not in table.headers:
        raise FileFormatError(f"{path.name}: the first line must name the columns, including 'id'")
    unknown = [h for h in table.headers if h not in CSV_COLUMNS]
    if unknown:
        raise FileFormatError(
            f"{path.name}: unknown columns {', '.join(unknown[:10])}: map the register's columns with a "
            "profile (--profile PROFILE.toml) or name them as in the import format"
        )
    return ((n, row if isinstance(row, str) else _csv_to_record(row)) for n, row in table.rows)


def _read_lido(path: Path) -> Iterator[tuple[int, dict | str]]:
    # imported here: the standards package builds on the objects package
    from heritrace.standards.lido import LidoFormatError, check_lido, read_lido

    try:
        check_lido(path)  # the whole file is read once first: a syntax error imports nothing
    except LidoFormatError as exc:
        raise FileFormatError(str(exc)) from None
    return read_lido(path)


def _csv_to_record(row: dict) -> dict:
    rec = {k: v for k, v in row.items() if v not in (None, "") and not k.startswith("incident_")}
    incident = {k[len("incident_") :]: v for k, v in row.items() if k.startswith("incident_") and v}
    if incident:
        rec["incident"] = incident
    if rec.get("images"):
        rec["images"] = [p.strip() for p in rec["images"].split("|") if p.strip()]
    if rec.get("identifiers"):
        pairs = [p.split("=", 1) for p in rec["identifiers"].split("|") if p.strip()]
        rec["identifiers"] = [
            {"scheme": p[0].strip(), "value": p[1].strip() if len(p) > 1 else ""} for p in pairs
        ]
    return rec


# -- validating ----------------------------------------------------------------------------------


def prepare(
    line: int, record: dict, base_dir: Path, today: date | None = None, roots: tuple[Path, ...] = ()
) -> Prepared:
    """Validate and describe one record; raises ValueError with a message for the report."""
    record = _from_standard(record)
    image_paths = record.pop("images", None) or []
    if not isinstance(image_paths, list) or not all(isinstance(p, str) for p in image_paths):
        raise ValueError("images: must be a list of file paths")
    _stringify_scalars(record)
    try:
        data = ImportedObject.model_validate(record)
    except ValidationError as exc:
        raise ValueError(_pydantic_message(exc)) from None
    if not data.id:
        raise ValueError("id: every imported record needs an id")
    described = describe(data, today, lenient=True)
    if described.errors:
        raise ValueError("; ".join(f"{k}: {v}" for k, v in described.errors.items()))
    found = [_resolve(p, base_dir, roots) for p in image_paths]
    images = [(_file_sha(path), path) for path in found]
    return Prepared(
        line,
        data.id,
        described.columns["status"],
        described.columns,
        described.materials,
        described.incidents,
        [(i.scheme, i.value) for i in data.identifiers],
        images,
        content_hash(data, described, [sha for sha, _ in images]),
        bool(described.flags),
    )


def _from_standard(record: dict) -> dict:
    """A Linked Art JSON-LD document (one per JSON Lines line) becomes a record of the import format."""
    from heritrace.standards.linked_art import is_linked_art, record_from_linked_art

    return record_from_linked_art(record) if is_linked_art(record) else dict(record)


@dataclass(frozen=True)
class Recipe:
    """How a worker turns rows of the file into records (sent with every chunk: plain values)."""

    base_dir: Path  # image paths are relative to the file
    today: date
    raw: bool = False  # JSON Lines left for the worker to decode
    profile: Profile | None = None  # the register's columns -> the import format
    inventory: bool = False  # the records are the importing organisation's inventory
    holder: bool = False  # the importer acts for an organisation, which may hold an inventory
    image_roots: tuple[Path, ...] = ()  # folders beside base_dir photos may come from (operator only)
    namespace: str | None = None  # the importing organisation's id prefix: ids are kept inside it

    def record(self, item: tuple[int, Any]) -> tuple[int, dict | str]:
        line, row = decode_json_line(*item) if self.raw else item
        if isinstance(row, str):
            return line, row
        record = self.profile.record(row) if self.profile else row
        if self.inventory:
            record = {**record, "classification": INVENTORY, "status": "held"}
        return line, record


def prepare_chunk(args: tuple[list[tuple[int, Any]], Recipe]) -> list[tuple]:
    """(line, id as given, Prepared or the reason it was rejected) for each record of a chunk; the
    Prepared record's id is inside the recipe's namespace (partners.prefixes)."""
    chunk, recipe = args
    out = []
    for line, record in map(recipe.record, chunk):
        rid = record.get("id") if isinstance(record, dict) else None
        try:
            if isinstance(record, str):
                raise ValueError(record)
            prepared = prepare(line, record, recipe.base_dir, recipe.today, recipe.image_roots)
            if recipe.namespace:
                prepared.id = checked_length(qualify(prepared.id, recipe.namespace), recipe.namespace)
            if prepared.columns["classification"] == INVENTORY and not recipe.holder:
                raise ValueError(
                    "classification: an inventory belongs to an organisation (import it for one)"
                )
            out.append((line, rid, prepared))
        except ValueError as exc:
            out.append((line, rid, str(exc)))
    return out


def stage_chunk(args: tuple[list[tuple[int, Any]], Recipe, Path]) -> list[tuple]:
    """As ``prepare_chunk``, with the described records written to a staging file: what comes
    back for each accepted record is a Prepared without its columns and children (see staging)."""
    out = prepare_chunk(args[:2])
    staging.write(args[2], [o for _, _, o in out if isinstance(o, Prepared)])
    return [
        (line, rid, replace(o, columns={}, materials=[], incidents=[], identifiers=[]))
        if isinstance(o, Prepared)
        else (line, rid, o)
        for line, rid, o in out
    ]


def _stringify_scalars(record: dict) -> None:
    # JSON files often carry years or inventory numbers as numbers: accept them as the text they are
    for key in TEXT_FIELDS + ("id",):
        if isinstance(record.get(key), int | float) and not isinstance(record.get(key), bool):
            record[key] = str(record[key])


def _pydantic_message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(x) for x in err["loc"]) or "record"
        msg = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts)


def _resolve(rel: str, base_dir: Path, roots: tuple[Path, ...] = ()) -> Path:
    """The photo ``rel`` names, confined to the import file's folder: no absolute path, no '..', no
    link that leads out of it (an import must not publish a file the server holds elsewhere, such as
    another record's stored photo). ``roots``: further folders a trusted caller (the operator's
    command line) allows, such as the node's own photo store that a default export points into."""
    folder = base_dir.resolve()
    given = Path(rel)
    if not rel or "\\" in rel or "\x00" in rel:
        raise ValueError(f"images: {rel!r} is not a file path")
    if not roots and (given.is_absolute() or ".." in given.parts):
        raise ValueError(f"images: {rel!r} must be a path relative to the import file's folder, without '..'")
    path = (folder / given).resolve()
    if not any(path.is_relative_to(root.resolve()) for root in (folder, *roots)):
        raise ValueError(f"images: {rel!r} leads outside the import file's folder")
    if not path.is_file():
        raise ValueError(f"images: file not found: {rel}")
    return path


def _file_sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()

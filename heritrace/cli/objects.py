"""``heritrace objects import|export``."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from heritrace.cli.context import open_platform
from heritrace.cli.progress import count_lines, err_console, progress_bar
from heritrace.core.actor import SYSTEM
from heritrace.core.i18n import N_, _

if TYPE_CHECKING:
    from heritrace.objects.profiles import Profile
    from heritrace.objects.transfer import ImportReport

app = typer.Typer(help=N_("Bulk import and export of the register."), no_args_is_help=True)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help=N_("CSV, TSV, JSON Lines, XLSX or LIDO 1.1 XML file"))],
    profile: Annotated[
        Path | None,
        typer.Option("--profile", help=N_("column mapping of the register (TOML or YAML, docs/import.md)")),
    ] = None,
    suggest: Annotated[
        bool,
        typer.Option("--suggest", help=N_("print a profile to start from, made from the file's columns")),
    ] = False,
    inventory: Annotated[
        bool,
        typer.Option("--inventory", help=N_("the records are an organisation's inventory (--organisation)")),
    ] = False,
    organisation: Annotated[
        int | None, typer.Option("--organisation", help=N_("id of the organisation the records belong to"))
    ] = None,
) -> None:
    """Import (upsert by id) a register file; image paths are relative to the file."""
    from heritrace.objects.tables import FileFormatError
    from heritrace.objects.transfer import RegisterImporter, import_workers

    if not file.is_file():
        err_console.print("[red]" + _("no such file: %(file)s", file=file) + "[/red]")
        raise typer.Exit(2)
    if inventory and organisation is None:
        err_console.print("[red]" + _("--inventory needs --organisation (whose inventory it is)") + "[/red]")
        raise typer.Exit(2)
    mapping = _profile(profile)
    if suggest:
        _print_suggestion(file, mapping)
        return
    platform = open_platform()
    total = _count_rows(file, mapping)
    queued = platform.settings.jobs == "queue"
    importer = RegisterImporter(
        platform.sessions,
        platform.images,
        replace(SYSTEM, organisation_id=organisation) if organisation else SYSTEM,
        on_images_added=platform.index_photos_later if queued else None,
        workers=import_workers(total),
        profile=mapping,
        inventory=inventory,
        # the operator may re-import a default export, whose photo paths point into the photo store
        image_roots=(platform.images.root,),
    )
    try:
        with progress_bar(_("importing %(file)s", file=file.name), total) as update:
            report = importer.run(file, update)
    except FileFormatError as exc:
        err_console.print(str(exc), style="red", markup=False, highlight=False)
        raise typer.Exit(2) from None
    if not queued:
        index_new_photos(platform)
    _print_report(report)
    if report.rejected:
        raise typer.Exit(1)


def _profile(path: Path | None) -> Profile | None:
    from heritrace.objects.profiles import ProfileError, load_profile

    if path is None:
        return None
    try:
        return load_profile(path)
    except ProfileError as exc:
        err_console.print(str(exc), style="red", markup=False, highlight=False)
        raise typer.Exit(2) from None


def _count_rows(file: Path, mapping: Profile | None) -> int | None:
    from heritrace.objects.intake import XML_SUFFIXES
    from heritrace.objects.tables import FileFormatError, file_format, open_table
    from heritrace.standards.lido import LidoFormatError, check_lido

    if file.suffix.lower() in XML_SUFFIXES and mapping is None:
        try:
            return check_lido(file)  # read whole once: a broken file imports nothing
        except LidoFormatError as exc:
            err_console.print(str(exc), style="red", markup=False, highlight=False)
            raise typer.Exit(2) from None
    try:
        if file_format(file, mapping) == "xlsx":
            return open_table(file, mapping).estimated_rows
    except FileFormatError:
        return None  # the import says what is wrong with the file
    return count_lines(file)


def _print_suggestion(file: Path, mapping: Profile | None) -> None:
    from heritrace.objects.headers import suggest_mapping
    from heritrace.objects.profiles import CSV_COLUMNS, suggested_profile
    from heritrace.objects.tables import FileFormatError, file_format, open_table

    try:
        table = open_table(file, mapping)
    except FileFormatError as exc:
        err_console.print(str(exc), style="red", markup=False, highlight=False)
        raise typer.Exit(2) from None
    headers = [h for h in table.headers if h]
    known = {h: h for h in headers if h in CSV_COLUMNS}
    print(
        suggested_profile(headers, {**suggest_mapping(headers), **known}, file_format(file, mapping)), end=""
    )


def _print_report(report: ImportReport) -> None:
    err_console.print(
        _(
            "inserted %(inserted)s, updated %(updated)s, unchanged %(unchanged)s, rejected %(rejected)s, "
            "flagged for review %(flagged)s",
            inserted=report.inserted,
            updated=report.updated,
            unchanged=report.unchanged,
            rejected=len(report.rejected),
            flagged=report.flagged,
        )
    )
    for r in report.rejected:
        where = (
            _("line %(line)s (id %(id)s)", line=r.line, id=r.record_id)
            if r.record_id
            else _("line %(line)s", line=r.line)
        )
        err_console.print(
            f"  {where}: {r.reason}",
            markup=False,
            highlight=False,
            soft_wrap=True,  # one line per rejected record, whatever the terminal's width
        )


EXPORT_FORMATS = ("jsonl", "csv", "lido", "linked-art")


@app.command("export")
def export(
    fmt: Annotated[
        str,
        typer.Option("--format", help=N_("jsonl, csv, lido (LIDO 1.1 XML) or linked-art (JSON-LD lines)")),
    ] = "jsonl",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help=N_("file (standard output by default)"))
    ] = None,
    copy_images: Annotated[
        bool,
        typer.Option(
            "--copy-images",
            help=N_("copy the photos into a folder beside --out (FILE_images/), so the export travels whole"),
        ),
    ] = False,
) -> None:
    """Write the register in the import format, LIDO 1.1 or Linked Art (each round trip is lossless
    for what the format can hold: docs/standards.md).

    Photo paths point into the data directory, relative to --out; with --copy-images the photos
    are copied beside the file instead and the export can be imported on another machine."""
    from heritrace.objects.export import iter_export

    if fmt not in EXPORT_FORMATS:
        err_console.print(
            "[red]" + _("--format must be one of %(formats)s", formats=", ".join(EXPORT_FORMATS)) + "[/red]"
        )
        raise typer.Exit(2)
    if copy_images and not out:
        err_console.print("[red]" + _("--copy-images needs --out") + "[/red]")
        raise typer.Exit(2)
    platform = open_platform()
    if fmt == "linked-art" and not platform.settings.public_url:
        err_console.print(
            "[red]" + _("linked-art needs HERITRACE_PUBLIC_URL: record ids are URLs on this node") + "[/red]"
        )
        raise typer.Exit(2)
    image_path = _image_namer(platform, out, copy_images)
    if fmt in ("lido", "linked-art"):
        _export_standard(platform, fmt, out, image_path)
        return
    fh = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        _write(fh, fmt, iter_export(platform.sessions, SYSTEM, image_path))
    finally:
        if out:
            fh.close()


def _image_namer(platform, out: Path | None, copy_images: bool):  # noqa: ANN001, ANN202
    base = out.resolve().parent if out else None
    folder = out.resolve().with_name(f"{out.stem}_images") if out and copy_images else None

    def image_path(img) -> str:  # noqa: ANN001
        path = platform.images.original_path(img.sha256, img.mime).resolve()
        if folder is not None:
            copy = folder / path.name  # named by content: the same photo is copied once
            if not copy.exists():
                folder.mkdir(exist_ok=True)
                shutil.copyfile(path, copy)
            path = copy
        return os.path.relpath(path, base) if base else str(path)

    return image_path


def _export_standard(platform, fmt: str, out: Path | None, image_path) -> None:  # noqa: ANN001
    from heritrace.partners.service import organisation_names
    from heritrace.standards.lido import record_url, write_lido
    from heritrace.standards.linked_art import linked_art
    from heritrace.standards.records import readable_records

    records = readable_records(platform.sessions, SYSTEM, image_path, organisation_names)
    base_url = platform.settings.public_url
    if fmt == "lido":
        fh = open(out, "wb") if out else sys.stdout.buffer
        try:
            count = write_lido(fh, records, base_url)
        finally:
            if out:
                fh.close()
    else:
        count = 0
        fh = open(out, "w", encoding="utf-8") if out else sys.stdout
        try:
            for rec in records:
                fh.write(json.dumps(linked_art(rec, record_url(base_url, rec.id)), ensure_ascii=False) + "\n")
                count += 1
        finally:
            if out:
                fh.close()
    err_console.print(_("exported %(count)s records as %(format)s", count=count, format=fmt))


def index_new_photos(platform) -> None:  # noqa: ANN001
    """Bring the photo-search index up to date with the register's photos, with a progress bar."""
    total = platform.photos.register_photo_count()
    missing = total - len(platform.photos.index)
    if total == 0 and len(platform.photos.index) == 0:
        return
    with progress_bar(_("indexing photos"), max(missing, 0)) as update:
        added, removed = platform.photos.sync(update)
    if added or removed:
        err_console.print(
            _("photo index: %(added)s added, %(removed)s removed", added=added, removed=removed)
        )


def _write(fh, fmt: str, records) -> None:  # noqa: ANN001
    from heritrace.objects.export import to_csv_row
    from heritrace.objects.profiles import CSV_COLUMNS

    if fmt == "jsonl":
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return
    writer = csv.DictWriter(fh, fieldnames=list(CSV_COLUMNS))
    writer.writeheader()
    for rec in records:
        writer.writerow(to_csv_row(rec))

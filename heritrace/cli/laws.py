"""``heritrace laws``: export and load the law database's data file (the console operator)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from heritrace.cli.context import open_platform
from heritrace.cli.progress import err_console
from heritrace.core.actor import SYSTEM
from heritrace.core.errors import ValidationFailed
from heritrace.core.i18n import N_, _

app = typer.Typer(
    help=N_("The law database: national laws, export regimes, treaty status (docs/legal-compliance.md).")
)


@app.callback()
def laws() -> None:
    """The law database: national laws, export regimes, treaty status."""


@app.command("export")
def export(
    out: Annotated[
        Path | None, typer.Option("--out", help=N_("write to FILE instead of stdout"), dir_okay=False)
    ] = None,
) -> None:
    """Write the whole database (every fact with its source and status) as JSON."""
    platform = open_platform()
    try:
        text = json.dumps(platform.laws.export_document(), indent=1, ensure_ascii=False)
    finally:
        platform.close()
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        err_console.print(_("wrote %(file)s", file=out))


@app.command("import")
def load(
    file: Annotated[
        Path,
        typer.Argument(
            help=N_("a file of the shape 'heritrace laws export' writes"), exists=True, dir_okay=False
        ),
    ],
) -> None:
    """Create or update facts from FILE; every entry is checked first and nothing is stored if one is
    wrong (exit 1, one line per faulty entry). History and audit entries are kept."""
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        err_console.print(
            "[red]" + _("%(file)s is not valid JSON: %(error)s", file=file.name, error=exc) + "[/red]"
        )
        raise typer.Exit(1) from None
    platform = open_platform()
    try:
        report = platform.laws.import_document(SYSTEM, document)
    except ValidationFailed as exc:
        err_console.print("[red]" + _("%(file)s was not loaded:", file=file.name) + "[/red]")
        for field, message in exc.errors.items():
            err_console.print(f"  {field}: {message}", markup=False)
        raise typer.Exit(1) from None
    finally:
        platform.close()
    for name, words in (("created", N_("created: %(counts)s")), ("updated", N_("updated: %(counts)s")),
                        ("unchanged", N_("unchanged: %(counts)s"))):  # fmt: skip
        counts = getattr(report, name)
        listed = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or _("none")
        typer.echo(_(words, counts=listed))

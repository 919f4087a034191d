"""``heritrace results``: the annual report of tangible results."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from heritrace.cli.context import open_platform
from heritrace.core.actor import ANONYMOUS, SYSTEM
from heritrace.core.i18n import N_, _

app = typer.Typer(help=N_("Tangible results: figures and the annual report."), no_args_is_help=True)


@app.callback()
def main() -> None:
    """Tangible results: figures and the annual report."""


@app.command()
def report(
    out: Annotated[Path, typer.Option("--out", help=N_("the PDF file to write"))],
    year: Annotated[int, typer.Option("--year", min=1970, max=2999)] = date.today().year,
    country: Annotated[str | None, typer.Option("--country", help=N_("ISO 3166-1 alpha-2"))] = None,
    org_type: Annotated[str | None, typer.Option("--org-type")] = None,
    partners: Annotated[
        bool, typer.Option("--partners/--public", help=N_("every figure, or the public figures (default)"))
    ] = False,
) -> None:
    """Write the annual report PDF (public figures unless --partners)."""
    from heritrace.results.export import annual_report_pdf
    from heritrace.web.language import format_decimal

    figures = open_platform().results.figures(SYSTEM if partners else ANONYMOUS, year, country, org_type)
    out.write_bytes(annual_report_pdf(figures))
    typer.echo(
        _(
            "annual report %(year)s written to %(file)s (%(size)s bytes)",
            year=year,
            file=out,
            size=format_decimal(out.stat().st_size),
        )
    )


@app.command()
def show(
    year: Annotated[int, typer.Option("--year", min=1970, max=2999)] = date.today().year,
    partners: Annotated[bool, typer.Option("--partners/--public")] = False,
) -> None:
    """Print the figures of a year as JSON."""
    import json

    figures = open_platform().results.figures(SYSTEM if partners else ANONYMOUS, year)
    typer.echo(json.dumps(figures, indent=2, default=str))

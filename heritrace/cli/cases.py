"""``heritrace cases``: operator jobs on return and restitution case files."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from heritrace.cli.context import open_platform
from heritrace.core.i18n import N_, _, ngettext

app = typer.Typer(help=N_("Return and restitution case files."), no_args_is_help=True)


@app.callback()
def main() -> None:
    """Return and restitution case files."""


@app.command()
def remind(
    within_days: Annotated[int, typer.Option("--within-days", min=1, max=3650)] = 30,
    as_of: Annotated[str | None, typer.Option("--as-of", help=N_("ISO date; today when absent"))] = None,
) -> None:
    """Post inbox reminders for legal time limits of open cases falling due soon (run daily)."""
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        typer.echo(_("--as-of %(value)r is not an ISO date YYYY-MM-DD", value=as_of), err=True)
        raise typer.Exit(2) from None
    posted = open_platform().cases.remind_due(day, within_days)
    typer.echo(
        ngettext(
            "%(num)s reminder posted for limits due from %(day)s within %(days)s days",
            "%(num)s reminders posted for limits due from %(day)s within %(days)s days",
            posted,
            day=day,
            days=within_days,
        )
    )

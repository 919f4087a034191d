"""``heritrace meetings``: operator jobs on regular meetings."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from heritrace.cli.context import open_platform
from heritrace.core.i18n import N_, _, ngettext

app = typer.Typer(help=N_("Regular meetings of the partners."), no_args_is_help=True)


@app.callback()
def main() -> None:
    """Regular meetings of the partners."""


@app.command()
def remind(
    within_days: Annotated[int, typer.Option("--within-days", min=0, max=365)] = 7,
    as_of: Annotated[str | None, typer.Option("--as-of", help=N_("ISO date; today when absent"))] = None,
) -> None:
    """Remind owners of open actions due soon, and owners and conveners of overdue ones (run daily;
    the worker also runs it every morning). Each reminder is sent once per action and due date."""
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        typer.echo(_("--as-of %(value)r is not an ISO date YYYY-MM-DD", value=as_of), err=True)
        raise typer.Exit(2) from None
    sent = open_platform().meetings.remind(day, within_days)
    typer.echo(
        ngettext(
            "%(num)s reminder sent for actions due by %(day)s + %(days)s days or overdue",
            "%(num)s reminders sent for actions due by %(day)s + %(days)s days or overdue",
            sent,
            day=day,
            days=within_days,
        )
    )

"""``heritrace alerts``: redeliver what a channel outage left pending."""

from __future__ import annotations

from typing import Annotated

import typer

from heritrace.cli.context import open_platform
from heritrace.cli.progress import err_console
from heritrace.core.i18n import N_, ngettext

app = typer.Typer(help=N_("Alerts among partners."), no_args_is_help=True)


@app.command("redeliver")
def redeliver(
    failed: Annotated[
        bool, typer.Option("--failed", help=N_("also retry deliveries that used up their retries"))
    ] = False,
) -> None:
    """Queue again the pending e-mail and webhook deliveries whose back-off is over."""
    count = open_platform().alerts.deliveries.redeliver(include_failed=failed)
    err_console.print(ngettext("%(num)s delivery queued again", "%(num)s deliveries queued again", count))

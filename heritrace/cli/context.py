"""The CLI's platform: settings from the environment, clear messages when storage is unavailable."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from heritrace.cli.progress import err_console
from heritrace.core.errors import StorageUnavailable
from heritrace.core.i18n import _
from heritrace.core.settings import Settings

if TYPE_CHECKING:
    from heritrace.platform import Heritrace


def open_platform(settings: Settings | None = None) -> Heritrace:
    from heritrace.platform import Heritrace  # imported when a command runs: --help stays fast

    try:
        return Heritrace(settings or Settings())
    except StorageUnavailable as exc:
        err_console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(3) from None
    except ValueError as exc:  # invalid settings
        err_console.print("[red]" + _("invalid settings: %(error)s", error=exc) + "[/red]")
        raise typer.Exit(2) from None

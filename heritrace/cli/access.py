"""``heritrace audit`` (verify, export), ``heritrace users``, ``heritrace orgs``: console administration."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from heritrace.cli.context import open_platform
from heritrace.cli.progress import err_console
from heritrace.core.actor import SYSTEM
from heritrace.core.errors import DomainError

audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)
users_app = typer.Typer(help="Users and API tokens (as the console operator).", no_args_is_help=True)
orgs_app = typer.Typer(help="Partner organisations (as the console operator).", no_args_is_help=True)


@audit_app.command("verify")
def verify(
    expect_head: Annotated[str | None, typer.Option(help="hash the last entry must have")] = None,
) -> None:
    """Walk the hash chain; name the first entry that was altered, inserted or deleted (exit 1)."""
    from heritrace.audit.service import verify_chain

    platform = open_platform()
    with platform.sessions() as s:
        result = verify_chain(s)
    if result is not None:
        err_console.print(f"[red]audit log broken at entry {result.entry_id}: {result.problem}[/red]")
        raise typer.Exit(1)
    with platform.sessions() as s:
        from sqlalchemy import func, select

        from heritrace.audit.models import AuditEntry

        count = s.scalar(select(func.count()).select_from(AuditEntry))
        head = s.scalar(select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1))
    if expect_head and head != expect_head:
        err_console.print(
            f"[red]the last entry's hash is {head}, not {expect_head}: entries were removed "
            "from or added to the end[/red]"
        )
        raise typer.Exit(1)
    typer.echo(f"audit log intact: {count} entries; head {head or '(empty)'}")


@audit_app.command("export")
def export(
    fmt: Annotated[str, typer.Option("--format", help="csv or jsonl")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--out", "-o", help="file (default: standard output)")
    ] = None,
) -> None:
    """Write the whole log as CSV or JSON Lines."""
    from heritrace.audit.browse import AuditFilters, AuditReader, csv_lines, jsonl_lines

    if fmt not in ("csv", "jsonl"):
        raise typer.BadParameter("--format is csv or jsonl")
    entries = AuditReader(open_platform().sessions).iter_entries(SYSTEM, AuditFilters())
    lines = csv_lines(entries) if fmt == "csv" else jsonl_lines(entries)
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        for line in lines:
            out.write(line)
    finally:
        if output:
            out.close()


@orgs_app.command("add")
def add_org(
    name: str,
    kind: str,
    country: Annotated[str | None, typer.Option()] = None,
    vetted: Annotated[bool, typer.Option("--vetted/--applied")] = True,
) -> None:
    """Register a partner organisation."""
    from heritrace.partners.schemas import OrganisationIn

    try:
        org = open_platform().partners.create(
            SYSTEM,
            OrganisationIn(name=name, kind=kind, country=country),
            vetting="vetted" if vetted else "applied",
        )
    except (DomainError, ValueError) as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    typer.echo(f"organisation {org.id}: {org.name}")


@users_app.command("add")
def add_user(
    username: str,
    organisation_id: int,
    roles: Annotated[str, typer.Option(help="comma-separated")],
    totp: Annotated[bool, typer.Option(help="enrol a second factor")] = False,
) -> None:
    """Create a user; the password is asked for, the TOTP secret printed once."""
    from heritrace.accounts.schemas import UserIn

    password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    try:
        user, secret = open_platform().accounts.create_user(
            SYSTEM,
            UserIn(
                username=username,
                display_name=username,
                organisation_id=organisation_id,
                roles=[r.strip() for r in roles.split(",")],
                password=password,
                totp=totp,
            ),
        )
    except (DomainError, ValueError) as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    typer.echo(
        f"user {user.id}: {user.username}" + (f"; TOTP secret (shown once): {secret}" if secret else "")
    )

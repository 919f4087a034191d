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
from heritrace.core.i18n import N_, _

audit_app = typer.Typer(help=N_("The tamper-evident audit log."), no_args_is_help=True)
users_app = typer.Typer(help=N_("Users and API tokens (as the console operator)."), no_args_is_help=True)
orgs_app = typer.Typer(help=N_("Partner organisations (as the console operator)."), no_args_is_help=True)


@audit_app.command("verify")
def verify(
    expect_head: Annotated[str | None, typer.Option(help=N_("hash the last entry must have"))] = None,
) -> None:
    """Walk the hash chain and check the signed checkpoints; name the first entry that was altered,
    inserted or deleted, or the checkpoint a re-hashed log no longer matches (exit 1)."""
    from sqlalchemy import func, select

    from heritrace.audit.models import AuditCheckpoint, AuditEntry
    from heritrace.audit.service import verify_chain
    from heritrace.audit.unit import verify_checkpoints

    platform = open_platform()
    with platform.sessions() as s:
        result = verify_chain(s)
    if result is not None:
        err_console.print(
            "[red]"
            + _(
                "audit log broken at entry %(entry)s: %(problem)s",
                entry=result.entry_id,
                problem=result.problem,
            )
            + "[/red]"
        )
        raise typer.Exit(1)
    key = platform.audit_key
    with platform.sessions() as s:
        problem = verify_checkpoints(s, {key.key_id: key.public})
        count = s.scalar(select(func.count()).select_from(AuditEntry))
        head = s.scalar(select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1))
        checkpoints = s.scalar(select(func.count()).select_from(AuditCheckpoint))
    if problem is not None:
        where = _("checkpoint %(id)s: ", id=problem.checkpoint_id) if problem.checkpoint_id else ""
        err_console.print(
            "[red]"
            + _(
                "audit log does not match its signed checkpoints: %(problem)s",
                problem=where + problem.problem,
            )
            + "[/red]",
            soft_wrap=True,
        )
        raise typer.Exit(1)
    if expect_head and head != expect_head:
        err_console.print(
            "[red]"
            + _(
                "the last entry's hash is %(head)s, not %(expected)s: entries were removed from or added "
                "to the end",
                head=head,
                expected=expect_head,
            )
            + "[/red]"
        )
        raise typer.Exit(1)
    typer.echo(
        _(
            "audit log intact: %(count)s entries; head %(head)s; %(checkpoints)s signed checkpoint(s) match",
            count=count,
            head=head or _("(empty)"),
            checkpoints=checkpoints,
        )
    )
    if count and not checkpoints:
        typer.echo(_("no signed checkpoint yet: `heritrace audit checkpoint` signs the head now"))


@audit_app.command("checkpoint")
def checkpoint() -> None:
    """Sign the head of the log now (the platform key) and print the checkpoint as JSON: kept
    outside Heritrace, it also shows whether entries were later removed from the end."""
    import json

    from heritrace.audit.unit import Checkpoints, checkpoint_body

    platform = open_platform()
    with platform.sessions.begin() as s:
        cp = Checkpoints(lambda: platform.audit_key).write(s)
        if cp is None:
            err_console.print(_("the audit log is empty: nothing to sign"))
            raise typer.Exit(1)
        doc = {**json.loads(checkpoint_body(cp)), "signature": cp.signature}
    typer.echo(json.dumps(doc, indent=1))


@audit_app.command("export")
def export(
    fmt: Annotated[str, typer.Option("--format", help=N_("csv or jsonl"))] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--out", "-o", help=N_("file (default: standard output)"))
    ] = None,
) -> None:
    """Write the whole log as CSV or JSON Lines."""
    from heritrace.audit.browse import AuditFilters, AuditReader, csv_lines, jsonl_lines

    if fmt not in ("csv", "jsonl"):
        raise typer.BadParameter(_("--format is csv or jsonl"))
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
    id_prefix: Annotated[
        str | None,
        typer.Option(
            "--id-prefix",
            help=N_("namespace of the record ids its members choose (made from the name if absent)"),
        ),
    ] = None,
) -> None:
    """Register a partner organisation."""
    from heritrace.partners.schemas import OrganisationIn

    try:
        org = open_platform().partners.create(
            SYSTEM,
            OrganisationIn(name=name, kind=kind, country=country, id_prefix=id_prefix),
            vetting="vetted" if vetted else "applied",
        )
    except (DomainError, ValueError) as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    typer.echo(_("organisation %(id)s: %(name)s", id=org.id, name=org.name) + f" ({org.id_prefix})")


@users_app.command("add")
def add_user(
    username: str,
    organisation_id: int,
    roles: Annotated[str, typer.Option(help=N_("comma-separated"))],
    totp: Annotated[bool, typer.Option(help=N_("enrol a second factor"))] = False,
) -> None:
    """Create a user; the password is asked for, the TOTP secret printed once."""
    from heritrace.accounts.schemas import UserIn

    password = typer.prompt(_("password"), hide_input=True, confirmation_prompt=True)
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
    if secret:
        typer.echo(
            _(
                "user %(id)s: %(name)s; TOTP secret (shown once): %(secret)s",
                id=user.id,
                name=user.username,
                secret=secret,
            )
        )
    else:
        typer.echo(_("user %(id)s: %(name)s", id=user.id, name=user.username))

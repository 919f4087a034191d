"""``heritrace federation``: this node's key, its peers, and the organisations of peers it knows."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from heritrace.cli.context import open_platform
from heritrace.cli.progress import console, err_console
from heritrace.core.actor import SYSTEM
from heritrace.core.errors import DomainError
from heritrace.core.i18n import N_, _

app = typer.Typer(
    help=N_("Federation with other Heritrace nodes (as the console operator)."), no_args_is_help=True
)


@app.command("key")
def key() -> None:
    """This node's name and public key: give them to the operator of a node you agree to peer with."""
    from heritrace.diligence.signing import public_pem

    platform = open_platform()
    node = platform.federation
    typer.echo(_("node: %(name)s", name=platform.settings.node_name))
    typer.echo(_("url: %(url)s", url=platform.settings.public_url or _("(set HERITRACE_PUBLIC_URL)")))
    typer.echo(_("key id: %(id)s", id=node.key.key_id))
    typer.echo(public_pem(node.key.public), nl=False)


@app.command("add-peer")
def add_peer(
    name: Annotated[str, typer.Argument(help=N_("the peer's node name (its HERITRACE_NODE_NAME)"))],
    url: Annotated[str, typer.Argument(help=N_("the peer's base URL, e.g. https://heritrace.example.org"))],
    key_file: Annotated[
        Path, typer.Option("--key", help=N_("the peer's public key (PEM), from 'heritrace federation key'"))
    ],
    timeout: Annotated[
        float, typer.Option(help=N_("seconds to wait for its answers"), min=0.5, max=60)
    ] = 5.0,
) -> None:
    """Record a peer whose operator agreed: its requests are accepted when signed with this key."""
    platform = open_platform()
    try:
        peer = platform.federation.add_peer(SYSTEM, name, url, key_file.read_text(encoding="utf-8"), timeout)
    except DomainError as exc:
        err_console.print(f"[red]{exc.message} {getattr(exc, 'errors', '') or ''}[/red]")
        raise typer.Exit(1) from None
    typer.echo(
        _("peer %(name)s added (%(url)s, key %(key)s)", name=peer.name, url=peer.base_url, key=peer.key_id)
    )


@app.command("remove-peer")
def remove_peer(name: str) -> None:
    """Stop cooperating with a peer: its requests are refused and it is no longer asked."""
    platform = open_platform()
    try:
        platform.federation.remove_peer(SYSTEM, name)
    except DomainError as exc:
        err_console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from None
    typer.echo(_("peer %(name)s removed", name=name))


@app.command("peers")
def peers() -> None:
    """The peers, and whether each answers now (its record count and last change)."""
    platform = open_platform()
    answers = {a.peer: a for a in platform.federation.ask_all(SYSTEM, "GET", "/status")}
    table = Table(_("peer"), _("url"), _("key id"), _("answers"), _("records"), _("last updated"))
    for peer in platform.federation.peers(active_only=False):
        a = answers.get(peer.name)
        node = (a.data or {}).get("node", {}) if a and a.answered else {}
        state = _("yes") if a and a.answered else (a.error if a else _("inactive"))
        table.add_row(
            peer.name,
            peer.base_url,
            peer.key_id,
            state,
            str(node.get("records", "")),
            node.get("last_updated") or "",
        )
    console.print(table)


@app.command("organisations")
def organisations(peer: str) -> None:
    """The vetted organisations of a peer (their ids there), to decide which to grant rights here."""
    platform = open_platform()
    answer = platform.federation.ask_one(peer, SYSTEM, "GET", "/organisations")
    if not answer.answered:
        err_console.print(f"[red]{peer}: {answer.error}[/red]")
        raise typer.Exit(1)
    table = Table(_("id there"), _("name"), _("kind"), _("country"))
    for org in answer.data["organisations"]:
        table.add_row(str(org["id"]), org["name"], org["kind"], org.get("country") or "")
    console.print(table)


@app.command("grant")
def grant(
    peer: str,
    remote_id: Annotated[int, typer.Argument(help=N_("the organisation's id on the peer"))],
    name: Annotated[str, typer.Option(help=N_("its name on this node"))],
    kind: Annotated[str, typer.Option(help=N_("its kind here (police, customs, museum...)"))],
    country: Annotated[str | None, typer.Option(help=N_("ISO 3166-1 alpha-2"))] = None,
    vetting: Annotated[
        str, typer.Option(help=N_("vetted, applied or suspended: what it may read here"))
    ] = "vetted",
    named_authority: Annotated[bool, typer.Option(help=N_("treat it as law enforcement"))] = False,
) -> None:
    """Make an organisation of a peer known here with the rights this node grants it."""
    from heritrace.federation.service import RemoteOrganisation

    platform = open_platform()
    try:
        org = platform.federation.grant(
            SYSTEM, RemoteOrganisation(peer, remote_id, name, kind, country, vetting, named_authority)
        )
    except DomainError as exc:
        err_console.print(f"[red]{exc.message} {getattr(exc, 'errors', '') or ''}[/red]")
        raise typer.Exit(1) from None
    typer.echo(
        _(
            "organisation %(id)s here = %(remote)s on %(peer)s: %(name)s, %(kind)s, %(vetting)s",
            id=org.id,
            remote=remote_id,
            peer=peer,
            name=org.name,
            kind=org.kind,
            vetting=org.vetting,
        )
    )

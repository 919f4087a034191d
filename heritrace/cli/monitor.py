"""``heritrace monitor``: market sources, crawls, hits and evidence packages."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from heritrace.cli.context import open_platform
from heritrace.cli.objects import index_new_photos
from heritrace.cli.progress import err_console
from heritrace.core.actor import SYSTEM
from heritrace.core.errors import DomainError
from heritrace.core.i18n import N_, _, ngettext

app = typer.Typer(
    help=N_("Market monitoring: watch online sales, screen listings, keep the evidence."),
    no_args_is_help=True,
)
sources_app = typer.Typer(help=N_("Marketplaces watched."), no_args_is_help=True)
app.add_typer(sources_app, name="sources")


def _fail(exc: DomainError) -> None:
    err_console.print(f"[red]{exc}[/red]", markup=True, highlight=False)
    raise typer.Exit(1)


@sources_app.command("add")
def sources_add(file: Annotated[Path, typer.Argument(help=N_("source file, TOML or YAML"))]) -> None:
    """Add a source (or replace the source of that name) from a TOML or YAML file."""
    from heritrace.monitor.schemas import read_source_file

    if not file.is_file():
        err_console.print("[red]" + _("no such file: %(file)s", file=file) + "[/red]")
        raise typer.Exit(2)
    platform = open_platform()
    try:
        source = platform.monitor.add_source(SYSTEM, read_source_file(file))
    except DomainError as exc:
        _fail(exc)
    err_console.print(_("source '%(name)s' saved", name=source.name))


@sources_app.command("list")
def sources_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The sources watched, with their listings and last crawl."""
    for source in open_platform().monitor.sources():
        if as_json:
            print(json.dumps(source, ensure_ascii=False))
        else:
            every = _("every %(minutes)s min", minutes=source["interval_minutes"])
            listings = ngettext("%(num)s listing", "%(num)s listings", source["listings"])
            crawl = _("last crawl %(when)s", when=source["last_crawl_at"] or _("never"))
            print(f"{source['name']}\t{', '.join(source['start_urls'])}\t{every}\t{listings}\t{crawl}")


@sources_app.command("remove")
def sources_remove(name: str) -> None:
    """Stop watching a source (its listings, hits and evidence are removed)."""
    platform = open_platform()
    try:
        platform.monitor.remove_source(SYSTEM, name)
    except DomainError as exc:
        _fail(exc)
    err_console.print(_("source '%(name)s' removed", name=name))


@app.command("run")
def run(
    source: Annotated[
        list[str] | None, typer.Option("--source", help=N_("source name (all when omitted)"))
    ] = None,
    screenshots: Annotated[
        bool,
        typer.Option("--screenshots/--no-screenshots", help=N_("full-page screenshots (needs Chromium)")),
    ] = True,
) -> None:
    """Crawl once, screen new and changed listings, seal the evidence of hits, then return."""
    from heritrace.monitor.evidence import Screenshotter

    platform = open_platform()
    names = source or [s["name"] for s in platform.monitor.sources()]
    index_new_photos(platform)
    for name in names:
        shooter = Screenshotter(enabled=screenshots)
        try:
            report = platform.monitor.crawl(name, screenshots=shooter)
        except DomainError as exc:
            _fail(exc)
        if report.hits and shooter.reason:
            err_console.print(
                "[yellow]" + _("no screenshots: %(reason)s", reason=shooter.reason) + "[/yellow]"
            )
        facts = {k: v for k, v in asdict(report).items() if k != "hit_listing_ids"}
        err_console.print(" ".join(f"{k}={v}" for k, v in facts.items()), markup=False, highlight=False)


@app.command("hits")
def hits(
    source: Annotated[str | None, typer.Option("--source")] = None,
    state: Annotated[str | None, typer.Option("--state", help=N_("open, dismissed or escalated"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("one JSON object a line"))] = False,
) -> None:
    """Hits best first: listing, register record, verdict and score."""
    from heritrace.core.labels import label
    from heritrace.objects.choices import display

    for row in open_platform().monitor.hits(SYSTEM, source=source, state=state, limit=1_000_000):
        if as_json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(
                f"{display(row['verdict']):14} {row['score']:.3f}  {row['object_id']}  {row['listing_url']}"
                f"  [{label(row['state'])}]"
            )


@app.command("evidence")
def evidence(
    listing_id: Annotated[int, typer.Argument(help=N_("listing id (as in `monitor hits --json`)"))],
    out: Annotated[Path, typer.Option("--out", help=N_("folder to write the package to"))],
) -> None:
    """Export a listing's sealed evidence package (WARC, screenshot, photos, signed manifest)."""
    platform = open_platform()
    try:
        check = platform.monitor.export_evidence(SYSTEM, listing_id, out)
    except DomainError as exc:
        _fail(exc)
    for problem in check.problems:
        err_console.print(f"[red]{problem}[/red]", highlight=False)
    err_console.print(
        _(
            "evidence of listing %(listing)s written to %(folder)s: %(state)s",
            listing=listing_id,
            folder=out,
            state=_("sealed and intact") if check.valid else _("ALTERED"),
        )
    )
    if not check.valid:
        raise typer.Exit(1)


@app.command("verify")
def verify(folder: Annotated[Path, typer.Argument(help=N_("an exported evidence package"))]) -> None:
    """Check a package's signature and every file's SHA-256 (exit 1 when anything was altered)."""
    from heritrace.monitor.evidence import verify_package

    check = verify_package(folder)
    for problem in check.problems:
        print(problem)
    print(_("intact") if check.valid else _("ALTERED"))
    if not check.valid:
        raise typer.Exit(1)

"""``heritrace legal``: legal time limits of return and restitution claims, for partners' own systems."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import typer

from heritrace.core.i18n import DEFAULT_LOCALE, N_, _, use_locale
from heritrace.legal import FactsError, compute_deadlines, parse_facts
from heritrace.legal.compliance import CheckInputError, CheckResult
from heritrace.legal.data import StatesTable

DATABASE = typer.Option(
    False,
    "--database",
    help=N_(
        "States and EU membership from this installation's law database (with reviewed changes) "
        "instead of the law database as shipped"
    ),
)

app = typer.Typer(
    help=N_(
        "Legal time limits of return and restitution claims (UNIDROIT 1995, Directive "
        "2014/60/EU, UNESCO 1970, ICPRCP; docs/legal-deadlines.md) and the EU import and export checks "
        "(Regulation (EU) 2019/880, Regulation (EC) No 116/2009; docs/legal-compliance.md)."
    )
)


@app.callback()
def main() -> None:
    """Legal time limits of return and restitution claims; EU import and export checks."""


@app.command()
def deadlines(
    facts: str = typer.Argument(..., metavar="FACTS", help=N_("FACTS.json path, or - to read stdin")),
    report: bool = typer.Option(False, "--report", help=N_("Print the full report with needs and notes")),
    database: bool = DATABASE,
) -> None:
    """Print a JSON list of the applicable time limits for the claim described in FACTS."""
    try:
        raw = json.loads(_read(facts))
        case = parse_facts(raw)
    except FactsError as exc:
        _invalid(exc.errors)
    except (OSError, UnicodeDecodeError) as exc:
        _fail(_("cannot read FACTS %(source)r: %(error)s", source=facts, error=exc))
    except json.JSONDecodeError as exc:
        _fail(_("FACTS is not valid JSON: %(error)s", error=exc))
    states = _database_states() if database else None
    with use_locale(DEFAULT_LOCALE):  # the JSON is data for programs: its reasons stay in English
        result = compute_deadlines(case, states=states)
    body = result.to_json() if report else [d.to_json() for d in result.deadlines]
    typer.echo(json.dumps(body, indent=2, ensure_ascii=False))
    if not report and result.needs:
        # stdout stays a pure JSON list; what is missing goes to stderr so it is not lost.
        lines = [f"  {n.instrument} {', '.join(n.articles)}: {n.missing}".rstrip() for n in result.needs]
        typer.echo(_("needed to compute further limits:") + "\n" + "\n".join(lines), err=True)


@app.command("eu-import")
def eu_import(
    facts: str = typer.Argument(..., metavar="FACTS", help=N_("FACTS.json path, or - to read stdin")),
    database: bool = DATABASE,
) -> None:
    """Print what Regulation (EU) 2019/880 requires to bring the object into the EU (JSON)."""
    from heritrace.legal.eu_import import check_import, parse_import

    _print_check(facts, lambda raw: check_import(parse_import(raw), _database_states() if database else None))


@app.command("eu-export")
def eu_export(
    facts: str = typer.Argument(..., metavar="FACTS", help=N_("FACTS.json path, or - to read stdin")),
    database: bool = DATABASE,
) -> None:
    """Print whether Regulation (EC) No 116/2009 requires an export licence for the object (JSON)."""
    from heritrace.legal.eu_export import check_export, parse_export

    _print_check(facts, lambda raw: check_export(parse_export(raw), _database_states() if database else None))


def _database_states() -> StatesTable:
    """The installation's reviewed law database (HERITRACE_DATA_DIR / HERITRACE_DATABASE_URL)."""
    from heritrace.cli.context import open_platform

    platform = open_platform()
    try:
        return platform.laws.states_table()
    finally:
        platform.close()


def _print_check(facts: str, run: Callable[[object], CheckResult]) -> None:
    try:
        with use_locale(DEFAULT_LOCALE):  # the JSON is data for programs: its texts stay in English
            result = run(json.loads(_read(facts)))
    except CheckInputError as exc:
        _invalid(exc.errors)
    except (OSError, UnicodeDecodeError) as exc:
        _fail(_("cannot read FACTS %(source)r: %(error)s", source=facts, error=exc))
    except json.JSONDecodeError as exc:
        _fail(_("FACTS is not valid JSON: %(error)s", error=exc))
    typer.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))


def _read(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    return Path(source).read_text(encoding="utf-8")


def _invalid(errors: dict[str, str]) -> None:
    _fail(_("invalid FACTS:") + "\n" + "\n".join(f"  {field}: {msg}" for field, msg in errors.items()))


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code=2)

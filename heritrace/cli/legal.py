"""``heritrace legal``: legal time limits of return and restitution claims, for partners' own systems."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from heritrace.legal import FactsError, compute_deadlines, parse_facts

app = typer.Typer(
    help="Legal time limits of return and restitution claims (UNIDROIT 1995, Directive "
    "2014/60/EU, UNESCO 1970, ICPRCP). See docs/legal-deadlines.md."
)


@app.callback()
def main() -> None:
    """Legal time limits of return and restitution claims."""


@app.command()
def deadlines(
    facts: str = typer.Argument(..., metavar="FACTS", help="FACTS.json path, or - to read stdin"),
    report: bool = typer.Option(False, "--report", help="Print the full report with needs and notes"),
) -> None:
    """Print a JSON list of the applicable time limits for the claim described in FACTS."""
    try:
        raw = json.loads(_read(facts))
        case = parse_facts(raw)
    except FactsError as exc:
        _fail("invalid FACTS:\n" + "\n".join(f"  {field}: {msg}" for field, msg in exc.errors.items()))
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"cannot read FACTS {facts!r}: {exc}")
    except json.JSONDecodeError as exc:
        _fail(f"FACTS is not valid JSON: {exc}")
    result = compute_deadlines(case)
    body = result.to_json() if report else [d.to_json() for d in result.deadlines]
    typer.echo(json.dumps(body, indent=2, ensure_ascii=False))
    if not report and result.needs:
        # stdout stays a pure JSON list; what is missing goes to stderr so it is not lost.
        lines = [f"  {n.instrument} {', '.join(n.articles)}: {n.missing}".rstrip() for n in result.needs]
        typer.echo("needed to compute further limits:\n" + "\n".join(lines), err=True)


def _read(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    return Path(source).read_text(encoding="utf-8")


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code=2)

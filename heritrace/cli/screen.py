"""``heritrace screen LISTINGS.jsonl --out RESULTS.jsonl``: batch screening of market listings."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from heritrace.cli.context import open_platform
from heritrace.cli.progress import count_lines, err_console, progress_bar
from heritrace.core.actor import SYSTEM
from heritrace.core.i18n import N_, _

MAX_LINE = 2_000_000


def screen(
    listings: Annotated[Path, typer.Argument(help=N_("JSON Lines: id, title, description, ..."))],
    out: Annotated[
        Path | None, typer.Option("--out", help=N_("results (standard output by default)"))
    ] = None,
    top: Annotated[int, typer.Option(min=1, max=10)] = 10,
) -> None:
    """Screen market listings against the register; one result line per listing."""
    if not listings.is_file():
        err_console.print("[red]" + _("no such file: %(file)s", file=listings) + "[/red]")
        raise typer.Exit(2)
    platform = open_platform()
    with progress_bar(_("loading the register"), None) as update:
        platform.matcher.engine(update)
    verdicts: Counter[str] = Counter()
    problems: list[str] = []
    fh = open(out, "w", encoding="utf-8") if out else sys.stdout
    try:
        with progress_bar(_("screening %(file)s", file=listings.name), count_lines(listings)) as update:
            for done, (line_no, item) in enumerate(_listings(listings), 1):
                result = _screen_one(platform, line_no, item, top, problems)
                if result is not None:
                    fh.write(json.dumps(result, ensure_ascii=False) + "\n")
                    top_verdict = result["candidates"][0]["verdict"] if result["candidates"] else "none"
                    verdicts[top_verdict] += 1
                update(done)
    finally:
        if out:
            fh.close()
    _summary(verdicts, problems)


def _listings(path: Path):  # noqa: ANN202
    with open(path, encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                yield n, line[:MAX_LINE]


def _screen_one(platform, line_no: int, raw: str, top: int, problems: list[str]) -> dict | None:  # noqa: ANN001
    from heritrace.matching.records import Query

    try:
        item = json.loads(raw)
        if not isinstance(item, dict):
            raise ValueError(_("a line must hold one JSON object"))
    except ValueError as exc:
        problems.append(_("line %(line)s: malformed JSON (%(error)s)", line=line_no, error=exc))
        return None
    query = Query.from_listing(item)
    listing_id = item.get("id", item.get("listing_id", f"line-{line_no}"))
    engine = platform.matcher.engine()
    results = engine.match(query, top)
    if not results:
        warnings = engine.problems(query)
        if warnings:
            problems.append(
                _(
                    "line %(line)s (%(id)s): %(problems)s",
                    line=line_no,
                    id=listing_id,
                    problems=", ".join(warnings),
                )
            )
    hits = platform.matcher.present(SYSTEM, results)
    return {
        "listing_id": listing_id,
        "candidates": [
            # one scale for people, as on the pages: the probability that it is the same object (0-1);
            # the engine's evidence in log2 odds beside it for those who tune it (docs/matching.md)
            {
                "object_id": h.object_id,
                "score": round(h.probability, 3),
                "log2_odds": round(h.score, 2),
                "verdict": h.verdict,
            }
            for h in hits
        ],
    }


def _summary(verdicts: Counter, problems: list[str]) -> None:
    total = sum(verdicts.values())
    err_console.print(
        _(
            "screened %(total)s listings: %(match)s match, %(possible)s possible, %(none)s none; "
            "%(problems)s with problems",
            total=total,
            match=verdicts["match"],
            possible=verdicts["possible"],
            none=verdicts["none"],
            problems=len(problems),
        )
    )
    for p in problems[:50]:
        err_console.print(f"  {p}", markup=False, highlight=False)

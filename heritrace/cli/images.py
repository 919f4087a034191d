"""``heritrace identify`` and ``heritrace images reindex``: photo search from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from heritrace.cli.context import open_platform
from heritrace.cli.objects import index_new_photos
from heritrace.cli.progress import err_console, progress_bar
from heritrace.core.actor import SYSTEM
from heritrace.core.i18n import N_, _

app = typer.Typer(help=N_("Photo index maintenance."), no_args_is_help=True)


@app.command("reindex")
def reindex() -> None:
    """Rebuild the photo-search index from every register photo."""
    platform = open_platform()
    total = platform.photos.register_photo_count()
    with progress_bar(_("re-indexing photos"), total) as update:
        failures = platform.photos.rebuild(update)
    err_console.print(_("photo index rebuilt: %(count)s photos", count=total - len(failures)))
    for image_id, reason in failures:
        err_console.print("  " + _("photo %(id)s: %(reason)s", id=image_id, reason=reason), markup=False)


def identify(
    photos: Annotated[list[Path], typer.Argument(help=N_("query photos"))],
    as_json: Annotated[bool, typer.Option("--json", help=N_("one JSON line per photo"))] = False,
    top: Annotated[int, typer.Option(min=1, max=10)] = 10,
) -> None:
    """Which register objects does each photo show? Best candidates first, with a verdict."""
    platform = open_platform()
    index_new_photos(platform)
    failed = False
    with progress_bar(_("identifying"), len(photos)) as update:
        for done, photo in enumerate(photos, 1):
            line = _identify_one(platform, photo, top)
            failed |= "error" in line
            _print(line, as_json)
            update(done)
    if failed:
        raise typer.Exit(1)


def _identify_one(platform, photo: Path, top: int) -> dict:  # noqa: ANN001
    from heritrace.images.decode import ImageRejected, load_image_path

    try:
        hits = platform.photos.identify(SYSTEM, load_image_path(photo), top_k=top)
    except ImageRejected as exc:
        return {"photo": str(photo), "candidates": [], "error": exc.reason}
    return {
        "photo": str(photo),
        "candidates": [
            {
                "object_id": h.object_id,
                "score": round(float(h.score), 4),
                "verdict": h.verdict,
                "title": h.title,
                "inliers": h.inliers,
            }
            for h in hits
        ],
    }


def _print(line: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(line, ensure_ascii=False), flush=True)
        return
    from heritrace.objects.choices import display

    err_console.print(
        f"[bold]{line['photo']}[/bold]" + (f"  [red]{line['error']}[/red]" if "error" in line else "")
    )
    for c in line["candidates"]:
        err_console.print(
            f"  {display(c['verdict']):14} {c['score']:.3f}  {c['object_id']}  {c.get('title') or ''}",
            markup=False,
        )

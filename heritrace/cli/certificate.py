"""``heritrace certificate verify FILE``: is a due-diligence, export or training completion certificate
authentic and unaltered?"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from heritrace.cli.progress import err_console, plain_console
from heritrace.core.i18n import N_, _
from heritrace.diligence.signing import KEY_FILE, PlatformKey, key_id_of, load_public_pem, verify_file

console = plain_console()
app = typer.Typer(
    help=N_("Due-diligence, export and training completion certificates."), no_args_is_help=True
)
EXIT = {"valid": 0, "altered": 1, "unknown_key": 2, "malformed": 3}


@app.callback()
def certificates() -> None:
    """Due-diligence certificates."""


@app.command("verify")
def verify(
    file: Annotated[Path, typer.Argument(help=N_("a JSON or PDF certificate"), exists=True, dir_okay=False)],
    public_key: Annotated[
        Path | None,
        typer.Option(
            "--public-key",
            help=N_("the platform's public key (PEM); default: this installation's key"),
            dir_okay=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("print the result as JSON"))] = False,
) -> None:
    """Check the signature; exit 0 valid, 1 altered, 2 unknown key, 3 not a certificate."""
    keys = _keys(public_key)
    result = verify_file(file.read_bytes(), keys)
    if as_json:
        console.print_json(
            json.dumps(
                {
                    "status": result.status,
                    "message": result.message,
                    "kind": result.kind,
                    "key_id": result.key_id,
                    "certificate": result.certificate,
                }
            )
        )
    else:
        colour = "green" if result.valid else "red"
        console.print(f"[{colour}]{result.status.upper()}[/{colour}]: {result.message}")
        if result.certificate:
            c = result.certificate
            note = "" if result.valid else "  " + _("(NOT vouched for)")
            console.print(f"{_describe(c)}{note}", markup=False)
    raise typer.Exit(EXIT[result.status])


def _describe(c: dict) -> str:
    if c.get("certificate_type") == "training_completion":
        learner = c.get("learner") if isinstance(c.get("learner"), dict) else {}
        course = c.get("course") if isinstance(c.get("course"), dict) else {}
        return _(
            "certificate of completion %(id)s issued %(issued)s: %(learner)s completed '%(course)s' on "
            "%(completed)s, score %(score)s%%",
            id=c.get("certificate_id"),
            issued=c.get("issued_at"),
            learner=learner.get("name"),
            course=course.get("title"),
            completed=c.get("completed_at"),
            score=c.get("score"),
        )
    if c.get("certificate_type") == "export_certificate":
        record = c.get("object", {}).get("register_id") if isinstance(c.get("object"), dict) else None
        return _(
            "export certificate %(id)s prepared %(issued)s for record %(record)s",
            id=c.get("certificate_id"),
            issued=c.get("issued_at"),
            record=record,
        )
    return _(
        "certificate %(id)s issued %(issued)s, verdict %(verdict)s",
        id=c.get("certificate_id"),
        issued=c.get("issued_at"),
        verdict=c.get("verdict"),
    )


def _keys(public_key: Path | None) -> dict:
    if public_key is not None:
        try:
            key = load_public_pem(public_key.read_bytes())
        except ValueError as exc:
            err_console.print(
                "[red]"
                + _(
                    "%(file)s is not an Ed25519 public key in PEM: %(error)s", file=public_key.name, error=exc
                )
                + "[/red]"
            )
            raise typer.Exit(3) from None
        return {key_id_of(key): key}
    from heritrace.core.settings import Settings

    settings = Settings()
    path = settings.signing_key_path or settings.data_dir / "keys" / KEY_FILE
    if not path.exists():
        err_console.print(
            "[yellow]" + _("this installation has no signing key yet; pass --public-key") + "[/yellow]"
        )
        return {}
    key = PlatformKey(path)
    return {key.key_id: key.public}

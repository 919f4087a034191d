"""``heritrace``: the command-line interface (same services and permission checks as the API)."""

from __future__ import annotations

import shutil
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from heritrace.cli import access as access_cli
from heritrace.cli import alerts as alerts_cli
from heritrace.cli import cases as cases_cli
from heritrace.cli import certificate as certificate_cli
from heritrace.cli import federation as federation_cli
from heritrace.cli import images as images_cli
from heritrace.cli import laws as laws_cli
from heritrace.cli import legal as legal_cli
from heritrace.cli import meetings as meetings_cli
from heritrace.cli import monitor as monitor_cli
from heritrace.cli import objects as objects_cli
from heritrace.cli import results as results_cli
from heritrace.cli import screen as screen_cli
from heritrace.cli.context import open_platform
from heritrace.cli.language import HeritraceGroup
from heritrace.cli.progress import count_lines, err_console, progress_bar
from heritrace.core.actor import SYSTEM
from heritrace.core.i18n import N_, _
from heritrace.core.settings import Settings

app = typer.Typer(
    help=N_("Heritrace: register, identify and return stolen cultural property."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=HeritraceGroup,  # the run in the language of HERITRACE_LANG or the POSIX locale
)
app.add_typer(objects_cli.app, name="objects")
app.add_typer(legal_cli.app, name="legal")
app.add_typer(laws_cli.app, name="laws")
app.add_typer(images_cli.app, name="images")
app.command("identify")(images_cli.identify)
app.command("screen")(screen_cli.screen)
app.add_typer(access_cli.audit_app, name="audit")
app.add_typer(access_cli.users_app, name="users")
app.add_typer(access_cli.orgs_app, name="orgs")
app.add_typer(certificate_cli.app, name="certificate")
app.add_typer(alerts_cli.app, name="alerts")
app.add_typer(cases_cli.app, name="cases")
app.add_typer(federation_cli.app, name="federation")
app.add_typer(monitor_cli.app, name="monitor")
app.add_typer(meetings_cli.app, name="meetings")
app.add_typer(results_cli.app, name="results")
db_app = typer.Typer(help=N_("Database maintenance."), no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the current schema."""
    platform = open_platform()
    err_console.print(
        _("database at the current schema: %(url)s", url=platform.engine.url.render_as_string())
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help=N_(
                "web processes (default: one per CPU core, at most 8); with more than one, a job worker "
                "process too"
            ),
        ),
    ] = None,
) -> None:
    """Run the web UI and the REST API."""
    _serve_with(Settings(), host, port, workers)


@app.command()
def demo(
    data_dir: Annotated[Path, typer.Option(help=N_("fresh data directory"))] = Path("./heritrace-demo"),
    objects: Annotated[int, typer.Option(min=10)] = 2200,
    photos: Annotated[int, typer.Option(min=0)] = 300,
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    serve_after: Annotated[bool, typer.Option("--serve/--no-serve")] = True,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help=N_("web processes (default: one per CPU core, at most 8)")),
    ] = None,
) -> None:
    """Create a fresh data directory with a generated register and start the server."""
    from heritrace.accounts.demo import create_demo_people
    from heritrace.cases.demo import create_demo_cases
    from heritrace.consultations.service import declare_demo_expertise
    from heritrace.meetings.demo import create_demo_meetings
    from heritrace.objects.demo import write_demo_register
    from heritrace.objects.transfer import RegisterImporter

    if data_dir.exists():
        shutil.rmtree(data_dir)
    settings = Settings(data_dir=data_dir, mode="demo", database_url=None)
    platform = open_platform(settings)
    org_ids, people = create_demo_people(platform)
    declare_demo_expertise(platform.consultations, org_ids)
    # the register belongs to the demo museum, so that its non-public records have an originator
    owner = replace(SYSTEM, organisation_id=org_ids["Regional Art Museum (demo)"])
    with tempfile.TemporaryDirectory() as tmp:
        err_console.print(_("generating the demo register…"))
        path = write_demo_register(Path(tmp), count=objects, with_photos=min(photos, objects))
        importer = RegisterImporter(platform.sessions, platform.images, owner)
        with progress_bar(_("importing the demo register"), count_lines(path)) as update:
            report = importer.run(path, update)
        objects_cli.index_new_photos(platform)
    cases = create_demo_cases(platform, people["ministry"], requesting_state="UA")
    from heritrace.training.demo import create_demo_training

    create_demo_training(platform, people)  # a course, a workshop held with participants, library documents
    meetings = create_demo_meetings(platform, people["ministry"], org_ids)
    err_console.print(
        _(
            "demo register: %(objects)s objects and %(cases)s return cases in %(folder)s",
            objects=report.inserted,
            cases=cases,
            folder=data_dir.resolve(),
        )
    )
    err_console.print(
        _(
            "demo meetings: %(meetings)s meetings of the partners with decisions and actions",
            meetings=meetings,
        )
    )
    if serve_after:
        platform.close()
        _serve_with(settings, host, port, workers)


@app.command()
def worker(workers: Annotated[int, typer.Option(min=1, max=16)] = 1) -> None:
    """Run background jobs (photo indexing, deliveries) from the queue; scale out by starting more."""
    from huey.consumer import Consumer

    platform = open_platform()
    platform.settings.jobs = "queue"
    err_console.print(_("Heritrace worker consuming the job queue (Ctrl-C to stop)"))
    Consumer(platform.queue, workers=workers, worker_type="thread").run()


def default_web_processes() -> int:
    """One web process per CPU core (one Python process uses one core), at most 8."""
    from heritrace.core.cpu import available_cores

    return max(1, min(8, available_cores()))


def _serve_with(settings: Settings, host: str, port: int, workers: int | None) -> None:
    workers = workers or default_web_processes()
    if workers > 1:
        _serve_processes(settings, host, port, workers)
    else:
        _serve(settings, host, port)


def _serve(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    from heritrace.app import create_app

    platform = open_platform(settings)
    platform.serving = True
    app_ = create_app(platform=platform)
    # the text-matching engine is built from the whole register on first use (about 20 s at 100,000
    # records): build it while the server starts, so that no search request waits for it
    threading.Thread(target=platform.matcher.engine, name="warm-text-engine", daemon=True).start()
    err_console.print(
        _("Heritrace is running at %(url)s  (API docs: /api/v1/docs)", url=f"http://{host}:{port}/")
    )
    if settings.mode == "demo":
        _print_demo_logins()
    uvicorn.run(app_, host=host, port=port, log_level="warning")


def _serve_processes(settings: Settings, host: str, port: int, workers: int) -> None:
    """Several web processes (one per CPU core uses the machine; each answers requests on its own
    interpreter) and one job worker: the web processes hand jobs to the queue (``HERITRACE_JOBS=queue``)
    and map the photo index read-only; the worker indexes photos and delivers alerts."""
    import os
    import subprocess
    import sys

    import uvicorn

    open_platform(settings).close()  # migrate once, before the processes start
    # the processes read their settings from the environment: pass on what was set in code (demo)
    os.environ["HERITRACE_MODE"] = settings.mode
    os.environ["HERITRACE_DATA_DIR"] = str(settings.data_dir.resolve())
    if settings.database_url is None:
        os.environ.pop("HERITRACE_DATABASE_URL", None)
    os.environ["HERITRACE_JOBS"] = "queue"
    worker_cmd = [sys.executable, "-m", "heritrace.cli.main", "worker", "--workers", "2"]
    jobs = subprocess.Popen(worker_cmd, env=os.environ.copy())
    err_console.print(
        _(
            "Heritrace is running at %(url)s with %(workers)s web processes",
            url=f"http://{host}:{port}/",
            workers=workers,
        )
    )
    if settings.mode == "demo":
        _print_demo_logins()
    try:
        # a process warming its text engine (seconds of CPU) is slow to answer the supervisor's
        # health check on a busy machine: give it a minute rather than restarting it again and again
        uvicorn.run(
            "heritrace.app:serving_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            timeout_worker_healthcheck=60,
        )
    finally:
        jobs.terminate()
        jobs.wait(timeout=30)


def _print_demo_logins() -> None:
    from heritrace.accounts.demo import demo_logins

    err_console.print(_("demo sign-ins (demo mode: no second factor asked):"))
    for login in demo_logins():
        err_console.print(
            f"  {login.username:<10} / {login.password}   {', '.join(login.roles):<24} {login.organisation}"
        )


if __name__ == "__main__":
    app()

"""`heritrace demo`: a fresh data directory with a generated register, demo people and return cases."""

from __future__ import annotations

from collections import Counter

from typer.testing import CliRunner

from heritrace.accounts.demo import demo_logins
from heritrace.cli.context import open_platform
from heritrace.cli.main import app
from heritrace.core.actor import ANONYMOUS, SYSTEM
from heritrace.core.settings import Settings
from heritrace.library.schemas import SearchIn
from heritrace.objects.service import ObjectFilters


def _demo(data_dir) -> str:  # noqa: ANN001
    args = ["demo", "--data-dir", str(data_dir), "--objects", "60", "--photos", "4", "--no-serve"]
    result = CliRunner().invoke(app, args, env={"HERITRACE_DATABASE_URL": ""})
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_builds_a_fresh_register_with_people_and_cases(tmp_path):
    data_dir = tmp_path / "demo"
    (data_dir).mkdir()
    (data_dir / "left-over.txt").write_text("from an earlier run")
    output = _demo(data_dir)
    assert "demo register: 60 objects and 5 return cases" in output
    assert not (data_dir / "left-over.txt").exists()

    platform = open_platform(Settings(data_dir=data_dir, mode="demo", database_url=None))
    objects, total, _ = platform.objects.list(SYSTEM, ObjectFilters(), per_page=100)
    assert total == 60
    assert sum(len(o.images) for o in objects) == 4
    # the demo logins printed at start-up sign in, and act with their roles
    for login in demo_logins():
        token, user = platform.accounts.sign_in(ANONYMOUS, login.username, login.password)
        assert platform.accounts.actor_for_session(token).roles == frozenset(login.roles)

    cases = platform.cases.list(SYSTEM)
    assert Counter(c.state for c in cases) == Counter(
        {"closed": 1, "bilateral_negotiation": 1, "claim_notified": 1, "object_located": 1, "opened": 1}
    )
    assert all(c.requesting_state == "UA" and c.objects for c in cases)
    # each case names only records its readers may read: the public one, public records
    [public] = [c for c in cases if c.classification == "public"]
    assert platform.cases.readable_object_ids(ANONYMOUS, [public]) == {o.object_id for o in public.objects}
    results = platform.cases.results(ANONYMOUS)  # the returned object's case is public
    assert results["closed_cases"] == 1 and results["objects_returned"] == 1

    # training: a course with an identification exercise, a workshop held with participants
    from heritrace.db.base import utcnow
    from heritrace.training.stats import training_results

    [course] = platform.training.courses(SYSTEM)
    assert any(q.kind == "identification" for q in course.questions)
    held = [e for e in platform.training.events(SYSTEM) if e.starts_at <= utcnow()]
    assert held and sum(1 for r in held[0].registrations if r.attended) == 2
    with platform.sessions() as s:
        figures = training_results(s, utcnow().year)
    assert figures["trainings"] == 1 and figures["people_trained"] == 2
    assert {d.kind for d in platform.library.search(SYSTEM, SearchIn())} == {
        "guidance",
        "checklist",
        "categories_at_risk",
    }

    _check_the_interfaces_of_issue_14(data_dir, platform)

    # run again: the directory is made anew, not added to
    _demo(data_dir)
    again = open_platform(Settings(data_dir=data_dir, mode="demo", database_url=None))
    assert again.objects.list(SYSTEM, ObjectFilters(), per_page=1)[1] == 60
    assert len(again.cases.list(SYSTEM)) == 5


def _check_the_interfaces_of_issue_14(data_dir, platform) -> None:  # noqa: ANN001
    """As a checker would: anonymous yearly results non-zero where the demo creates data, the annual
    report a PDF, each meeting's and training event's .ics valid iCalendar for a signed-in partner and,
    like the page, not found for an anonymous visitor when not public."""
    import io
    from datetime import date

    from fastapi.testclient import TestClient
    from icalendar import Calendar
    from pypdf import PdfReader

    from heritrace.app import create_app
    from heritrace.core.http import SESSION_COOKIE

    year = date.today().year
    app_ = create_app(platform=platform)
    with TestClient(app_) as anonymous, TestClient(app_) as member:
        figures = anonymous.get(f"/api/v1/results?year={year}").json()
        keys = ("returns", "recoveries", "seizures", "due_diligence_checks", "alerts", "consultations",
                "trainings", "people_trained", "meetings", "actions_open", "actions_done")  # fmt: skip
        assert all(type(figures[k]) is int for k in keys), figures
        assert all(figures[k] > 0 for k in ("returns", "trainings", "people_trained", "meetings")), figures
        assert figures["actions_open"] > 0 and figures["actions_done"] > 0, figures
        [login] = [x for x in demo_logins() if x.username == "customs"]
        member.cookies.set(
            SESSION_COOKIE, platform.accounts.sign_in(ANONYMOUS, login.username, login.password)[0]
        )
        paths = [f"/meetings/{m.id}" for m in platform.meetings.list(SYSTEM)]
        paths += [f"/training/events/{e.id}" for e in platform.training.events(SYSTEM)]
        assert len(paths) == 4
        for path in paths:
            r = member.get(f"{path}/calendar.ics")
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar"), path
            assert Calendar.from_ical(r.content).walk("VEVENT"), path
            page, ics = anonymous.get(path), anonymous.get(f"{path}/calendar.ics")
            assert page.status_code == ics.status_code == 404, path  # the demo's are for partners
    out = data_dir / "report.pdf"
    env = {"HERITRACE_DATABASE_URL": "", "HERITRACE_DATA_DIR": str(data_dir)}
    result = CliRunner().invoke(app, ["results", "report", "--year", str(year), "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert str(year) in reader.pages[0].extract_text()


def test_serve_starts_one_web_process_per_core_and_passes_demo_settings_on(tmp_path, monkeypatch):
    import os
    import subprocess

    import uvicorn

    from heritrace.cli import main

    assert 1 <= main.default_web_processes() <= min(8, os.cpu_count() or 1)
    started: dict = {}
    monkeypatch.setattr(main, "_serve", lambda settings, host, port: started.update(one=settings))
    monkeypatch.setattr(main, "default_web_processes", lambda: 1)
    main._serve_with(Settings(data_dir=tmp_path, mode="demo", database_url=None), "127.0.0.1", 0, None)
    assert started["one"].data_dir == tmp_path  # one core: one process, as before

    class Worker:
        def __init__(self, cmd, env) -> None:  # noqa: ANN001
            started.update(worker_env=env)

        def terminate(self) -> None: ...

        def wait(self, timeout: float) -> None: ...

    monkeypatch.setattr(subprocess, "Popen", Worker)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.update(app=app, **kw))
    for name in ("HERITRACE_MODE", "HERITRACE_DATA_DIR", "HERITRACE_JOBS"):
        monkeypatch.setenv(name, os.environ.get(name, "x"))  # restored (or removed) after the test
        monkeypatch.delenv(name)
    monkeypatch.setenv("HERITRACE_DATABASE_URL", "postgresql://elsewhere/db")
    monkeypatch.setattr(main, "default_web_processes", lambda: 2)
    main._serve_with(Settings(data_dir=tmp_path, mode="demo", database_url=None), "127.0.0.1", 0, None)
    assert started["workers"] == 2 and started["app"] == "heritrace.app:serving_app"
    # the web processes and the job worker read their settings from the environment: the demo's own
    env = started["worker_env"]
    assert env["HERITRACE_MODE"] == "demo" and env["HERITRACE_DATA_DIR"] == str(tmp_path.resolve())
    assert "HERITRACE_DATABASE_URL" not in env and env["HERITRACE_JOBS"] == "queue"
    assert Settings().data_dir == tmp_path.resolve() and Settings().mode == "demo"

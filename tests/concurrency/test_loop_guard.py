"""Nothing slow runs on the server's event loop: the register's pages and API calls, on their happy path
and on their error paths, read and write the database, hash passwords, decode photos and draw or read
PDFs only on worker threads (docs/concurrency.md).

The guard sees every SQL statement any engine sends (SQLAlchemy's ``before_cursor_execute``) and every
password hash, photo decoding and PDF drawn or read, and notes those made in a thread that runs an
event loop: the app's own loop, since worker threads run none."""

from __future__ import annotations

import asyncio
import functools
import json
import re
import traceback
from collections.abc import Iterator

import argon2
import fpdf
import pypdf
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from heritrace.app import create_app
from tests.conftest import add_member, add_organisation
from tests.members import photo_bytes


def _on_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class LoopGuard:
    """What ran on an event loop that should not have, each with where it was called from."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def note(self, what: str) -> None:
        if _on_loop():
            frames = [f for f in traceback.extract_stack() if "/heritrace/" in f.filename]
            where = " <- ".join(f"{f.filename.rsplit('/heritrace/', 1)[1]}:{f.lineno}" for f in frames[-3:])
            self.seen.append(f"{what} at {where}")

    def on_statement(self, conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001, PLR0913
        self.note("SQL " + " ".join(statement.split()[:4]))

    def take(self) -> list[str]:
        seen, self.seen = self.seen, []
        return seen


def _watched(guard: LoopGuard, what: str, original):  # noqa: ANN001, ANN202
    @functools.wraps(original)
    def call(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        guard.note(what)
        return original(*args, **kwargs)

    return call


@pytest.fixture
def loop_guard(monkeypatch) -> Iterator[LoopGuard]:  # noqa: ANN001
    guard = LoopGuard()
    event.listen(Engine, "before_cursor_execute", guard.on_statement)
    for owner, name, what in (
        (argon2.PasswordHasher, "hash", "password hash"),
        (argon2.PasswordHasher, "verify", "password check"),
        (Image, "open", "photo decoding"),
        (fpdf.FPDF, "output", "PDF drawing"),
        (pypdf.PdfReader, "__init__", "PDF reading"),
    ):
        monkeypatch.setattr(owner, name, _watched(guard, what, getattr(owner, name)))
    yield guard
    event.remove(Engine, "before_cursor_execute", guard.on_statement)


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _sign_in(web: TestClient, member) -> None:  # noqa: ANN001
    data = {
        "csrf_token": _token(web.get("/sign-in").text),
        "username": member.username,
        "password": member.password,
    }
    assert web.post("/sign-in", data=data, follow_redirects=False).status_code == 303


@pytest.fixture
def register(platform, loop_guard):  # noqa: ANN001
    """A museum's registrar signed in through the sign-in page, with one record of the museum, and a
    dealer with an API token; the guard starts empty."""
    org = add_organisation(platform, "Museo Civico di Bari", "museum")
    registrar = add_member(platform, "registrar", org, ["registrar"])
    dealer_org = add_organisation(platform, "Galleria Rossi", "market")
    dealer = add_member(platform, "dealer", dealer_org, ["market_user"])
    app = create_app(platform=platform)
    web, api = TestClient(app), TestClient(app, headers=registrar.headers)
    with web, api:
        _sign_in(web, registrar)
        made = api.post(
            "/api/v1/objects",
            json={"id": "BARI-1", "title": "Bronze lamp", "type_of_object": "lamp", "status": "stolen"},
        )
        assert made.status_code == 201, made.text
        loop_guard.take()
        yield web, api, dealer


def _form(web: TestClient, page: str, path: str, data: dict | None = None, files=None, **kw):  # noqa: ANN001, ANN003, ANN202
    """Post a form as its page does: the page's CSRF token, then the fields."""
    token = _token(web.get(page).text)
    return web.post(
        path, data={"csrf_token": token, **(data or {})}, files=files, follow_redirects=False, **kw
    )


CSV = b"id,title,type_of_object\nIMP-1,Silver cup,cup\n"


def _web_calls(web: TestClient) -> Iterator[tuple[str, object, set[int]]]:
    """(what, its answer, the statuses it may have) of every register form, happy path then errors."""
    photo = photo_bytes()
    yield (
        "sign in refused",
        _form(web, "/sign-in", "/sign-in", {"username": "registrar", "password": "no"}),
        {401},
    )
    yield "form without its token", web.post("/objects/new", data={"title": "x"}), {403}
    yield "no page here", web.get("/no-such-page", headers={"accept": "text/html"}), {404}
    yield "unknown record", web.get("/objects/NOPE-1", headers={"accept": "text/html"}), {404}
    yield "bad query", web.get("/objects?page=x", headers={"accept": "text/html"}), {200, 422}
    new = {"id": "BARI-2", "title": "Gold ring", "type_of_object": "ring", "status": "stolen"}
    yield "create", _form(web, "/objects/new", "/objects/new", new), {303}
    yield "create refused", _form(web, "/objects/new", "/objects/new", {"id": "BARI-2", "title": ""}), {422}
    created = {**new, "id": "BARI-3"}
    with_photo = {"photos": ("lamp.jpg", photo, "image/jpeg")}
    yield "create with photo", _form(web, "/objects/new", "/objects/new", created, with_photo), {303}
    edit = {**new, "version": "1", "title": "Gold ring, engraved", "classification": "public"}
    yield "edit", _form(web, "/objects/BARI-2/edit", "/objects/BARI-2/edit", edit), {303}
    yield (
        "edit refused",
        _form(web, "/objects/BARI-2/edit", "/objects/BARI-2/edit", {**edit, "version": "1"}),
        {409, 422},
    )
    yield (
        "status",
        _form(web, "/objects/BARI-2", "/objects/BARI-2/status", {"status": "recovered", "reason": "found"}),
        {303},
    )
    yield (
        "status refused",
        _form(web, "/objects/BARI-2", "/objects/BARI-2/status", {"status": "nonsense"}),
        {422},
    )
    yield (
        "status of unknown record",
        _form(web, "/objects/BARI-2", "/objects/NOPE-1/status", {"status": "stolen", "reason": "seen"}),
        {404},
    )
    files = {"photo": ("lamp.jpg", photo, "image/jpeg")}
    yield (
        "photo",
        _form(web, "/objects/BARI-1", "/objects/BARI-1/images", {"publishable": "on"}, files),
        {303},
    )
    yield (
        "photo refused",
        _form(
            web,
            "/objects/BARI-1",
            "/objects/BARI-1/images",
            {},
            {"photo": ("x.jpg", b"not a photo", "image/jpeg")},
        ),
        {422},
    )
    yield "photo missing", _form(web, "/objects/BARI-1", "/objects/BARI-1/images", {}), {422}
    upload = {"file": ("register.csv", CSV, "text/csv")}
    answer = _form(web, "/imports", "/imports", {}, upload)
    yield "import upload", answer, {303}
    job = answer.headers.get("location", "/imports/0")
    yield "import refused", _form(web, "/imports", "/imports", {}), {422}
    mapping = {
        "column-0": "id",
        "column-1": "title",
        "column-2": "type_of_object",
        "default-status": "stolen",
    }
    yield "import preview", _form(web, job, job, {**mapping, "action": "preview"}), {200}
    yield "import preview refused", _form(web, job, job, {"action": "preview"}), {422}
    yield "import of unknown job", _form(web, "/imports", "/imports/999999", {"action": "preview"}), {404}
    yield "import start", _form(web, job, job, {**mapping, "action": "import"}), {303}
    yield "report stolen refused", _form(web, "/inventory", "/inventory/report-stolen", {}), {422}
    yield (
        "police search consent",
        _form(web, "/inventory", "/inventory/police-search", {"allowed": "yes"}),
        {403},
    )
    yield (
        "inventory search",
        _form(web, "/inventory-search", "/inventory-search", {"title": "lamp"}),
        {200, 403},
    )
    yield (
        "inventory search photo refused",
        _form(web, "/inventory-search", "/inventory-search", {}, {"photo": ("x.jpg", b"nope", "image/jpeg")}),
        {200, 403, 422},
    )
    yield (
        "review of unknown record",
        _form(web, "/review", "/review/NOPE-1", {"field": "title", "version": "1"}),
        {404, 409, 422},
    )
    yield (
        "review refused",
        _form(web, "/review", "/review/BARI-1", {"field": "nonsense", "version": "1", "action": "keep"}),
        {404, 409, 422},
    )
    cert = {"exporter.name": "Museo", "consignee.name": "Louvre", "destination_country": "FR"}
    yield (
        "export certificate refused",
        _form(
            web,
            "/objects/BARI-1/export-certificate",
            "/objects/BARI-1/export-certificate",
            {"purpose": "nonsense"},
        ),
        {422},
    )
    yield (
        "export certificate of unknown record",
        _form(web, "/objects/BARI-1/export-certificate", "/objects/NOPE-1/export-certificate", cert),
        {404},
    )
    yield "identify", _form(web, "/identify", "/identify", {}, files), {200}
    yield (
        "identify refused",
        _form(web, "/identify", "/identify", {}, {"photo": ("x.jpg", b"nope", "image/jpeg")}),
        {422},
    )
    yield "identify without photo", _form(web, "/identify", "/identify", {}), {422}
    yield (
        "verify",
        _form(
            web,
            "/certificates/verify",
            "/certificates/verify",
            {},
            {"file": ("c.json", b'{"certificate": {}}', "application/json")},
        ),
        {200},
    )
    yield (
        "verify a PDF",
        _form(
            web,
            "/certificates/verify",
            "/certificates/verify",
            {},
            {"file": ("c.pdf", b"%PDF-1.4 nonsense", "application/pdf")},
        ),
        {200},
    )
    yield "verify without file", _form(web, "/certificates/verify", "/certificates/verify", {}), {422}
    yield "OAI", web.post("/oai", data={"verb": "ListRecords", "metadataPrefix": "oai_dc"}), {200}
    yield "OAI refused", web.post("/oai", data={"verb": "Nonsense"}), {200}


def _diligence_calls(web: TestClient, dealer) -> Iterator[tuple[str, object, set[int]]]:  # noqa: ANN001
    """A dealer's due-diligence check and certificate, on the web and through the API."""
    dealer_api, dealer_web = TestClient(web.app, headers=dealer.headers), TestClient(web.app)
    with dealer_api, dealer_web:
        _sign_in(dealer_web, dealer)
        files = [("photos", ("lamp.jpg", photo_bytes(), "image/jpeg"))]
        answer = dealer_api.post("/api/v1/due-diligence", data={"title": "Bronze lamp"}, files=files)
        yield "API check", answer, {201}
        yield "API check refused", dealer_api.post("/api/v1/due-diligence", data={"nonsense": "x"}), {422}
        broken = [("photos", ("x.jpg", b"nope", "image/jpeg"))]
        yield (
            "API check of a broken photo",
            dealer_api.post("/api/v1/due-diligence", data={"title": "lamp"}, files=broken),
            {201, 422},
        )
        check = answer.json()["check_id"]
        certificate = {"file": ("c.json", b"{}", "application/json")}
        yield "API verify", dealer_api.post("/api/v1/certificates/verify", files=certificate), {200}
        too_large = {"file": ("c.json", b" " * (5 * 1024 * 1024 + 1), "application/json")}
        yield "API verify too large", dealer_api.post("/api/v1/certificates/verify", files=too_large), {413}
        form = "/due-diligence"
        yield "web check", _form(dealer_web, form, form, {"title": "Bronze lamp"}), {303}
        yield "web check refused", _form(dealer_web, form, form, {"date_or_period": "x" * 400}), {422}
        yield "web certificate", _form(dealer_web, form, f"/due-diligence/{check}/certificate"), {303}
        yield (
            "web certificate of unknown check",
            _form(dealer_web, form, "/due-diligence/NOPE/certificate"),
            {404},
        )


def _api_calls(api: TestClient) -> Iterator[tuple[str, object, set[int]]]:
    photo = {"file": ("lamp.jpg", photo_bytes(), "image/jpeg")}
    yield "API photo", api.post("/api/v1/objects/BARI-1/images", files=photo), {201}
    yield (
        "API photo refused",
        api.post("/api/v1/objects/BARI-1/images", files={"file": ("x.jpg", b"nope", "image/jpeg")}),
        {422},
    )
    yield "API photo of unknown record", api.post("/api/v1/objects/NOPE-1/images", files=photo), {404}
    yield "API photo without file", api.post("/api/v1/objects/BARI-1/images"), {422}
    yield "API unknown record", api.get("/api/v1/objects/NOPE-1"), {404}
    yield (
        "API identify",
        api.post("/api/v1/identify", files={"photo": ("lamp.jpg", photo_bytes(), "image/jpeg")}),
        {200},
    )
    yield (
        "API identify refused",
        api.post("/api/v1/identify", files={"photo": ("x.jpg", b"nope", "image/jpeg")}),
        {422},
    )
    yield (
        "API federated identify",
        api.post("/api/v1/federation/identify", files={"photo": ("lamp.jpg", photo_bytes(), "image/jpeg")}),
        {200},
    )
    yield (
        "API federated identify refused",
        api.post("/api/v1/federation/identify", files={"photo": ("x.jpg", b"nope", "image/jpeg")}),
        {422},
    )
    yield "API bad token", api.get("/api/v1/objects", headers={"authorization": "Bearer nonsense"}), {401}


@pytest.mark.parametrize("calls", ["web", "diligence", "api"])
def test_register_work_stays_off_the_event_loop(register, loop_guard, calls) -> None:  # noqa: ANN001
    web, api, dealer = register
    made = {
        "web": lambda: _web_calls(web),
        "diligence": lambda: _diligence_calls(web, dealer),
        "api": lambda: _api_calls(api),
    }
    blocked = {}
    for what, answer, expected in made[calls]():
        assert answer.status_code in expected, (what, answer.status_code, answer.text[:300])
        seen = loop_guard.take()
        if seen:
            blocked[what] = sorted(set(seen))
    assert not blocked, json.dumps(blocked, indent=1)


def test_the_guard_sees_work_on_the_loop(platform, loop_guard) -> None:  # noqa: ANN001
    """The guard itself: a statement sent from a coroutine is seen, one sent from a worker thread is not."""

    async def on_the_loop() -> None:
        with platform.sessions() as s:
            s.execute(text("select 1"))

    async def off_the_loop() -> None:
        await asyncio.to_thread(on_the_loop_sync)

    def on_the_loop_sync() -> None:
        with platform.sessions() as s:
            s.execute(text("select 1"))

    asyncio.run(off_the_loop())
    assert loop_guard.take() == []
    asyncio.run(on_the_loop())
    assert "SQL select 1" in [seen.split(" at ")[0] for seen in loop_guard.take()]

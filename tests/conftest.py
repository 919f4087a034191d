"""Shared fixtures: every storage test runs on SQLite and on PostgreSQL.

PostgreSQL tests create and drop their own database. Without a server they skip with a reason,
unless HERITRACE_REQUIRE_POSTGRES=1 (set by CI), where a missing server fails the run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from hypothesis import settings as hypothesis_settings

from heritrace.app import create_app
from heritrace.core.actor import SYSTEM
from heritrace.core.settings import Settings
from heritrace.platform import Heritrace

# Generated-input tests judge correctness, not speed: on a busy 2-core machine one example can take
# longer than hypothesis' default 200 ms deadline, which it then reports as a failure.
hypothesis_settings.register_profile("heritrace", deadline=None)
hypothesis_settings.load_profile("heritrace")

# CLI messages follow HERITRACE_LANG or the POSIX locale (docs/i18n.md): the suite reads them in
# English whatever the locale of the machine it runs on; a test that wants another language sets it
os.environ["HERITRACE_LANG"] = "en"

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
PG_ADMIN_URL = os.environ.get(
    "HERITRACE_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _require(env: str) -> bool:
    return os.environ.get(env, "") not in ("", "0", "false")


def _skip_or_fail(env: str, reason: str) -> None:
    if _require(env):
        pytest.fail(f"{reason} (and {env} is set)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_admin():
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001
        _skip_or_fail("HERITRACE_REQUIRE_POSTGRES", f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}")
    yield engine
    engine.dispose()


def make_postgres_url(admin) -> str:  # noqa: ANN001
    from sqlalchemy import text

    name = f"heritrace_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return admin.url.set(database=name).render_as_string(hide_password=False)


def drop_postgres(admin, url: str) -> None:  # noqa: ANN001
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:  # noqa: ANN001
    return request.param


@pytest.fixture
def settings(backend, tmp_path, request) -> Iterator[Settings]:  # noqa: ANN001
    url = None
    admin = None
    if backend == "postgresql":
        admin = request.getfixturevalue("postgres_admin")
        url = make_postgres_url(admin)
    yield Settings(mode="test", data_dir=tmp_path / "data", database_url=url)
    if admin is not None:
        drop_postgres(admin, url)


@pytest.fixture
def platform(settings) -> Iterator[Heritrace]:  # noqa: ANN001
    p = Heritrace(settings)
    yield p
    p.close()


@dataclass
class Member:
    """A test user of a partner organisation, with an API token carrying all scopes."""

    username: str
    password: str
    user_id: int
    organisation_id: int
    token: str
    totp_secret: str | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def add_organisation(
    platform,
    name: str,
    kind: str = "museum",
    vetting: str = "vetted",  # noqa: ANN001
    country: str = "IT",
    **extra,
) -> int:
    from heritrace.partners.schemas import OrganisationIn

    return platform.partners.create(
        SYSTEM, OrganisationIn(name=name, kind=kind, country=country, **extra), vetting=vetting
    ).id


def add_member(
    platform,
    username: str,
    organisation_id: int,
    roles: list[str],  # noqa: ANN001
    scopes: tuple[str, ...] = ("read", "write", "identify"),
    totp: bool = False,
) -> Member:
    """Create a user and an API token directly through the services (no HTTP, cheap argon2)."""
    from heritrace.accounts.models import User
    from heritrace.accounts.schemas import TokenIn, UserIn
    from heritrace.accounts.service import actor_of
    from heritrace.partners.models import Organisation

    password = f"pw-{username}-long-enough"
    user, secret = platform.accounts.create_user(
        SYSTEM,
        UserIn(
            username=username,
            display_name=username.title(),
            organisation_id=organisation_id,
            roles=roles,
            password=password,
            totp=totp,
        ),
    )
    with platform.sessions() as s:
        actor = actor_of(s.get(User, user.id), s.get(Organisation, organisation_id))
    token, _ = platform.accounts.create_token(actor, TokenIn(name="tests", scopes=list(scopes)))
    return Member(username, password, user.id, organisation_id, token, secret)


@pytest.fixture
def registrar(platform) -> Member:  # noqa: ANN001
    """A registrar of a vetted museum: creates and edits its organisation's records."""
    org = add_organisation(platform, "Museo Civico di Bari", "museum")
    return add_member(platform, "registrar", org, ["registrar"])


@pytest.fixture
def client(platform, registrar) -> Iterator[httpx.Client]:  # noqa: ANN001
    """An in-process HTTP client over the real ASGI app, authenticated as ``registrar``."""
    from fastapi.testclient import TestClient

    with TestClient(create_app(platform=platform), headers=registrar.headers) as c:
        yield c


@pytest.fixture
def anon_client(platform) -> Iterator[httpx.Client]:  # noqa: ANN001
    """The anonymous public, over the same app."""
    from fastapi.testclient import TestClient

    with TestClient(create_app(platform=platform)) as c:
        yield c


@pytest.fixture
def as_member(platform):  # noqa: ANN001
    """``as_member(member)``: an HTTP client of the real app carrying that member's token (None: the
    anonymous public); each closed at the end of the test."""
    from tests.members import Clients

    clients = Clients(platform)
    yield clients
    clients.close()


def shared_data(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared development data not present: {path.name}")
    return path


def stored_id(platform, organisation_id: int, chosen: str) -> str:  # noqa: ANN001
    """The id a record registered by a member of the organisation with the id ``chosen`` is stored
    under: inside the organisation's namespace (heritrace.partners.prefixes)."""
    from heritrace.partners.models import Organisation
    from heritrace.partners.prefixes import qualify

    with platform.sessions() as s:
        return qualify(chosen, s.get(Organisation, organisation_id).id_prefix)

"""Helpers shared by the tests of the partners' services (consultations, library, training, meetings,
results): a member's actor for calling services directly, HTTP clients of the real app carrying a
member's token (the ``as_member`` fixture of ``tests/conftest.py``), and register photos."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from fastapi.testclient import TestClient

from heritrace.accounts.models import User
from heritrace.accounts.service import actor_of
from heritrace.app import create_app
from heritrace.core.actor import Actor
from heritrace.objects.demo import make_photo
from heritrace.partners.models import Organisation
from tests.conftest import Member, add_member, add_organisation


def actor(platform, member: Member) -> Actor:  # noqa: ANN001
    """The member as the services see them (their user and organisation as stored now)."""
    with platform.sessions() as s:
        return actor_of(s.get(User, member.user_id), s.get(Organisation, member.organisation_id))


class Clients:
    """``clients(member)``: an HTTP client of the real app with that member's token (None: anonymous)."""

    def __init__(self, platform) -> None:  # noqa: ANN001
        self.app = create_app(platform=platform)
        self.opened: list[TestClient] = []

    def __call__(self, member: Member | None) -> TestClient:
        c = TestClient(self.app, headers=member.headers if member else {})
        self.opened.append(c)
        return c

    def close(self) -> None:
        for c in self.opened:
            c.close()


def add_people(
    platform,  # noqa: ANN001
    organisations: dict[str, tuple[str, str]],
    members: dict[str, tuple[str, str]],
) -> dict[str, Member]:
    """A cast: vetted organisations by name (kind, country), then members by username (their
    organisation's name, their role); returns the members by username."""
    ids = {
        name: add_organisation(platform, name, kind, country=country)
        for name, (kind, country) in organisations.items()
    }
    return {
        username: add_member(platform, username, ids[organisation], [role])
        for username, (organisation, role) in members.items()
    }


def photo_bytes(seed: int = 5) -> bytes:
    """A JPEG photo drawn like the demo register's (a different one for each seed)."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "lamp.jpg"
        make_photo(random.Random(seed), path)
        return path.read_bytes()

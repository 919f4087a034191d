"""On SQLite a unit of work that reads and then writes must declare itself (``writing()`` or
``sessions.begin()``): in test mode one that does not is refused at its first write, so that a
forgotten declaration fails the tests instead of answering 503 "database is locked" under load."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from heritrace.audit.unit import UnauditedWrite, unaudited
from heritrace.core.settings import Settings
from heritrace.db.engine import UndeclaredWrite, writing
from heritrace.partners.models import Organisation
from heritrace.platform import Heritrace


@pytest.fixture(params=["sqlite"])
def backend(request) -> str:  # noqa: ANN001
    # the declaration is SQLite's: PostgreSQL writers do not share one write lock
    return request.param


def _rename(s) -> None:  # noqa: ANN001
    org = s.scalar(select(Organisation).where(Organisation.name == "Museo"))
    org.name = "Museo Civico"
    s.flush()


@pytest.fixture
def museum(platform) -> None:  # noqa: ANN001
    with platform.sessions.begin() as s:
        unaudited(s, "a test fixture").add(Organisation(name="Museo", kind="museum", country="IT"))


def test_an_undeclared_read_then_write_is_refused_in_test_mode(platform, museum) -> None:  # noqa: ANN001
    with platform.sessions() as s, pytest.raises(UndeclaredWrite, match="UPDATE organisation"):
        _rename(s)


@pytest.mark.parametrize("declared", ["writing", "begin"])
def test_a_declared_unit_of_work_reads_then_writes(platform, museum, declared) -> None:  # noqa: ANN001
    if declared == "writing":
        with writing(), platform.sessions() as s:
            _rename(s)
            s.rollback()
    else:
        with pytest.raises(UnauditedWrite), platform.sessions.begin() as s:
            _rename(s)  # it reached its write: only the audit log refuses the commit


def test_outside_test_mode_an_undeclared_writer_queues_for_the_lock(tmp_path) -> None:  # noqa: ANN001
    platform = Heritrace(Settings(mode="dev", data_dir=tmp_path / "data"))
    try:
        assert not platform.settings.refuse_undeclared_writes
        with platform.sessions() as s:
            s.add(Organisation(name="Museo", kind="museum", country="IT"))
            s.flush()
            _rename(s)
            s.rollback()
    finally:
        platform.close()

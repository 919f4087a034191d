"""The audit log is part of every unit of work: a transaction that writes to an audited table commits
only with its audit entry (SQLite and PostgreSQL); the writes that wrote none before now do."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import false, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from heritrace.audit.models import AuditEntry
from heritrace.audit.service import AuditLog
from heritrace.audit.unit import AUDITED, UNAUDITED, UnauditedWrite, unaudited
from heritrace.core.actor import SYSTEM
from heritrace.db.base import Base
from heritrace.db.bulk import insert_rows
from heritrace.diligence.schemas import CheckIn
from heritrace.partners.models import Organisation
from tests.cases.conftest import api, app, cast  # noqa: F401 - the fixtures
from tests.cases.helpers import actor, case_body
from tests.conftest import add_member, add_organisation


def _entries(platform, **where) -> list[AuditEntry]:  # noqa: ANN001, ANN003
    with platform.sessions() as s:
        query = select(AuditEntry).filter_by(**where).order_by(AuditEntry.id)
        return list(s.scalars(query))


def test_every_table_is_audited_or_says_why_not():
    tables = set(Base.metadata.tables)
    assert not AUDITED & set(UNAUDITED)
    assert tables == AUDITED | set(UNAUDITED), "name each new table in AUDITED or UNAUDITED (why)"
    assert all(reason.strip() for reason in UNAUDITED.values())


def test_a_write_to_any_audited_table_without_an_entry_is_refused(platform):  # noqa: ANN001
    refused = []
    for name in sorted(AUDITED):
        table = Base.metadata.tables[name]
        pk = next(iter(table.primary_key.columns))
        statement = update(table).where(false()).values({pk.name: pk})
        with platform.sessions() as s:
            s.execute(statement)
            with pytest.raises(UnauditedWrite, match=name):
                s.commit()
            refused.append(name)
        with platform.sessions() as s:  # the same write with its entry commits
            s.execute(statement)
            AuditLog(s).record(SYSTEM, "test", name, "none")
            s.commit()
    assert refused == sorted(AUDITED)


def test_nothing_of_a_refused_write_is_stored(platform):  # noqa: ANN001
    with platform.sessions() as s:
        s.add(Organisation(name="Unaudited museum", kind="museum", country="IT", vetting="vetted"))
        with pytest.raises(UnauditedWrite, match="organisation"):
            s.commit()
    with platform.sessions() as s:  # a bulk insert (imports) is seen too
        with pytest.raises(UnauditedWrite, match="organisation"):
            insert_rows(
                s,
                Organisation.__table__,
                [{"name": "Bulk museum", "kind": "museum", "vetting": "vetted", "id_prefix": "BM"}],
            )
            s.commit()
    with platform.sessions() as s:
        names = set(s.scalars(select(Organisation.name)))
    assert not {"Unaudited museum", "Bulk museum"} & names
    org = add_organisation(platform, "Audited museum")  # through the service: audited and stored
    assert [e.action for e in _entries(platform, entity="organisation", entity_id=str(org))] == ["create"]


def test_an_explicitly_unaudited_transaction_says_why(platform):  # noqa: ANN001
    with platform.sessions.begin() as s:
        unaudited(s, "maintenance")
        s.add(Organisation(name="Maintenance", kind="museum", country="IT", vetting="vetted"))
    with platform.sessions() as s:  # the exemption ends with its transaction
        s.add(Organisation(name="Next", kind="museum", country="IT", vetting="vetted"))
        with pytest.raises(UnauditedWrite):
            s.commit()


def test_a_failed_write_leaves_the_session_usable(platform):  # noqa: ANN001
    with platform.sessions() as s:
        s.add(Organisation(name="Refused", kind="museum", country="IT", vetting="vetted"))
        with pytest.raises(UnauditedWrite):
            s.commit()
        s.rollback()
        s.add(Organisation(name="Then audited", kind="museum", country="IT", vetting="vetted"))
        AuditLog(s).record(SYSTEM, "create", "organisation", "then")
        s.commit()
        assert s.scalar(select(func.count()).where(Organisation.name == "Then audited")) == 1


def test_due_diligence_checks_and_certificates_are_audited(platform):  # noqa: ANN001
    dealer_org = add_organisation(platform, "Galerie du Quai", "market", country="FR")
    buyer = actor(add_member(platform, "dealer", dealer_org, ["market_user"]), ["market_user"])
    record = platform.diligence.check(buyer, CheckIn(title="Madonna", maker="Unknown"))
    [check] = _entries(platform, entity="diligence_check")
    assert (check.entity_id, check.action, check.user_id) == (record.check_id, "check", buyer.user_id)
    cert = platform.diligence.issue_certificate(buyer, record.check_id)
    [issued] = _entries(platform, entity="diligence_certificate")
    assert (issued.entity_id, issued.action) == (cert.id, "issue")
    platform.diligence.issue_certificate(buyer, record.check_id)  # asking again issues nothing new
    assert len(_entries(platform, entity="diligence_certificate")) == 1


@pytest.mark.parametrize("backend", ["sqlite"])
def test_case_reminders_are_audited(platform, api, cast):  # noqa: ANN001, F811
    r = api.post("/api/v1/cases", json=case_body(cast.objects))
    assert r.status_code == 201, r.text
    posted = platform.cases.remind_due(date(2024, 12, 20), within_days=30)
    reminders = _entries(platform, action="case.reminder")
    assert posted >= 1 and len(reminders) == posted
    assert reminders[0].entity_id == str(r.json()["id"]) and reminders[0].actor == "system"


def test_refused_write_raises_a_database_neutral_error(platform):  # noqa: ANN001
    assert issubclass(UnauditedWrite, RuntimeError) and not issubclass(UnauditedWrite, SQLAlchemyError)

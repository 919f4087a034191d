"""The case summary report (JSON and PDF) and the statistics of results, time to return included."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from heritrace.audit.unit import unaudited
from heritrace.cases.models import ReturnCase
from heritrace.cases.schemas import CaseIn
from heritrace.core.actor import SYSTEM
from heritrace.diligence.models import DiligenceCheck
from heritrace.diligence.schemas import CheckIn
from heritrace.objects.schemas import StatusChangeIn
from tests.cases.helpers import actor, case_body, walk_to_return
from tests.conftest import add_member, add_organisation
from tests.pdfs import pdf_text

SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"])


def _prepared_case(app, cast) -> tuple[TestClient, dict]:  # noqa: ANN001
    """A partners case with a public and a law-enforcement document, two messages (one law enforcement)
    and a compensation claim."""
    api = TestClient(app, headers=cast.people["registrar"].headers)
    case = api.post("/api/v1/cases", json=case_body(cast.objects, classification="partners")).json()
    base = f"/api/v1/cases/{case['id']}"
    for title, classification in (("Sale catalogue", "partners"), ("Police report", "law_enforcement")):
        files = {"file": (f"{title}.pdf", f"%PDF {title}".encode(), "application/pdf")}
        api.post(f"{base}/documents", files=files, data={"title": title, "classification": classification})
    api.post(f"{base}/messages", data={"text": "open update"})
    api.post(f"{base}/messages", data={"text": "suspect named", "classification": "law_enforcement"})
    version = api.get(base).json()["version"]
    claim = {
        "version": version,
        "claimant": "A gallery in Paris",
        "basis": "unidroit_1995_art4_1",
        "amount": "90000",
        "currency": "EUR",
        "character_of_parties": "bought from a dealer with no address",
    }
    assert api.post(f"{base}/compensation", json=claim).status_code == 201
    return api, case


def test_summary_report_holds_the_case_as_far_as_the_reader_may_read_it(platform, app, cast):  # noqa: ANN001
    api, case = _prepared_case(app, cast)
    report = api.get(f"/api/v1/cases/{case['id']}/report.json", params={"as_of": "2025-01-01"}).json()
    assert report["case_id"] == case["id"] and report["state"] == "Opened"
    assert "Directive 2014/60/EU" in report["legal_basis"]
    assert [o["external_id"] for o in report["objects"]] == cast.objects
    assert {p["name"] for p in report["parties"]} == {"Italian Ministry of Culture", "A gallery in Paris"}
    relative = next(
        d for d in report["deadlines"] if d["instrument"] == "EU-2014/60" and d["limit"] == "relative"
    )
    assert relative["due"] == "2027-06-01" and relative["status"] == "running" and relative["reason"]
    assert [d["title"] for d in report["documents"]] == ["Sale catalogue", "Police report"]
    assert all(d["intact"] and len(d["sha256"]) == 64 for d in report["documents"])
    assert report["messages"] == 2
    claim = report["compensation"][0]
    assert claim["amount"] == "90000.00" and claim["basis"].startswith("1995 UNIDROIT Convention, Art. 4(1)")
    assert claim["due_diligence"] == {"Character of the parties": "bought from a dealer with no address"}
    agencies = next(f for f in report["due_diligence_factors"] if f["key"] == "agencies_consulted")
    assert agencies["sources"] == [
        {
            "instrument": "UNIDROIT 1995, Art. 4(4)",
            "wording": "whether the possessor consulted accessible agencies",
            "status": "unverified wording",
        }
    ]
    assert [e["kind"] for e in report["history"]].count("message") == 2
    # a vetted partner reads the case, but neither the police report nor the law-enforcement message
    with TestClient(app, headers=cast.outsider.headers) as outsider:
        seen = outsider.get(f"/api/v1/cases/{case['id']}/report.json").json()
        assert [d["title"] for d in seen["documents"]] == ["Sale catalogue"] and seen["messages"] == 1
        assert not any("Police report" in e["note"] for e in seen["history"])
        assert [e["kind"] for e in seen["history"]].count("message") == 1
    api.close()


@SQLITE_ONLY
def test_summary_pdf_says_the_same_and_flags_a_modified_document(platform, app, cast):  # noqa: ANN001
    api, case = _prepared_case(app, cast)
    doc = api.get(f"/api/v1/cases/{case['id']}").json()["documents"][0]
    platform.cases.documents.path(doc["sha256"]).write_bytes(b"changed")
    pdf = api.get(f"/api/v1/cases/{case['id']}/report.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert f"Case summary report: case {case['id']}" in text
    assert doc["sha256"] in text and "the stored file was modified after upload" in text
    assert "2 messages among the parties" in text and "A gallery in Paris: 90000.00 EUR, Claimed" in text
    assert "IT-NA-2015-001: painting, Madonna 1, Unknown" in text
    with TestClient(app, headers=cast.outsider.headers) as outsider:
        assert "Police report" not in pdf_text(outsider.get(f"/api/v1/cases/{case['id']}/report.pdf").content)
    api.close()


@SQLITE_ONLY
def test_a_reader_who_may_not_read_the_case_gets_no_report(platform, app, cast, anon_client):  # noqa: ANN001
    with TestClient(app, headers=cast.people["registrar"].headers) as api:
        case = api.post("/api/v1/cases", json=case_body(cast.objects)).json()
    with TestClient(app, headers=cast.outsider.headers) as outsider:
        assert outsider.get(f"/api/v1/cases/{case['id']}/report.json").status_code == 404
        assert outsider.get(f"/api/v1/cases/{case['id']}/report.pdf").status_code == 404
    assert anon_client.get(f"/api/v1/cases/{case['id']}/report.pdf").status_code == 401


def _backdate(platform, case_id: int, opened: datetime) -> None:  # noqa: ANN001
    with platform.sessions.begin() as s:
        unaudited(s, "the test moves the case's opening back")
        s.execute(update(ReturnCase).where(ReturnCase.id == case_id).values(created_at=opened))


def test_time_from_identification_to_return(platform, cast, anon_client):  # noqa: ANN001
    registrar = actor(cast.people["registrar"], ["registrar"])
    dealer_org = add_organisation(platform, "Galerie du Quai", "market", country="FR")
    buyer = actor(add_member(platform, "dealer", dealer_org, ["market_user"]), ["market_user"])
    hit = platform.diligence.check(
        buyer, CheckIn(title="Madonna 1", maker="Unknown", type_of_object="painting")
    )
    with platform.sessions.begin() as s:  # the dealer's check was made long before the case
        unaudited(s, "the test moves the check back")
        s.execute(
            update(DiligenceCheck)
            .where(DiligenceCheck.id == hit.check_id)
            .values(created_at=datetime(2022, 1, 10))
        )
    owner = actor(cast.people["registrar"], ["registrar"])
    plans = [  # (objects, opened, returned): the first is identified by the dealer's check
        (cast.objects[:1], datetime(2023, 1, 1), date(2023, 4, 10)),
        (cast.objects[1:], datetime(2023, 6, 1), date(2024, 2, 1)),
    ]
    ids = []
    for objects, opened, returned in plans:
        case = platform.cases.create(
            registrar, CaseIn.model_validate(case_body(objects, classification="public"))
        )
        walk_to_return(platform, case.id, cast, returned)
        _backdate(platform, case.id, opened)
        ids.append(case.id)
    stats = platform.cases.results(SYSTEM)
    times = {t["case_id"]: t for t in stats["return_times"]}
    assert times[ids[0]]["identified_on"] == date(2022, 1, 10)
    assert times[ids[0]]["identified_by"] == "first due-diligence hit on an object"
    assert times[ids[0]]["days"] == (date(2023, 4, 10) - date(2022, 1, 10)).days  # 455
    assert (times[ids[1]]["identified_by"], times[ids[1]]["days"]) == ("case opened", 245)
    assert stats["time_to_return"] == [("6 to 12 months", 1), ("1 to 2 years", 1)]
    assert stats["median_days"] == (455 + 245) / 2
    assert stats["per_year"] == [(2023, 1), (2024, 1)] and dict(stats["per_country"]) == {"IT": 2}
    # a seizure recorded in the register before the case was opened moves the second case's date
    platform.objects.change_status(owner, cast.objects[1], StatusChangeIn(status="seized", reason="customs"))
    with platform.sessions.begin() as s:
        from heritrace.objects.models import StatusChange

        unaudited(s, "the test moves the seizure back")
        s.execute(
            update(StatusChange)
            .where(StatusChange.status == "seized")
            .values(changed_at=datetime(2023, 3, 1))
        )
    again = {t["case_id"]: t for t in platform.cases.results(SYSTEM)["return_times"]}
    assert again[ids[1]]["identified_by"] == "object recorded as seized or recovered"
    assert again[ids[1]]["identified_on"] == date(2023, 3, 1)
    figures = anon_client.get("/api/v1/cases/results").json()
    assert (
        figures["time_to_return"] == [["6 to 12 months", 1], ["1 to 2 years", 1]]
        and figures["objects_returned"] == 2
    )
    page = anon_client.get("/cases/results")
    assert page.status_code == 200 and 'id="time-to-return"' in page.text
    assert page.text.count("<tr><td>") == 2  # one row per returned case in the table

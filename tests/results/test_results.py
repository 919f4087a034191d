"""Tangible results on SQLite and PostgreSQL: each domain's figures of a year, by country and
organisation type; the public sees aggregates with small counts withheld; CSV, page with server-drawn
charts, annual report PDF (API and CLI); the training provider when the training package is present."""

from __future__ import annotations

import csv
import io
import types
from datetime import date, datetime

import pytest
from typer.testing import CliRunner

from heritrace.accounts.demo import create_demo_people
from heritrace.alerts.schemas import AlertIn
from heritrace.audit.unit import unaudited
from heritrace.cases.demo import create_demo_cases
from heritrace.cli.main import app as cli
from heritrace.consultations.models import Consultation, ConsultationExpert
from heritrace.core.actor import ANONYMOUS, SYSTEM
from heritrace.diligence.models import DiligenceCheck
from heritrace.meetings.demo import create_demo_meetings
from heritrace.meetings.schemas import ActionIn, ActionUpdateIn, MeetingIn, MinutesIn
from heritrace.objects.schemas import ObjectIn, StatusChangeIn
from heritrace.results.providers import figures as all_figures
from heritrace.training.demo import create_demo_training
from heritrace.training.stats import training_results
from tests.conftest import add_member, add_organisation
from tests.members import Clients, actor

YEAR = date.today().year
INTERFACE = ("returns", "recoveries", "seizures", "due_diligence_checks", "alerts", "consultations",
             "trainings", "people_trained", "meetings", "actions_open", "actions_done")  # fmt: skip


@pytest.fixture
def world(platform):  # noqa: ANN001
    """A museum in Italy records 6 recoveries and 2 seizures; a ministry in Ukraine holds a meeting
    with two actions (one done) and opens the demo return cases (one returned today)."""
    museum = add_organisation(platform, "Museo di Bari", "museum", country="IT")
    ministry = add_organisation(platform, "Ministry of Culture", "national_authority", country="UA")
    registrar = add_member(platform, "registrar", museum, ["registrar"])
    official = add_member(platform, "official", ministry, ["org_admin", "registrar"])
    reg = actor(platform, registrar)
    for n in range(8):
        platform.objects.create(reg, ObjectIn(id=f"IT-BARI-{n}", title=f"Icon {n}", classification="public"))
    for n in range(6):
        platform.objects.change_status(
            reg, f"IT-BARI-{n}", StatusChangeIn(status="recovered", reason="found")
        )
    for n in (6, 7):
        platform.objects.change_status(reg, f"IT-BARI-{n}", StatusChangeIn(status="seized", reason="customs"))
    # a record recovered, stolen again and recovered again counts once among the year's recoveries
    platform.objects.change_status(reg, "IT-BARI-0", StatusChangeIn(status="stolen", reason="stolen again"))
    platform.objects.change_status(reg, "IT-BARI-0", StatusChangeIn(status="recovered", reason="found again"))
    gov = actor(platform, official)
    for n in range(4):
        platform.objects.create(gov, ObjectIn(id=f"UA-{n}", title=f"Painting {n}", classification="public"))
    create_demo_cases(platform, gov, requesting_state="UA")
    m = platform.meetings.create(gov, MeetingIn(title="Partners", starts_at=datetime(YEAR, 1, 1, 9)))
    done = platform.meetings.add_action(gov, m.id, ActionIn(title="Send lists", owner_organisation_id=museum))
    platform.meetings.add_action(gov, m.id, ActionIn(title="Photograph the reserve"))
    platform.meetings.update_action(gov, done.id, ActionUpdateIn(status="done"))
    platform.meetings.record_minutes(gov, m.id, MinutesIn(minutes="Held."))
    clients = Clients(platform)
    yield types.SimpleNamespace(registrar=registrar, official=official, reg=reg, clients=clients)
    clients.close()


def _checks_and_a_consultation(platform, organisation_id: int) -> None:  # noqa: ANN001
    """Three stored due-diligence checks (one a possible match) and a consultation answered in 6 h."""
    now = datetime.now().replace(microsecond=0)
    with platform.sessions.begin() as s:
        unaudited(s, "the test stores figures directly, at chosen times")
        for n, verdict in enumerate(("none", "possible", "none")):
            s.add(DiligenceCheck(id=f"chk-{n}", created_at=now, actor_name="dealer", verdict=verdict,
                                 organisation_id=organisation_id, query_json="{}", result_json="[]",
                                 coverage_json="{}"))  # fmt: skip
        c = Consultation(
            created_at=now, organisation_id=organisation_id, requested_by="officer", question="Roman?"
        )
        c.experts = [
            ConsultationExpert(organisation_id=organisation_id, invited_for="named", response_seconds=21600)
        ]
        s.add(c)


def test_each_domain_contributes_its_figures(platform, world):  # noqa: ANN001
    _checks_and_a_consultation(platform, world.registrar.organisation_id)
    alerts_before = platform.results.figures(world.reg, YEAR)["alerts"]
    platform.alerts.send(world.reg, AlertIn(type="theft_or_loss", title="Icon stolen from a church"))
    f = world.clients(world.registrar).get(f"/api/v1/results?year={YEAR}").json()
    assert f["public"] is False and f["suppressed"] == []
    assert (f["recoveries"], f["seizures"]) == (6, 2)
    assert f["alerts"] == alerts_before + 1
    assert (f["meetings"], f["actions_open"], f["actions_done"]) == (1, 1, 1)
    assert f["returns"] == 1 and f["objects_returned"] == 1
    assert f["median_days_to_return"] is not None and f["median_days_to_return_from"] == 1
    assert (f["trainings"], f["people_trained"]) == (0, 0)
    assert (f["due_diligence_checks"], f["due_diligence_hits"]) == (3, 1)
    assert f["consultations"] == 1 and f["median_response_hours"] == 6.0
    assert f["by_organisation_type"]["due_diligence_checks"] == {"museum": 3}
    assert f["by_country"]["recoveries"] == {"IT": 6} and f["by_country"]["seizures"] == {"IT": 2}
    assert f["by_organisation_type"]["recoveries"] == {"museum": 6}
    # the done action counts for its owner (the museum), the open one for the convener
    assert f["by_country"]["actions_done"] == {"IT": 1} and f["by_country"]["actions_open"] == {"UA": 1}
    assert f["by_year"]["recoveries"][-1] == [YEAR, 6] and f["by_year"]["recoveries"][0] == [YEAR - 4, 0]
    # narrowed to a country or an organisation type
    fr = platform.results.figures(world.reg, YEAR, "fr")
    assert fr["country"] == "FR" and fr["recoveries"] == 0 and fr["meetings"] == 0
    ua = platform.results.figures(world.reg, YEAR, "UA", "national_authority")
    assert (ua["recoveries"], ua["meetings"], ua["returns"]) == (0, 1, 1)
    # another year has nothing
    last = platform.results.figures(world.reg, YEAR - 1)
    assert all(last[k] == 0 for k in all_figures())


def test_anonymous_gets_integer_keys_of_the_interface(platform, world):  # noqa: ANN001
    r = world.clients(None).get(f"/api/v1/results?year={YEAR}")
    assert r.status_code == 200
    f = r.json()
    assert all(type(f[k]) is int for k in INTERFACE), {k: f[k] for k in INTERFACE}
    assert f["meetings"] == 1 and f["recoveries"] == 6
    assert world.clients(None).get("/api/v1/results?year=1800").status_code == 422
    assert world.clients(None).get("/api/v1/results?org_type=wizard").status_code == 422


def test_public_results_hide_small_counts(platform, world):  # noqa: ANN001
    anon = world.clients(None)
    f = anon.get(f"/api/v1/results?year={YEAR}").json()
    assert f["public"] is True and f["threshold"] == 5
    # a breakdown cell of 2 seizures could single out a case: withheld; 6 recoveries are shown
    assert f["by_country"]["seizures"] == {"IT": None}
    assert f["by_country"]["recoveries"] == {"IT": 6}
    assert f["by_organisation_type"]["actions_done"] == {"museum": None}
    # a median of one return is withheld, and so is every small figure narrowed to a country
    assert f["median_days_to_return"] is None and "median_days_to_return" in f["suppressed"]
    italy = anon.get(f"/api/v1/results?year={YEAR}&country=IT").json()
    assert italy["seizures"] is None and italy["recoveries"] == 6 and "seizures" in italy["suppressed"]
    assert italy["meetings"] == 0  # nothing is not a small count
    assert [p[1] for p in italy["by_year"]["seizures"]][-1] is None
    # a vetted partner sees them
    partner = world.clients(world.registrar).get(f"/api/v1/results?year={YEAR}&country=IT").json()
    assert partner["seizures"] == 2 and partner["by_country"]["seizures"] == {"IT": 2}
    # the CSV and the page withhold the same cells
    rows = list(csv.DictReader(io.StringIO(anon.get(f"/api/v1/results.csv?year={YEAR}").text)))
    [cell] = [r for r in rows if r["breakdown"] == "country" and r["figure"] == "seizures"]
    assert cell["group"] == "IT" and cell["value"] == "" and cell["withheld"] == "1"
    [total] = [r for r in rows if r["breakdown"] == "total" and r["figure"] == "recoveries"]
    assert total["value"] == "6"
    page = anon.get(f"/results?year={YEAR}")
    assert page.status_code == 200
    assert 'id="country-seizures"' in page.text and 'class="withheld"' in page.text
    assert "IT: 2" not in page.text and "IT: &lt;5" in page.text
    assert "IT: 2" in world.clients(world.registrar).get(f"/results?year={YEAR}").text


def test_annual_report_pdf_from_the_page_and_the_cli(platform, world, tmp_path, monkeypatch):  # noqa: ANN001
    r = world.clients(None).get(f"/results/report.pdf?year={YEAR}")
    assert (
        r.status_code == 200
        and r.content.startswith(b"%PDF")
        and r.headers["content-type"] == "application/pdf"
    )
    out = tmp_path / "report.pdf"
    env = {
        "HERITRACE_DATA_DIR": str(platform.settings.data_dir),
        "HERITRACE_DATABASE_URL": platform.settings.database_url or "",
    }
    result = CliRunner().invoke(cli, ["results", "report", "--year", str(YEAR), "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    assert f"annual report {YEAR}" in result.output


def test_training_figures_come_from_the_training_package(platform):  # noqa: ANN001
    """The demo's training (a workshop held with participants, a course) and meetings: the results
    carry the training package's own figures and breakdowns, withheld like the others for the public."""
    org_ids, people = create_demo_people(platform)
    create_demo_training(platform, people)
    create_demo_meetings(platform, people["ministry"], org_ids)
    with platform.sessions() as s:
        truth = training_results(s, YEAR)
    assert truth["trainings"] > 0 and truth["people_trained"] > 0
    f = platform.results.figures(SYSTEM, YEAR)
    assert (f["trainings"], f["people_trained"]) == (truth["trainings"], truth["people_trained"])
    assert f["by_country"]["people_trained"] == {
        k: v for k, v in sorted(truth["by_country"]["people_trained"].items())
    }
    assert f["meetings"] == 2 and f["by_year"]["trainings"][-1] == [YEAR, truth["trainings"]]
    public = platform.results.figures(ANONYMOUS, YEAR)
    assert public["trainings"] == truth["trainings"]  # the platform-wide figure is shown
    small = {k for k, v in truth["by_country"]["people_trained"].items() if 0 < v < 5}
    assert small and all(public["by_country"]["people_trained"][k] is None for k in small)

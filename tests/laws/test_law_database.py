"""The law database on SQLite and PostgreSQL: seeding, sources, proposals, review, history, import."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from heritrace.app import create_app
from heritrace.audit.models import AuditEntry
from heritrace.core.actor import SYSTEM
from heritrace.core.errors import Forbidden, ValidationFailed
from heritrace.laws.schemas import FACT_SCHEMAS, FILE_KEYS
from heritrace.laws.tables import shipped_seed
from heritrace.legal import compute_deadlines, parse_facts
from heritrace.legal.data import load_states
from tests.conftest import add_member, add_organisation

KIND_OF_KEY = {key: kind for kind, key in FILE_KEYS.items()}
# a stolen object from a public collection in Romania, claimed in China under UNIDROIT 1995
CLAIM = {
    "requesting_state": "RO",
    "holding_state": "CN",
    "claim": "stolen",
    "object_category": ["public_collection"],
    "event_date": "1999-02-01",
    "knowledge_date": "2020-02-29",
    "as_of": "2023-03-01",
}


@pytest.fixture
def people(platform):
    focal = add_organisation(
        platform, "Ministerul Culturii", "national_authority", country="RO", national_focal_point=True
    )
    other = add_organisation(
        platform, "Ministry of Culture Egypt", "national_authority", country="EG", national_focal_point=True
    )
    museum = add_organisation(platform, "Muzeul National", "museum", country="RO")
    operator = add_organisation(platform, "UNESCO Secretariat", "operator", country="FR")
    return {
        "focal": add_member(platform, "focal", focal, ["registrar"]),
        "other_focal": add_member(platform, "otherfocal", other, ["registrar"]),
        "museum": add_member(platform, "museumreg", museum, ["registrar"]),
        "operator": add_member(platform, "operator", operator, ["platform_admin"]),
    }


@pytest.fixture
def api(platform):
    with TestClient(create_app(platform=platform)) as c:
        yield c


def test_every_shipped_fact_has_a_source_and_a_status():
    seed = shipped_seed()
    for key, kind in KIND_OF_KEY.items():
        for n, fact in enumerate(seed[key]):
            FACT_SCHEMAS[kind].model_validate(fact)  # strict: a fact without source or status fails
            assert fact["source"].strip(), f"{key}[{n}]"
            assert fact["status"] in {"V", "P", "U"}
            assert (
                fact["status"] == "V"
                or fact.get("note")
                or "general knowledge" in fact["source"]
                or "Not in the research notes" in fact["source"]
                or "read in part" in fact["source"]
            ), f"{key}[{n}] says why it is not verified"


def test_seeded_database_holds_every_fact_with_its_source(platform, api):
    document = platform.laws.export_document()
    seed = shipped_seed()
    for key in KIND_OF_KEY:
        assert len(document[key]) == len(seed[key])
        assert all(f["source"] and f["status"] in {"V", "P", "U"} for f in document[key])
    body = api.get("/api/v1/laws/countries/CH").json()
    [law] = body["laws"]
    assert law["fields"]["official_reference"] == "SR 444.1"
    assert law["source"].startswith("https://lex.weblaw.ch") and law["status_words"] == "partly verified"
    unidroit = [t for t in body["treaty_status"] if t["fields"]["instrument"] == "UNIDROIT-1995"]
    assert unidroit[0]["fields"]["party"] is False and unidroit[0]["status"] == "U"


def test_instruments_include_the_hague_convention_and_protocols(api):
    codes = {i["fact_id"] for i in api.get("/api/v1/laws/instruments").json()}
    assert {"HAGUE-1954", "HAGUE-1954-P1", "HAGUE-1999-P2", "UNESCO-1970", "UNIDROIT-1995"} <= codes
    eu = api.get("/api/v1/laws/instruments/EU-2014/60").json()
    assert eu["fact"]["fields"]["settings"]["applies_from"] == "2015-12-19"


def test_deadline_engine_reads_the_database(platform):
    """The States Parties tables the engine uses come from the law database: the installation's
    tables agree with the shipped file until a reviewed change makes them differ."""
    facts = parse_facts(CLAIM)
    shipped = compute_deadlines(facts).to_json()
    assert compute_deadlines(facts, states=platform.laws.states_table()).to_json() == shipped
    assert load_states().treaty_status("UNIDROIT-1995", "RO").entry_into_force == date(1998, 7, 1)


def test_focal_point_proposal_reviewed_by_operator_changes_the_engine(platform, api, people):
    facts = parse_facts(CLAIM)
    romania_lacking = "whether RO (the requesting State) made an Art. 3(5) declaration"
    before = compute_deadlines(facts, states=platform.laws.states_table())
    assert any(n.missing.startswith(romania_lacking) for n in before.needs)
    current = _romania_unidroit(api)
    proposal = {
        "kind": "treaty_status",
        "fact_id": current["fact_id"],
        "fact": {
            **current["fields"],
            "declarations": {"art_3_5": {"years": 75}},
            "source": "Romania's declaration under Art. 3(5), depositary notification (test)",
            "status": "V",
        },
        "reason": "declaration made at ratification",
    }
    made = api.post("/api/v1/laws/proposals", json=proposal, headers=people["focal"].headers)
    assert made.status_code == 201, made.text
    change = made.json()
    assert change["status"] == "pending"
    # not yet in force: the fact is unchanged until the operator reviews it
    assert _romania_unidroit(api)["version"] == current["version"]
    refused = api.post(
        f"/api/v1/laws/proposals/{change['id']}/review",
        json={"decision": "accept"},
        headers=people["focal"].headers,
    )
    assert refused.status_code == 403
    done = api.post(
        f"/api/v1/laws/proposals/{change['id']}/review",
        json={"decision": "accept", "note": "checked"},
        headers=people["operator"].headers,
    )
    assert done.status_code == 200 and done.json()["status"] == "accepted"
    again = api.post(
        f"/api/v1/laws/proposals/{change['id']}/review",
        json={"decision": "reject"},
        headers=people["operator"].headers,
    )
    assert again.status_code == 409
    after = _romania_unidroit(api)
    assert after["version"] == current["version"] + 1 and after["status"] == "V"
    history = api.get(
        f"/api/v1/laws/facts/treaty_status/{after['fact_id']}/history", headers=people["museum"].headers
    ).json()
    assert [v["action"] for v in history] == ["proposal", "seed"]
    assert history[1]["snapshot"]["declarations"] == {"art_3_5": None}
    assert platform.laws.states_table().treaty_status("UNIDROIT-1995", "RO").declaration == {"years": 75}
    report = compute_deadlines(facts, states=platform.laws.states_table())
    assert not any(n.missing.startswith(romania_lacking) for n in report.needs)  # the engine read the change
    with platform.sessions() as s:
        actions = {
            e.action
            for e in s.query(AuditEntry).filter(AuditEntry.entity.in_(["law_change", "treaty_status"]))
        }
    assert {"propose", "review", "proposal"} <= actions


def test_who_may_propose(platform, api, people):
    current = _romania_unidroit(api)
    body = {
        "kind": "treaty_status",
        "fact_id": current["fact_id"],
        "fact": {**current["fields"], "source": "a source", "status": "P"},
        "reason": "update",
    }
    assert api.post("/api/v1/laws/proposals", json=body, headers=people["museum"].headers).status_code == 403
    assert (
        api.post("/api/v1/laws/proposals", json=body, headers=people["other_focal"].headers).status_code
        == 403
    )
    assert api.post("/api/v1/laws/proposals", json=body).status_code == 401
    moved = {**body, "fact": {**body["fact"], "country": "EG"}}
    assert (
        api.post("/api/v1/laws/proposals", json=moved, headers=people["other_focal"].headers).status_code
        == 422
    )
    no_source = {**body, "fact": {k: v for k, v in body["fact"].items() if k != "source"}}
    bad = api.post("/api/v1/laws/proposals", json=no_source, headers=people["focal"].headers)
    assert bad.status_code == 422 and "fact.source" in bad.json()["errors"]


def test_proposals_are_seen_by_their_organisation_and_the_operator(platform, api, people):
    law = {
        "country": "RO",
        "title_original": "Legea nr. 182/2000 privind protejarea patrimoniului cultural national mobil",
        "official_reference": "Legea 182/2000",
        "topics": ["export_control"],
        "source": "Monitorul Oficial (test)",
        "status": "U",
    }
    made = api.post(
        "/api/v1/laws/proposals",
        json={"kind": "law", "fact": law, "reason": "new law"},
        headers=people["focal"].headers,
    )
    assert made.status_code == 201, made.text

    def seen(who):
        return [p["id"] for p in api.get("/api/v1/laws/proposals", headers=people[who].headers).json()]

    assert made.json()["id"] in seen("focal") and made.json()["id"] in seen("operator")
    assert seen("other_focal") == [] and seen("museum") == []
    rejected = api.post(
        f"/api/v1/laws/proposals/{made.json()['id']}/review",
        json={"decision": "reject", "note": "no source"},
        headers=people["operator"].headers,
    )
    assert rejected.json()["status"] == "rejected"
    assert api.get("/api/v1/laws/countries/RO").json()["laws"] == []


def test_import_checks_the_whole_file_first(platform, tmp_path):
    document = platform.laws.export_document()
    document["laws"].append(
        {
            "country": "RO",
            "title_original": "Legea 182/2000",
            "official_reference": "Legea 182/2000",
            "source": "Monitorul Oficial",
            "status": "P",
            "note": "year not read",
        }
    )
    document["export_regimes"].append({"country": "QQ", "summary": "x", "source": "a gazette", "status": "V"})
    with pytest.raises(ValidationFailed) as caught:
        platform.laws.import_document(SYSTEM, document)
    assert list(caught.value.errors) == ["export_regimes[2].country"]
    assert platform.laws.country("RO")["law"] == []  # nothing stored
    document["export_regimes"].pop()
    report = platform.laws.import_document(SYSTEM, document)
    assert report.created == {"law": 1} and report.updated == {}
    with pytest.raises(Forbidden):
        platform.laws.import_document(_museum_actor(), document)


def test_cli_export_and_import(platform, settings, tmp_path, monkeypatch):
    from heritrace.cli.main import app

    monkeypatch.setenv("HERITRACE_DATA_DIR", str(settings.data_dir))
    if settings.database_url:
        monkeypatch.setenv("HERITRACE_DATABASE_URL", settings.database_url)
    out = tmp_path / "laws.json"
    result = CliRunner().invoke(app, ["laws", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    document["laws"][0]["status"] = "V"
    document["laws"][0]["note"] = None
    out.write_text(json.dumps(document))
    loaded = CliRunner().invoke(app, ["laws", "import", str(out)])
    assert loaded.exit_code == 0, loaded.output
    assert "updated: 1 law" in loaded.stdout
    document["laws"][0]["topics"] = ["smuggling"]
    out.write_text(json.dumps(document))
    bad = CliRunner().invoke(app, ["laws", "import", str(out)])
    assert bad.exit_code == 1 and "laws[0].topics" in bad.output


def test_check_endpoints(api):
    body = {
        "annex_category": "g",
        "age_years": 300,
        "value_eur": 25000,
        "country_of_creation_or_discovery": "CN",
        "exported_from": "CN",
        "procedure": "release_for_free_circulation",
        "removed_in_breach": False,
        "date": "2025-09-01",
    }
    out = api.post("/api/v1/legal/eu-import", json=body)
    assert out.status_code == 200, out.text
    assert out.json()["requirement"] == "importer_statement"
    bad = api.post("/api/v1/legal/eu-import", json={**body, "procedure": "smuggling", "annex_category": "z"})
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"procedure", "annex_category"}
    export = api.post(
        "/api/v1/legal/eu-export",
        json={"category": "1", "age_years": 900, "destination": "US", "exporting_member_state": "DE"},
    )
    assert export.json()["requirement"] == "export_licence"
    low = api.post(
        "/api/v1/legal/eu-export",
        json={
            "category": 3,
            "age_years": 90,
            "value_eur": 1000,
            "destination": "US",
            "belongs_to_originator": False,
            "exporting_member_state": "DE",
        },
    )
    assert low.json()["requirement"] == "none"
    assert any(
        "competent authority of the Land" in w for w in low.json()["warnings"]
    )  # the law database speaks


def _romania_unidroit(api) -> dict:
    facts = api.get("/api/v1/laws/countries/RO").json()["treaty_status"]
    return next(f for f in facts if f["fields"]["instrument"] == "UNIDROIT-1995")


def _museum_actor():
    from heritrace.core.actor import Actor

    return Actor(name="museum", user_id=99, organisation_id=1, roles=frozenset({"registrar"}), vetted=True)

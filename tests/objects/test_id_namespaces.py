"""Record ids chosen by an organisation live in its namespace (its id prefix): a chosen id never
collides with a record the organisation may not read, so "already exists" reveals nothing."""

from __future__ import annotations

import json
from itertools import islice

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from heritrace.app import create_app
from heritrace.core.actor import SYSTEM
from heritrace.core.errors import ValidationFailed
from heritrace.db.engine import make_engine, writing
from heritrace.db.migrate import upgrade
from heritrace.objects.models import CulturalObject
from heritrace.objects.schemas import ObjectIn
from heritrace.objects.transfer import RegisterImporter
from heritrace.partners import prefixes
from heritrace.partners.models import Organisation
from heritrace.partners.schemas import OrganisationIn
from tests.conftest import add_member, add_organisation, stored_id
from tests.members import actor

RECORD = {"type_of_object": "vase", "title": "Red-figure krater", "country": "IT", "status": "stolen"}


@pytest.fixture
def cast(platform):  # noqa: ANN001
    """A museum whose members register, and a police unit holding a law-enforcement record whose
    id the museum will choose."""
    museum = add_organisation(platform, "National Museum of Umbria", id_prefix="NMU")
    police = add_organisation(platform, "Carabinieri TPC", "police", id_prefix="TPC")
    registrar = add_member(platform, "registrar", museum, ["registrar"])
    officer = add_member(platform, "officer", police, ["registrar"])
    hidden = platform.objects.create(
        actor(platform, officer), ObjectIn(**RECORD, id="A-1", classification="law_enforcement")
    )
    return registrar, officer, hidden


def test_an_id_held_by_a_hidden_record_answers_as_a_free_one(platform, cast):  # noqa: ANN001
    registrar, officer, hidden = cast
    assert hidden.external_id == "TPC-A-1"
    with TestClient(create_app(platform=platform), headers=registrar.headers) as c:
        # the hidden record's stored id, and the id its organisation chose: both are free to the museum
        for chosen, stored in (("TPC-A-1", "NMU-TPC-A-1"), ("A-1", "NMU-A-1")):
            r = c.post("/api/v1/objects", json={**RECORD, "id": chosen})
            assert r.status_code == 201, r.text
            assert r.json()["id"] == stored
        # a collision in its own namespace is with its own record, which it reads: 409 reveals nothing
        r = c.post("/api/v1/objects", json={**RECORD, "id": "A-1"})
        assert r.status_code == 409
        assert c.post("/api/v1/objects", json={**RECORD, "id": "NMU-A-1"}).status_code == 409
    with platform.sessions() as s:
        kept = s.scalar(select(CulturalObject).where(CulturalObject.external_id == "TPC-A-1"))
        assert (kept.organisation_id, kept.classification, kept.version) == (
            officer.organisation_id,
            "law_enforcement",
            1,
        )


def test_the_form_redirects_to_the_stored_id(platform, cast):  # noqa: ANN001
    registrar, _, _ = cast
    member = actor(platform, registrar)
    obj = platform.objects.create(member, ObjectIn(**RECORD, id="B-7"))
    assert obj.external_id == stored_id(platform, registrar.organisation_id, "B-7") == "NMU-B-7"


def test_the_shorthand_finds_only_the_organisations_own_record(platform, cast):  # noqa: ANN001
    registrar, officer, _ = cast
    museum = actor(platform, registrar)
    platform.objects.create(museum, ObjectIn(**RECORD, id="A-1", classification="restricted"))
    with TestClient(create_app(platform=platform), headers=registrar.headers) as c:
        # the museum's shorthand names its own record; the police record stays out of reach
        r = c.get("/api/v1/objects/A-1")
        assert r.status_code == 200 and r.json()["id"] == "NMU-A-1"
        assert c.get("/api/v1/objects/TPC-A-1").status_code == 404
        # writes take the shorthand too
        r = c.post("/api/v1/objects/A-1/status", json={"status": "recovered", "reason": "found"})
        assert r.status_code == 200, r.text
        assert r.json()["id"] == "NMU-A-1"
    with TestClient(create_app(platform=platform), headers=officer.headers) as c:
        # the police's shorthand is their own record, not the museum's
        r = c.get("/api/v1/objects/A-1")
        assert r.status_code == 200 and r.json()["id"] == "TPC-A-1"
        assert c.get("/api/v1/objects/NMU-A-1").status_code == 404
    with TestClient(create_app(platform=platform)) as anonymous:
        assert anonymous.get("/api/v1/objects/A-1").status_code == 404


def test_an_exact_readable_id_comes_before_the_shorthand(platform, cast):  # noqa: ANN001
    registrar, officer, _ = cast
    public = platform.objects.create(actor(platform, officer), ObjectIn(**RECORD, id="C-3"))
    platform.objects.create(actor(platform, registrar), ObjectIn(**RECORD, id="TPC-C-3"))
    museum = actor(platform, registrar)
    assert platform.objects.get(museum, "TPC-C-3").external_id == public.external_id == "TPC-C-3"
    assert platform.objects.get(museum, "NMU-TPC-C-3").organisation_id == registrar.organisation_id


def test_imports_qualify_ids_and_update_the_same_records_again(platform, cast, tmp_path):  # noqa: ANN001
    registrar, officer, _ = cast
    path = tmp_path / "register.jsonl"
    rows = [{**RECORD, "id": "A-1"}, {**RECORD, "id": "NMU-A-2"}, {**RECORD, "id": "TPC-A-1"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    museum = actor(platform, registrar)
    first = RegisterImporter(platform.sessions, platform.images, museum).run(path)
    assert (first.inserted, first.updated, first.rejected) == (3, 0, [])
    again = RegisterImporter(platform.sessions, platform.images, museum).run(path)
    assert (again.inserted, again.updated, again.unchanged, again.rejected) == (0, 0, 3, [])
    path.write_text(json.dumps({**RECORD, "id": "A-1", "title": "Krater"}) + "\n")
    changed = RegisterImporter(platform.sessions, platform.images, museum).run(path)
    assert (changed.inserted, changed.updated) == (0, 1)
    with platform.sessions() as s:
        ids = dict(s.execute(select(CulturalObject.external_id, CulturalObject.organisation_id)).all())
    assert ids == {
        "TPC-A-1": officer.organisation_id,
        "NMU-A-1": registrar.organisation_id,
        "NMU-A-2": registrar.organisation_id,
        "NMU-TPC-A-1": registrar.organisation_id,
    }
    assert platform.objects.get(museum, "A-1").title == "Krater"


def test_a_duplicate_after_qualification_is_reported(platform, cast, tmp_path):  # noqa: ANN001
    registrar, _, _ = cast
    path = tmp_path / "register.jsonl"
    path.write_text("\n".join(json.dumps({**RECORD, "id": i}) for i in ("D-1", "NMU-D-1")) + "\n")
    report = RegisterImporter(platform.sessions, platform.images, actor(platform, registrar)).run(path)
    assert report.inserted == 1
    assert [(r.line, r.record_id) for r in report.rejected] == [(2, "NMU-D-1")]
    assert "duplicate" in report.rejected[0].reason


def test_the_operator_keeps_ids_outside_every_organisations_namespace(platform, cast, tmp_path):  # noqa: ANN001
    obj = platform.objects.create(SYSTEM, ObjectIn(**RECORD, id="UNESCO-9"))
    assert obj.external_id == "UNESCO-9"
    for taken in ("NMU-9", "HT-9"):
        with pytest.raises(ValidationFailed) as refused:
            platform.objects.create(SYSTEM, ObjectIn(**RECORD, id=taken))
        assert "id" in refused.value.errors
    path = tmp_path / "register.jsonl"
    path.write_text("\n".join(json.dumps({**RECORD, "id": i}) for i in ("NMU-8", "TPC-A-1", "OPS-1")) + "\n")
    report = RegisterImporter(platform.sessions, platform.images, SYSTEM).run(path)
    # a new record in an organisation's namespace is refused; an existing one of the register is updated
    assert (report.inserted, report.updated + report.unchanged) == (1, 1)
    assert [(r.record_id, "namespace" in r.reason) for r in report.rejected] == [("NMU-8", True)]


def test_prefixes_are_validated_unique_and_generated(platform):  # noqa: ANN001
    for bad in ("N", "N-M", "NMUNMUNMUNMUX", "HT", "nm u"):
        with pytest.raises(ValidationFailed) as refused:
            add_organisation(platform, f"Museum {bad}", id_prefix=bad)
        assert "id_prefix" in refused.value.errors
    first = add_organisation(platform, "Museo Archeologico Nazionale", id_prefix="man")
    with pytest.raises(ValidationFailed):
        add_organisation(platform, "Another museum", id_prefix="MAN")
    second = add_organisation(platform, "Museo Archeologico di Napoli")  # initials MAN are taken
    third = add_organisation(platform, "Musée d'Art de Nantes", country="FR")
    with platform.sessions() as s:
        codes = [s.get(Organisation, i).id_prefix for i in (first, second, third)]
    assert codes[0] == "MAN"
    assert codes[1:] == ["MANIT", "MANFR"]  # initials, then with the country
    assert len(set(codes)) == 3 and all(prefixes.prefix_problem(c) is None for c in codes)
    out = platform.partners.create(SYSTEM, OrganisationIn(name="Police unit", kind="police", id_prefix="pu1"))
    assert out.id_prefix == "PU1"


def test_a_code_used_as_the_namespace_of_others_records_is_not_given(platform):  # noqa: ANN001
    platform.objects.create(SYSTEM, ObjectIn(**RECORD, id="NG-5"))  # registered by the operator
    org = add_organisation(platform, "National Gallery", country="GB")
    with platform.sessions() as s:
        assert s.get(Organisation, org).id_prefix == "NGGB"
    with pytest.raises(ValidationFailed):
        add_organisation(platform, "Nordic Gallery", id_prefix="NG")


def test_candidates_are_made_from_the_name() -> None:
    take = lambda name, country=None: list(islice(prefixes.candidates(name, country), 3))  # noqa: E731
    assert take("National Museum of Ukraine", "UA") == ["NMU", "NMUUA", "NMU2"]
    assert take("Louvre") == ["LOU", "LOU2", "LOU3"]
    assert take("Эрмитаж")[0] == "ORG"
    assert take("Hellenic Trust", "GR") == ["HTGR", "HT2", "HT3"]  # HT is reserved


def test_migration_backfills_prefixes(settings):  # noqa: ANN001
    engine = make_engine(settings)
    try:
        with writing():
            upgrade(engine, "0028")
        with engine.begin() as conn:
            for name, country in (
                ("National Museum of Ukraine", "UA"),
                ("Naval Museum of Ukraine", "UA"),
                ("Hellenic Treasury", "GR"),
                ("Louvre", None),
            ):
                conn.execute(
                    text(
                        "INSERT INTO organisation (name, kind, country, vetting, national_focal_point, "
                        "named_authority, inventory_police_search, created_at) "
                        "VALUES (:n, 'museum', :c, 'vetted', false, false, false, CURRENT_TIMESTAMP)"
                    ),
                    {"n": name, "c": country},
                )
            louvre = conn.scalar(text("SELECT id FROM organisation WHERE name = 'Louvre'"))
            # a record of the Louvre already uses LOU as its namespace (its own: fine) and one of the
            # operator uses NMU (so neither museum of Ukraine can be given it)
            for external_id, org in (("LOU-1", louvre), ("NMU-7", None)):
                conn.execute(
                    text(
                        "INSERT INTO cultural_object (external_id, organisation_id, classification, status, "
                        "search_text, content_hash, version, created_at, updated_at) VALUES (:e, :o, "
                        "'public', 'stolen', 'x', 'x', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    ),
                    {"e": external_id, "o": org},
                )
        with writing():  # the backfill reads, then writes
            upgrade(engine, "head")
        with engine.connect() as conn:
            codes = dict(conn.execute(text("SELECT name, id_prefix FROM organisation")).all())
        assert codes == {
            "National Museum of Ukraine": "NMUUA",
            "Naval Museum of Ukraine": "NMU2",
            "Hellenic Treasury": "HTGR",
            "Louvre": "LOU",
        }
        with engine.begin() as conn, pytest.raises(Exception):  # noqa: B017, PT011 - unique on both stores
            conn.execute(text("UPDATE organisation SET id_prefix = 'NMUUA' WHERE name = 'Louvre'"))
    finally:
        engine.dispose()


def test_an_id_too_long_once_qualified_is_refused(platform, cast):  # noqa: ANN001
    registrar, _, _ = cast
    with TestClient(create_app(platform=platform), headers=registrar.headers) as c:
        r = c.post("/api/v1/objects", json={**RECORD, "id": "A" * 117})
        assert r.status_code == 422 and "id" in r.json()["errors"]
        r = c.post("/api/v1/objects", json={**RECORD, "id": "A" * 116})
        assert r.status_code == 201 and len(r.json()["id"]) == prefixes.MAX_ID

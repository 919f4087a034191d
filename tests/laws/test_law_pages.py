"""Pages of the law database and of the import and export checks, through the real app."""

from __future__ import annotations

import re

import pyotp
import pytest
from fastapi.testclient import TestClient

from heritrace.app import create_app
from tests.access.test_accounts import csrf, sign_in
from tests.conftest import add_member, add_organisation

IMPORT = {
    "annex_category": "c",
    "age_years": "2000",
    "value_eur": "4,000",
    "country_of_creation_or_discovery": "EG",
    "exported_from": "US",
    "procedure": "release_for_free_circulation",
    "removed_in_breach": "no",
    "date": "2025-09-01",
}


@pytest.fixture
def web(platform):
    with TestClient(create_app(platform=platform)) as c:
        yield c


def test_import_check_page_answers_in_plain_words(web):
    empty = web.get("/legal/eu-import")
    assert empty.status_code == 200 and 'id="check-result"' not in empty.text
    page = web.get("/legal/eu-import", params=IMPORT)
    assert page.status_code == 200
    assert 'data-requirement="import_licence"' in page.text
    assert "Import licence needed" in page.text
    assert "partly verified" in page.text  # the answer says what is not verified
    visible = re.sub(r"<[^>]+>", " ", page.text)
    assert "import_licence" not in visible and "release_for_free_circulation" not in visible  # no raw codes


def test_import_check_page_marks_bad_fields(web):
    page = web.get("/legal/eu-import", params={**IMPORT, "age_years": "old", "exported_from": "XX"})
    assert page.status_code == 422
    assert 'id="error-age_years"' in page.text and 'id="error-exported_from"' in page.text


def test_export_check_page(web):
    page = web.get(
        "/legal/eu-export",
        params={
            "category": "3",
            "age_years": "120",
            "value_eur": "200000",
            "destination": "US",
            "belongs_to_originator": "no",
        },
    )
    assert page.status_code == 200 and "Export licence needed" in page.text


def test_law_pages_show_sources_and_status(web):
    index = web.get("/laws")
    assert index.status_code == 200 and "/laws/countries/CH" in index.text and "HAGUE-1999-P2" in index.text
    swiss = web.get("/laws/countries/CH")
    assert "SR 444.1" in swiss.text and "partly verified" in swiss.text and "lex.weblaw.ch" in swiss.text
    eu = web.get("/laws/instruments/EU-2014/60")
    assert eu.status_code == 200 and "not bound" in eu.text
    assert web.get("/laws/countries/QQ").status_code == 404


def test_countries_are_named_and_sorted_in_the_readers_language(web):
    ukrainian = web.get("/laws?lang=uk").text
    table = ukrainian[ukrainian.index('id="countries"') :]
    names = re.findall(r'href="/laws/countries/\w\w">([^<]+)</a>', table)
    assert "Швейцарія" in names  # not "Switzerland"
    from heritrace.core.collation import sort_key

    assert names == sorted(names, key=lambda n: sort_key(n, "uk")) and len(names) > 3
    assert "<h1>Suisse" in web.get("/laws/countries/CH?lang=fr").text
    # every country field offers the countries by name, the code as value
    form = web.get("/legal/eu-import?lang=es").text
    assert 'list="countries"' in form and '<option value="EG">Egipto</option>' in form


def test_focal_point_proposes_through_the_page_and_operator_accepts(platform, web):
    focal_org = add_organisation(
        platform, "Ministerul Culturii", "national_authority", country="RO", national_focal_point=True
    )
    focal = add_member(platform, "focal", focal_org, ["registrar"])
    operator = add_member(
        platform, "operator", add_organisation(platform, "Operator", "operator"), ["platform_admin"]
    )
    assert sign_in(web, "focal", focal.password).status_code == 303
    form = web.get("/laws/propose", params={"kind": "law", "country": "RO"})
    assert form.status_code == 200 and 'for="f-title_original"' in form.text
    data = {
        "csrf_token": csrf(web),
        "kind": "law",
        "country": "RO",
        "title_original": "Legea nr. 182/2000 privind protejarea patrimoniului cultural național mobil",
        "title_english": "Law on the protection of movable national cultural heritage",
        "year": "2000",
        "official_reference": "Legea 182/2000",
        "topics": ["export_control", "inventories"],
        "source": "Monitorul Oficial (test)",
        "status": "P",
        "note": "year read, text not read",
        "reason": "the main law is missing",
    }
    missing = web.post("/laws/proposals", data={**data, "source": ""}, follow_redirects=False)
    assert missing.status_code == 422 and "fact.source" in missing.text
    sent = web.post("/laws/proposals", data=data, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    listed = web.get("/laws/proposals")
    assert "the main law is missing" in listed.text and 'id="accept-' not in listed.text
    # the proposal in the reader's words: what it is about, where it stands, its fields; no codes
    french = re.sub(r"<[^>]+>", " ", web.get("/laws/proposals?lang=fr").text)
    assert "en attente d’examen" in french and "Roumanie" in french and "contrôle des exportations" in french
    assert "partiellement vérifié" in french and "Titre dans la langue originale" in french
    assert "une loi ou un décret" in french
    for code in ("pending", "title_original", "export_control", "official reference", ": law"):
        assert code not in french, code
    web.post("/sign-out", data={"csrf_token": csrf(web)})
    web.cookies.clear()
    assert (
        sign_in(web, "operator", operator.password, pyotp.TOTP(operator.totp_secret).now()).status_code == 303
    )
    change_id = re.search(r'id="accept-(\d+)"', web.get("/laws/proposals").text).group(1)
    done = web.post(
        f"/laws/proposals/{change_id}/review",
        data={"csrf_token": csrf(web), "decision": "accept", "note": "ok"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    romania = web.get("/laws/countries/RO").text
    assert "Legea 182/2000" in romania and "export control" in romania

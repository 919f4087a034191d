"""Model export certificates on SQLite and PostgreSQL: filled from the record, signed, verifiable."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from heritrace.cli.certificate import app as certificate_app
from heritrace.diligence.signing import PlatformKey, public_pem, verify_file
from tests.conftest import add_member, add_organisation
from tests.objects.test_api import jpeg_bytes

RETURNED = {
    "id": "EG-EMC-0042",
    "type_of_object": "statuette",
    "title": "Statuette of Osiris",
    "maker": "unknown workshop",
    "date_or_period": "664-332 BC",
    "materials_techniques": "bronze, cast",
    "measurements": "24 x 6 x 5 cm",
    "inscriptions_markings": "hieroglyphic inscription on the base",
    "description": "seated Osiris with atef crown",
    "country": "EG",
    "inventory_number": "JE 1234",
    "status": "returned",
}
EXPORT = {
    "exporter": {"name": "Museo Civico di Bari", "address": "Piazza del Ferrarese, Bari"},
    "consignee": {"name": "Egyptian Museum", "address": "Tahrir Square, Cairo", "country": "EG"},
    "export_type": "permanent",
    "category": "Annex I A.1 (archaeological object)",
    "tariff_code": "9705",
    "value": 40000.0,
    "purpose": "return to the country of origin",
}


@pytest.fixture
def record(client):
    made = client.post("/api/v1/objects", json=RETURNED)
    assert made.status_code == 201, made.text
    stored = made.json()["id"]  # the chosen id inside the organisation's namespace
    photo = client.post(
        f"/api/v1/objects/{stored}/images", files={"file": ("front.jpg", jpeg_bytes(), "image/jpeg")}
    )
    assert photo.status_code in (200, 201), photo.text
    return stored


def test_certificate_filled_from_record_signed_and_verifiable(platform, client, record, tmp_path):
    issued = client.post(f"/api/v1/objects/{record}/export-certificate", json=EXPORT)
    assert issued.status_code == 201, issued.text
    body = issued.json()
    boxes = body["certificate"]["boxes"]
    assert boxes["14"]["value"] == "Statuette of Osiris"
    assert boxes["15"]["value"] == "24 x 6 x 5 cm" and boxes["16"]["value"] == "664-332 BC"
    assert "inventory number JE 1234" in boxes["18"]["value"]
    assert boxes["3"]["value"].endswith("EG") and boxes["12"]["value"] == "40,000.00 EUR"
    assert boxes["22"]["value"].startswith("to be completed by the issuing authority")
    assert len(boxes["24"]["value"]) == 1
    key = {platform.diligence.key.key_id: platform.diligence.key.public}
    document = client.get(body["json_url"])
    pdf = client.get(body["pdf_url"])
    assert document.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert verify_file(document.content, key).status == "valid"
    assert verify_file(pdf.content, key).status == "valid"
    tampered = json.loads(document.content)
    tampered["certificate"]["boxes"]["3"]["value"] = "Dealer Ltd, Geneva, CH"
    assert verify_file(json.dumps(tampered).encode(), key).status == "altered"
    page = client.post(
        "/api/v1/certificates/verify", files={"file": ("c.pdf", pdf.content, "application/pdf")}
    )
    assert (
        page.json()["status"] == "valid"
        and page.json()["certificate"]["certificate_type"] == "export_certificate"
    )
    pem = tmp_path / "key.pem"
    pem.write_text(public_pem(platform.diligence.key.public))
    saved = tmp_path / "certificate.json"
    saved.write_bytes(document.content)
    cli = CliRunner().invoke(certificate_app, ["verify", str(saved), "--public-key", str(pem)])
    assert cli.exit_code == 0 and "export certificate" in cli.stdout and record in cli.stdout


def test_stolen_object_gets_no_certificate(client):
    stolen = {**RETURNED, "id": "EG-EMC-0043", "status": "stolen"}
    assert client.post("/api/v1/objects", json=stolen).status_code == 201
    refused = client.post("/api/v1/objects/EG-EMC-0043/export-certificate", json=EXPORT)
    assert refused.status_code == 409 and "stolen" in refused.json()["detail"]


def test_who_prepares_and_who_reads(platform, client, record):
    other = add_member(platform, "other", add_organisation(platform, "Other museum", "museum"), ["registrar"])
    from fastapi.testclient import TestClient

    from heritrace.app import create_app

    with TestClient(create_app(platform=platform)) as web:
        refused = web.post(f"/api/v1/objects/{record}/export-certificate", json=EXPORT, headers=other.headers)
        assert refused.status_code == 403
        body = client.post(f"/api/v1/objects/{record}/export-certificate", json=EXPORT).json()
        assert (
            web.get(body["json_url"], headers=other.headers).status_code == 404
        )  # restricted to the preparer
        assert web.get(body["json_url"]).status_code == 401


def test_input_is_checked(client, record):
    temporary = {**EXPORT, "export_type": "temporary"}
    bad = client.post(f"/api/v1/objects/{record}/export-certificate", json=temporary)
    assert bad.status_code == 422 and "reimport_date" in json.dumps(bad.json())
    wrong_country = {**EXPORT, "consignee": {**EXPORT["consignee"], "country": "QQ"}}
    assert client.post(f"/api/v1/objects/{record}/export-certificate", json=wrong_country).status_code == 422


def test_platform_key_signs_both_kinds(platform):
    assert isinstance(platform.export_certificates._key(), PlatformKey)
    assert platform.export_certificates._key().key_id == platform.diligence.key.key_id


def test_certificate_through_the_pages(platform, registrar, record):
    from fastapi.testclient import TestClient

    from heritrace.app import create_app
    from tests.access.test_accounts import csrf, sign_in

    with TestClient(create_app(platform=platform)) as web:
        assert sign_in(web, "registrar", registrar.password).status_code == 303
        detail = web.get(f"/objects/{record}")
        assert (
            'id="export-certificate-link"' in detail.text
            and "country_of_creation_or_discovery=EG" in detail.text
        )
        form = web.get(f"/objects/{record}/export-certificate")
        assert form.status_code == 200 and 'for="f-consignee-country"' in form.text
        data = {
            "csrf_token": csrf(web),
            "exporter.name": "Museo Civico di Bari",
            "consignee.name": "Egyptian Museum",
            "consignee.country": "EG",
            "export_type": "permanent",
            "category": "Annex I A.1",
            "quantity": "1",
            "value": "40,000",
            "purpose": "return",
        }
        missing = web.post(f"/objects/{record}/export-certificate", data={**data, "consignee.country": ""})
        assert missing.status_code == 422 and "consignee" in missing.text
        done = web.post(f"/objects/{record}/export-certificate", data=data, follow_redirects=False)
        assert done.status_code == 303
        page = web.get(done.headers["location"])
        assert (
            "Statuette of Osiris" in page.text
            and "40,000.00 EUR" in page.text
            and "download PDF" in page.text
        )

"""Certificates: issued once, signed with the platform key, verified by API, page and CLI; any alteration
of the JSON payload, the signature or the PDF is detected."""

from __future__ import annotations

import base64
import json
import stat

import pytest
from typer.testing import CliRunner

from heritrace.cli.main import app as heritrace_cli
from heritrace.diligence.signing import PlatformKey, verify_file
from tests.diligence.test_due_diligence_api import DEALER_LOT


@pytest.fixture
def issued(market_client, text_register):  # noqa: ANN001, ANN201
    check = market_client.post("/api/v1/due-diligence", data=DEALER_LOT).json()
    r = market_client.post(f"/api/v1/due-diligence/{check['check_id']}/certificate")
    assert r.status_code == 201, r.text
    cert = r.json()
    json_doc = market_client.get(cert["json_url"])
    pdf = market_client.get(cert["pdf_url"])
    assert json_doc.status_code == 200 and pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    return check, cert, json_doc.content, pdf.content


def _verify(client, data: bytes, name: str = "cert") -> dict:  # noqa: ANN001
    r = client.post("/api/v1/certificates/verify", files={"file": (name, data)})
    assert r.status_code == 200, r.text
    return r.json()


def test_certificate_says_what_was_asked_found_and_searched(anon_client, issued):  # noqa: ANN001
    check, cert, json_doc, _ = issued
    doc = json.loads(json_doc)
    assert doc["algorithm"] == "Ed25519" and doc["key_id"] == cert["key_id"]
    content = doc["certificate"]
    assert content["certificate_id"] == cert["certificate_id"] and content["check_id"] == check["check_id"]
    assert content["query"] == DEALER_LOT and content["candidates"] == check["candidates"]
    assert content["coverage"] == check["coverage"] and content["issued_at"].endswith("Z")
    result = _verify(anon_client, json_doc)
    assert result["status"] == "valid" and result["certificate"]["certificate_id"] == cert["certificate_id"]


def test_issuing_twice_returns_the_same_certificate(market_client, issued):  # noqa: ANN001
    check, cert, _, _ = issued
    again = market_client.post(f"/api/v1/due-diligence/{check['check_id']}/certificate").json()
    assert again["certificate_id"] == cert["certificate_id"]


def test_pdf_certificate_verifies_and_carries_the_certificate(anon_client, issued):  # noqa: ANN001
    _, cert, _, pdf = issued
    result = _verify(anon_client, pdf, "c.pdf")
    assert result["status"] == "valid" and result["kind"] == "pdf"
    assert result["certificate"]["certificate_id"] == cert["certificate_id"]


def test_altered_json_payload_or_signature_never_verifies(anon_client, issued):  # noqa: ANN001
    _, _, json_doc, _ = issued
    doc = json.loads(json_doc)
    doc["certificate"]["verdict"] = "none" if doc["certificate"]["verdict"] != "none" else "match"
    assert _verify(anon_client, json.dumps(doc).encode())["status"] == "altered"
    flipped = bytearray(json_doc)
    at = json_doc.index(b'"Seascape') + 2  # one byte of the query as submitted
    flipped[at] ^= 0x01
    assert _verify(anon_client, bytes(flipped))["status"] == "altered"
    doc = json.loads(json_doc)
    signature = bytearray(base64.b64decode(doc["signature"]))
    signature[10] ^= 0x01
    doc["signature"] = base64.b64encode(bytes(signature)).decode()
    assert _verify(anon_client, json.dumps(doc).encode())["status"] == "altered"
    doc["key_id"] = "0" * 16
    assert _verify(anon_client, json.dumps(doc).encode())["status"] == "unknown_key"


def test_any_altered_byte_of_the_pdf_is_detected(anon_client, issued):  # noqa: ANN001
    _, _, _, pdf = issued
    for at in (len(pdf) // 10, len(pdf) // 2, len(pdf) * 9 // 10, len(pdf) - 120):
        flipped = bytearray(pdf)
        flipped[at] ^= 0x20
        assert _verify(anon_client, bytes(flipped), "c.pdf")["status"] != "valid", at


def test_a_file_that_is_no_certificate_is_reported_as_such(anon_client):  # noqa: ANN001
    assert _verify(anon_client, b"hello")["status"] == "malformed"
    assert _verify(anon_client, b"%PDF-1.4\n%%EOF\n")["status"] == "malformed"


def test_certificates_are_downloadable_only_by_the_asker(client, anon_client, issued):  # noqa: ANN001
    _, cert, _, _ = issued
    assert client.get(cert["json_url"]).status_code == 404
    assert anon_client.get(cert["pdf_url"]).status_code == 401


def test_cli_verifies_with_the_published_public_key(anon_client, issued, tmp_path):  # noqa: ANN001
    _, _, json_doc, pdf = issued
    (tmp_path / "key.pem").write_text(
        anon_client.get("/api/v1/certificates/public-key").json()["public_key_pem"]
    )
    tampered = bytearray(pdf)
    tampered[len(pdf) // 3] ^= 0x01
    for name, data in (("c.pdf", pdf), ("c.json", json_doc), ("bad.pdf", bytes(tampered))):
        (tmp_path / name).write_bytes(data)
    runner = CliRunner()

    def verify(name: str, key: str = "key.pem"):  # noqa: ANN202
        return runner.invoke(
            heritrace_cli,
            ["certificate", "verify", str(tmp_path / name), "--public-key", str(tmp_path / key)],
        )

    for name in ("c.pdf", "c.json"):
        ok = verify(name)
        assert ok.exit_code == 0 and "VALID" in ok.output, ok.output
    bad = verify("bad.pdf")
    assert bad.exit_code == 1 and "ALTERED" in bad.output
    from heritrace.diligence.signing import public_pem

    (tmp_path / "other.pem").write_text(public_pem(PlatformKey(tmp_path / "other-private.pem").public))
    assert verify("c.json", "other.pem").exit_code == 2


def test_platform_key_is_private_to_its_owner_and_stable(tmp_path):  # noqa: ANN001
    key = PlatformKey(tmp_path / "keys" / "k.pem")
    assert stat.S_IMODE((tmp_path / "keys" / "k.pem").stat().st_mode) == 0o600
    again = PlatformKey(tmp_path / "keys" / "k.pem")
    assert again.key_id == key.key_id
    signed = key.sign_certificate({"certificate_id": "X", "n": 1})
    other = PlatformKey(tmp_path / "other.pem")
    assert verify_file(json.dumps(signed).encode(), {key.key_id: key.public}).valid
    assert verify_file(json.dumps(signed).encode(), {key.key_id: other.public}).status == "altered"

"""The certificate prints the full verification address and its QR code; the address answers."""

from __future__ import annotations

import pytest

from heritrace.diligence import certificate_pdf
from tests.diligence.test_certificates import issued  # noqa: F401 - the fixture
from tests.pdfs import pdf_text

QR_CODES: list[str] = []


@pytest.fixture(autouse=True)
def qr_spy(monkeypatch):  # noqa: ANN001, ANN201
    # the spy records what each QR code says
    real = certificate_pdf.qr_png
    QR_CODES.clear()
    monkeypatch.setattr(certificate_pdf, "qr_png", lambda text: QR_CODES.append(text) or real(text))


def test_certificate_links_to_its_full_verification_address(anon_client, issued):  # noqa: ANN001, F811
    _, cert, _, pdf = issued
    url = f"http://testserver/certificates/verify?certificate={cert['certificate_id']}"
    text = pdf_text(pdf)
    assert url in text.replace("\\", "")  # printed in full
    assert QR_CODES == [url] and b"/Subtype /Image" in pdf  # and drawn as a QR code
    page = anon_client.get(url.removeprefix("http://testserver"))
    assert page.status_code == 200 and cert["certificate_id"] in page.text and 'id="issued"' in page.text
    assert anon_client.get("/certificates/verify?certificate=HTC-NOPE").status_code == 404

"""Knowledge library on SQLite and PostgreSQL: publishing with language versions and versions, full-text
search inside uploaded PDF, Word and Excel files, classification under the register's need-to-know rules,
upload validation and size limits, categories-at-risk photos, and the operator's curation."""

from __future__ import annotations

import io
import json

import pytest

from tests.members import add_people, photo_bytes


@pytest.fixture
def people(platform):  # noqa: ANN001
    organisations = {
        "Culture ministry": ("national_authority", "FR"),
        "Police TPC": ("police", "IT"),
        "Auction house": ("market", "GB"),
        "Operator": ("operator", "FR"),
    }
    return add_people(
        platform,
        organisations,
        {
            "publisher": ("Culture ministry", "registrar"),
            "officer": ("Police TPC", "analyst"),
            "dealer": ("Auction house", "market_user"),
            "dealer_admin": ("Auction house", "org_admin"),
            "operator": ("Operator", "platform_admin"),
        },
    )


def pdf_with(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def docx_with(text: str) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def xlsx_with(text: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["item", text])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _publish(client, file=None, **fields) -> dict:  # noqa: ANN001
    document = {
        "kind": "guidance",
        "topics": ["due diligence"],
        "audiences": ["market"],
        "countries": ["fr"],
        "first": {"language": "en", "title": "Buying antiquities safely", "body": "Check the provenance."},
        **fields,
    }
    files = {"file": file} if file else None
    r = client.post("/api/v1/library", data={"document": json.dumps(document)}, files=files)
    assert r.status_code == 201, r.text
    return r.json()


def _titles(client, **params) -> list[str]:  # noqa: ANN001
    r = client.get("/api/v1/library", params=params)
    assert r.status_code == 200, r.text
    return [d["title"] for d in r.json()]


def test_search_finds_words_inside_pdf_word_and_excel_files(people, as_member):  # noqa: ANN001
    pub = as_member(people["publisher"])
    _publish(
        pub,
        ("guide.pdf", pdf_with("Provenance gaps between 1970 and 1990 are a red flag."), "application/pdf"),
        first={"title": "PDF guide", "language": "en"},
    )
    _publish(
        pub,
        ("check.docx", docx_with("Vérifier le certificat d'exportation"), "application/octet-stream"),
        first={"title": "Word checklist", "language": "fr"},
        kind="checklist",
    )
    _publish(
        pub,
        ("list.xlsx", xlsx_with("cylinder seals from Mesopotamia"), "application/octet-stream"),
        first={"title": "Excel toolkit", "language": "en"},
        kind="toolkit",
    )
    anon = as_member(None)
    assert _titles(anon, q="red flag 1970") == ["PDF guide"]
    assert _titles(anon, q="verifier certificat exportation") == ["Word checklist"]  # accents folded
    assert _titles(anon, q="Mesopotamia seals") == ["Excel toolkit"]
    assert _titles(anon, q="red flag Mesopotamia") == []  # every word must be found
    assert _titles(anon, kind="checklist") == ["Word checklist"]
    assert sorted(_titles(anon, language="en")) == ["Excel toolkit", "PDF guide"]
    assert len(_titles(anon, audience="market", country="FR", topic="due diligence")) == 3
    # a tag is matched whole and as written: % and _ are no wildcards
    assert _titles(anon, topic="%") == [] and _titles(anon, topic="due_diligence") == []
    assert _titles(anon, audience="police") == []
    # the file comes back as uploaded, as an opaque download
    [doc] = anon.get("/api/v1/library", params={"q": "red flag"}).json()
    full = anon.get(f"/api/v1/library/{doc['id']}").json()
    got = anon.get(full["current"]["file"]["url"])
    assert got.content.startswith(b"%PDF-") and got.headers["content-type"] == "application/octet-stream"


def test_uploads_are_validated_with_clear_errors(platform, people, as_member):  # noqa: ANN001
    pub = as_member(people["publisher"])
    document = json.dumps({"kind": "guidance", "first": {"title": "A guide", "body": "text"}})

    def post(name: str, data: bytes):  # noqa: ANN202
        return pub.post("/api/v1/library", data={"document": document}, files={"file": (name, data)})

    r = post("fake.pdf", b"<html>not a pdf</html>")
    assert r.status_code == 422 and "not a PDF" in r.json()["errors"]["file"]
    r = post("evil.exe", b"MZ\x90\x00")
    assert r.status_code == 422 and "only PDF, Word (.docx), Excel (.xlsx)" in r.json()["errors"]["file"]
    r = post("broken.docx", b"PK\x03\x04garbage")
    assert r.status_code == 422 and "docx" in r.json()["errors"]["file"]
    r = post("big.pdf", b"%PDF-" + b"0" * platform.settings.max_attachment_bytes)
    assert r.status_code == 413
    r = pub.post(
        "/api/v1/library", data={"document": json.dumps({"kind": "guidance", "first": {"title": "Empty"}})}
    )
    assert r.status_code == 422 and "body" in r.json()["errors"]
    assert as_member(None).get("/api/v1/library").json() == []  # nothing was stored


def test_classification_follows_the_register_rules(people, as_member):  # noqa: ANN001
    pub = as_member(people["publisher"])
    le = _publish(
        pub, classification="law_enforcement", first={"title": "Undercover purchases", "body": "Police only."}
    )
    partners = _publish(
        pub, classification="partners", first={"title": "Partner briefing", "body": "For partners."}
    )
    public = _publish(pub, first={"title": "Public leaflet", "body": "For everyone."})
    assert _titles(as_member(None)) == ["Public leaflet"]
    assert sorted(_titles(as_member(people["dealer"]))) == ["Partner briefing", "Public leaflet"]
    assert len(_titles(as_member(people["officer"]))) == 3
    assert _titles(as_member(people["dealer"]), q="undercover") == []
    assert as_member(people["dealer"]).get(f"/api/v1/library/{le['id']}").status_code == 404
    assert as_member(None).get(f"/api/v1/library/{partners['id']}").status_code == 404
    assert as_member(None).get(f"/library/{le['id']}").status_code == 404
    assert as_member(None).get(f"/library/{public['id']}").status_code == 200
    # only the publishing organisation adds versions; a market user does not publish
    version = {"version": json.dumps({"language": "fr", "title": "Achats", "body": "x"})}
    assert (
        as_member(people["dealer_admin"])
        .post(f"/api/v1/library/{public['id']}/versions", data=version)
        .status_code
        == 403
    )
    r = as_member(people["dealer"]).post("/api/v1/library", data={"document": "{}"})
    assert r.status_code == 403


def test_language_versions_and_versions(people, as_member):  # noqa: ANN001
    pub = as_member(people["publisher"])
    doc = _publish(pub)
    path = f"/api/v1/library/{doc['id']}/versions"
    r = pub.post(
        path,
        data={
            "version": json.dumps(
                {"language": "fr", "title": "Acheter des antiquités", "body": "Vérifiez la provenance."}
            )
        },
    )
    assert r.status_code == 201, r.text
    r = pub.post(
        path,
        data={
            "version": json.dumps(
                {
                    "language": "en",
                    "title": "Buying antiquities safely (2nd ed.)",
                    "body": "Check the provenance and the export licence.",
                    "change_note": "export licences",
                }
            )
        },
    )
    anon = as_member(None)
    shown = anon.get(f"/api/v1/library/{doc['id']}").json()
    assert shown["languages"] == ["en", "fr"]
    assert shown["current"]["version"] == 2 and shown["title"] == "Buying antiquities safely (2nd ed.)"
    assert [(v["language"], v["version"]) for v in shown["versions"]] == [("en", 2), ("en", 1), ("fr", 1)]
    assert (
        anon.get(f"/api/v1/library/{doc['id']}", params={"language": "fr"}).json()["title"]
        == "Acheter des antiquités"
    )
    # search reaches every version and language
    assert _titles(anon, q="verifiez provenance") == ["Buying antiquities safely (2nd ed.)"]
    page = anon.get(f"/library/{doc['id']}?lang=fr")
    assert page.status_code == 200 and "Acheter des antiquités" in page.text


def test_categories_at_risk_photos_and_curation(platform, people, as_member):  # noqa: ANN001
    pub = as_member(people["publisher"])
    doc = _publish(
        pub,
        kind="categories_at_risk",
        region="Sahel",
        period="Neolithic to 16th century",
        first={"title": "Sahel: categories at risk", "body": "Terracotta figures (Nok, Djenné)."},
    )
    r = pub.post(
        f"/api/v1/library/{doc['id']}/photos",
        files={"file": ("nok.jpg", photo_bytes(3))},
        data={"caption": "Nok head"},
    )
    assert r.status_code == 201, r.text
    [photo] = r.json()["photos"]
    anon = as_member(None)
    assert anon.get(photo["url"]).headers["content-type"] == "image/jpeg"
    bad = pub.post(f"/api/v1/library/{doc['id']}/photos", files={"file": ("x.jpg", b"not an image")})
    assert bad.status_code == 422
    page = anon.get(f"/library/{doc['id']}")
    assert "Nok head" in page.text and "Sahel" in page.text
    # curation: the operator only
    path = f"/api/v1/library/{doc['id']}/curation"
    assert pub.post(path, json={"featured": True}).status_code == 403
    op = as_member(people["operator"])
    assert op.post(path, json={"featured": True, "note": "reviewed"}).json()["featured"] is True
    other = _publish(pub, first={"title": "Zzz other guide", "body": "x"})
    assert _titles(anon)[0] == "Sahel: categories at risk"  # featured first
    assert op.post(f"/api/v1/library/{other['id']}/curation", json={"withdrawn": True}).status_code == 200
    assert _titles(anon) == ["Sahel: categories at risk"]
    assert anon.get(f"/api/v1/library/{other['id']}").status_code == 404
    assert "Zzz other guide" in _titles(pub)  # its publisher still sees it
    from heritrace.audit.models import AuditEntry

    with platform.sessions() as s:
        actions = [e.action for e in s.query(AuditEntry).filter(AuditEntry.entity == "library_document")]
    assert {"library.publish", "library.photo", "library.curate"} <= set(actions)

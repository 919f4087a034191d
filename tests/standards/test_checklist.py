"""The printable Object ID checklist, blank and filled from a record."""

from __future__ import annotations

from dataclasses import replace

from heritrace.core.actor import SYSTEM
from heritrace.objects.transfer import RegisterImporter
from tests.standards.helpers import OWN, RESTRICTED, SPARSE, write_jsonl


def test_blank_and_filled_checklists(platform, registrar, anon_client, client, tmp_path):  # noqa: ANN001
    blank = anon_client.get("/object-id")
    assert blank.status_code == 200
    for category in ("Type of object", "Materials", "Inscriptions", "Distinguishing features", "Maker"):
        assert category in blank.text
    assert "not documented" not in blank.text and "@media print" in blank.text

    owner = replace(SYSTEM, organisation_id=registrar.organisation_id)
    RegisterImporter(platform.sessions, platform.images, owner).run(
        write_jsonl(tmp_path / "r.jsonl", [SPARSE, RESTRICTED])
    )
    filled = anon_client.get(f"/objects/{OWN}-CC-2/object-id")
    assert filled.status_code == 200
    assert "Bowl" in filled.text and "5th century BC" in filled.text
    assert "2 of 16 categories documented" in filled.text  # title and date (country is no category)
    assert filled.text.count("not documented") == 14
    assert anon_client.get(f"/objects/{OWN}-CC-SECRET/object-id").status_code == 404
    assert client.get(f"/objects/{OWN}-CC-SECRET/object-id").status_code == 200

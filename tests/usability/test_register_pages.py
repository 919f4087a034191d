"""The register's pages link on past the point where counting stops (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import heritrace.objects.service as object_service
import heritrace.objects.views as object_views


def test_pages_beyond_the_counted_ones_are_linked(platform, client, monkeypatch):  # noqa: ANN001
    # the real cap is 1,000 records at 50 a page ("page 1 of 20" while pages 21-39 held records);
    # the same arithmetic, smaller: count up to 10, 2 a page, 15 records
    monkeypatch.setattr(object_service, "COUNT_CAP", 10)
    monkeypatch.setattr(object_views, "PER_PAGE", 2)
    for n in range(15):
        assert (
            client.post("/api/v1/objects", json={"id": f"P-{n:02}", "title": f"Bowl {n}"}).status_code == 201
        )
    seen: set[str] = set()
    url = "/objects?q=&status="
    for _ in range(20):
        page = client.get(url)
        assert page.status_code == 200
        seen |= set(re.findall(r"/objects/(?:\w+-)?(P-\d\d)", page.text))  # stored in the namespace
        found = re.search(r'<a href="([^"]+)" rel="next">', page.text)
        if not found:
            break
        url = "/objects" + found.group(1).replace("&amp;", "&")
    assert len(seen) == 15  # every record reachable by following "next"
    assert "more than" in client.get("/objects?page=5").text
    assert 'rel="next"' not in client.get("/objects?page=8").text  # the last, partly filled page

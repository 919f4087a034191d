"""The identify page says "no match in the register" rather than listing weak candidates as results."""

from __future__ import annotations

import io

from tests.diligence.helpers import seed_register
from tests.images.synthetic import painting
from tests.usability.helpers import csrf


def test_unrelated_photo_is_no_match_in_the_register(platform, client):  # noqa: ANN001
    seed_register(client)
    buf = io.BytesIO()
    painting(4242).save(buf, "JPEG")
    api = client.post("/api/v1/identify", files={"photo": ("q.jpg", buf.getvalue(), "image/jpeg")}).json()
    assert api["candidates"] and all(c["verdict"] == "none" for c in api["candidates"])  # weak ones exist
    page = client.post(
        "/identify",
        data={"csrf_token": csrf(client, "/identify")},
        files={"photo": ("q.jpg", buf.getvalue(), "image/jpeg")},
    )
    assert page.status_code == 200
    assert "No match in the register" in page.text
    results = page.text.split('id="results"')[1]
    assert '<section class="hit"' not in results.split("<details")[0]  # no candidate shown as a result
    assert 'capture="environment"' in page.text and 'accept="image/*"' in page.text

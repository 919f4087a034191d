"""One scale for people (docs/matching.md): every output's ``score`` is 0 to 1, the text probability
where there is one; the engine's log2 odds are named ``log2_odds``."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from heritrace.core.actor import SYSTEM
from heritrace.federation.queries import _hit
from heritrace.objects.schemas import ObjectIn
from tests.screening.test_screen_cli import REGISTER

SEASCAPE = {key: value for key, value in REGISTER[0].items() if key != "country"}
QUERY = "Seascape at night, Ivan Aivazovsky, oil on canvas, c. 1900, 45 x 60 cm"


@pytest.mark.parametrize("backend", ["sqlite"])
def test_search_api_and_screen_give_the_same_probability_as_score(platform, client, tmp_path, monkeypatch):  # noqa: ANN001
    platform.objects.create(SYSTEM, ObjectIn(**SEASCAPE))
    best = client.get("/api/v1/search", params={"q": QUERY}).json()["results"][0]
    assert best["object_id"] == "UA-1" and best["verdict"] in ("match", "possible")
    assert 0 <= best["score"] <= 1 and best["score"] == best["probability"]
    assert best["log2_odds"] == pytest.approx(sum(c["weight"] for c in best["contributions"]), abs=0.05)
    assert best["log2_odds"] > 1  # the evidence is in bits, not on the 0-1 scale

    from heritrace.cli.main import app

    listings = tmp_path / "listings.jsonl"
    listings.write_text(json.dumps({"id": "L-1", "title": QUERY}) + "\n", encoding="utf-8")
    monkeypatch.setenv("HERITRACE_DATA_DIR", str(platform.settings.data_dir))
    monkeypatch.setenv("HERITRACE_DATABASE_URL", platform.settings.database_url or "")
    out = tmp_path / "results.jsonl"
    r = CliRunner().invoke(app, ["screen", str(listings), "--out", str(out)])
    assert r.exit_code == 0, r.output
    screened = json.loads(out.read_text().splitlines()[0])["candidates"][0]
    assert screened["object_id"] == "UA-1"
    assert screened["score"] == pytest.approx(best["score"], abs=0.001)
    assert screened["log2_odds"] == pytest.approx(best["log2_odds"], abs=0.01)


def test_a_federated_hit_is_ranked_by_probability_whatever_the_peer_calls_score():
    newer = {
        "object_id": "A",
        "title": None,
        "score": 0.91,
        "probability": 0.91,
        "log2_odds": 6.2,
        "verdict": "possible",
    }
    older = {
        "object_id": "B",
        "title": None,
        "score": 7.5,
        "probability": 0.97,
        "verdict": "match",
    }  # log2 odds
    assert _hit("peer-1", "https://a.example", newer).score == 0.91
    assert _hit("peer-2", "https://b.example", older).score == 0.97

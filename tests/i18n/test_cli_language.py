"""CLI messages meant for people in the language of HERITRACE_LANG or the POSIX locale; data unchanged."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from heritrace.cli.main import app
from heritrace.core.i18n import current_locale, environment_locale

FACTS = {
    "requesting_state": "IT",
    "holding_state": "CH",
    "claim": "stolen",
    "event_date": "2010-05-01",
    "knowledge_date": "2020-01-10",
    "as_of": "2021-06-01",
}


def test_the_language_comes_from_heritrace_lang_then_the_posix_locale():
    assert environment_locale({"HERITRACE_LANG": "fr", "LANG": "es_ES.UTF-8"}) == "fr"
    assert environment_locale({"HERITRACE_LANG": "xx", "LANG": "uk_UA.UTF-8"}) == "uk"
    # POSIX order: LC_ALL, then LC_MESSAGES, then LANG
    assert environment_locale({"LC_ALL": "ar_EG.UTF-8", "LC_MESSAGES": "ru_RU", "LANG": "fr_FR"}) == "ar"
    assert environment_locale({"LC_MESSAGES": "ru_RU.UTF-8", "LANG": "fr_FR.UTF-8"}) == "ru"
    assert environment_locale({"LANG": "es_MX.UTF-8"}) == "es"
    assert environment_locale({"LANG": "C.UTF-8"}) == "en"
    assert environment_locale({"LC_ALL": "de_DE.UTF-8", "LANG": "fr_FR.UTF-8"}) == "en"  # LC_ALL wins
    assert environment_locale({}) == "en"


def test_a_cli_run_with_heritrace_lang_fr_prints_french(tmp_path, monkeypatch):  # noqa: ANN001
    monkeypatch.setenv("HERITRACE_LANG", "fr")
    runner = CliRunner()
    missing = tmp_path / "absent.csv"
    r = runner.invoke(app, ["objects", "import", str(missing)])
    assert r.exit_code == 2
    assert f"aucun fichier : {missing}" in r.output, r.output
    r = runner.invoke(app, ["objects", "export", "--format", "xml"])
    assert "--format doit être l'un de : jsonl, csv, lido, linked-art" in r.output, r.output
    bad = tmp_path / "facts.json"
    bad.write_text("{not json", encoding="utf-8")
    r = runner.invoke(app, ["legal", "deadlines", str(bad)])
    assert r.exit_code == 2 and "FACTS n'est pas du JSON valide" in r.output, r.output
    assert current_locale() == "en"  # the command's language does not outlive it


def test_the_posix_locale_is_used_without_heritrace_lang(tmp_path, monkeypatch):  # noqa: ANN001
    monkeypatch.delenv("HERITRACE_LANG")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    r = CliRunner().invoke(app, ["objects", "import", str(tmp_path / "absent.csv")])
    assert "no existe el archivo" in r.output, r.output


def test_json_output_is_unchanged_in_another_language(tmp_path, monkeypatch):  # noqa: ANN001
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(FACTS), encoding="utf-8")
    runner = CliRunner()
    english = runner.invoke(app, ["legal", "deadlines", str(facts), "--report"])
    monkeypatch.setenv("HERITRACE_LANG", "ar")
    arabic = runner.invoke(app, ["legal", "deadlines", str(facts), "--report"])
    assert english.exit_code == arabic.exit_code == 0
    assert json.loads(arabic.stdout) == json.loads(english.stdout)

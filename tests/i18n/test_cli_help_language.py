"""The CLI's --help texts and Typer's and Click's own words (usage, panels, usage errors) follow
HERITRACE_LANG or the POSIX locale, like the commands' messages; English stays as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from heritrace.cli import language
from heritrace.cli.main import app
from heritrace.core.i18n import DEFAULT_LOCALE, LANGUAGES, _, current_locale, use_locale

from .test_catalogues import catalogue, untranslated_in

TRANSLATED = [lang for lang in LANGUAGES if lang != DEFAULT_LOCALE]


def flat(output: str) -> str:
    """The words of a rich help or error, without its boxes and line wrapping."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", output).split())


def run(args: list[str], lang: str | None, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    if lang is None:
        monkeypatch.delenv("HERITRACE_LANG", raising=False)
        for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
            monkeypatch.delenv(name, raising=False)
    else:
        monkeypatch.setenv("HERITRACE_LANG", lang)
    return CliRunner().invoke(app, args, prog_name="heritrace")


def in_language(lang: str, message: str) -> str:
    with use_locale(lang):
        return _(message)


def test_root_help_in_french_translates_the_texts_and_the_chrome(monkeypatch):  # noqa: ANN001
    r = run(["--help"], "fr", monkeypatch)
    assert r.exit_code == 0, r.output
    out = flat(r.output)
    assert "Utilisation : heritrace [OPTIONS] COMMAND [ARGS]..." in out, out
    assert "Heritrace : enregistrer, identifier et restituer les biens culturels volés." in out
    assert "╭─ Commandes ─" in r.output and "╭─ Options ─" in r.output
    assert "Afficher ce message et quitter." in out
    assert "Installer la complétion pour le shell actuel." in out
    # each command's help: its docstring or its group's help, as the catalogue translates it
    for english in ("Run the web UI and the REST API.", "Bulk import and export of the register."):
        assert in_language("fr", english) in out and english not in out
    for chrome in ("Usage:", "Commands", "Show this message and exit."):
        assert chrome not in out
    assert current_locale() == DEFAULT_LOCALE


def test_a_subcommand_help_in_ukrainian_and_arabic(monkeypatch):  # noqa: ANN001
    r = run(["legal", "deadlines", "--help"], "uk", monkeypatch)
    assert r.exit_code == 0, r.output
    out = flat(r.output)
    assert "Використання : " not in out and "Використання: heritrace legal deadlines" in out, out
    assert "╭─ Аргументи ─" in r.output and "╭─ Параметри ─" in r.output
    assert "[обов'язково]" in out and "Показати це повідомлення та вийти." in out
    assert "Вивести список JSON застосовних строків для вимоги, описаної у FACTS." in out
    assert "Вивести повний звіт із потребами та примітками" in out  # an option's help
    assert "шлях до FACTS.json або - для читання стандартного введення" in out  # the argument's
    r = run(["legal", "--help"], "ar", monkeypatch)
    assert r.exit_code == 0, r.output
    assert "╭─ الأوامر ─" in r.output and "الاستخدام: heritrace legal" in flat(r.output)
    deadlines = "Print a JSON list of the applicable time limits for the claim described in FACTS."
    assert in_language("ar", deadlines)[:30] in flat(r.output) and deadlines[:30] not in flat(r.output)


@pytest.mark.parametrize(
    ("args", "spanish"),
    [
        (["legal", "deadlines"], "Falta el argumento 'FACTS'."),
        (["objects", "export", "--bogus"], "No existe la opción: --bogus"),
        (["legal", "deadlines", "a", "b", "c"], "2 argumentos adicionales inesperados (b c)"),
        (["worker", "--workers", "0"], "Valor no válido para '--workers': al menos 1"),
        (["worker", "--workers", "x"], "Valor no válido para '--workers': se espera un número entero"),
        (["objects", "export", "--format"], "La opción '--format' requiere un argumento."),
        (["no-such-command"], "No existe el comando 'no-such-command'."),
    ],
)
def test_usage_errors_are_in_spanish_with_a_failing_exit(args, spanish, monkeypatch):  # noqa: ANN001
    r = run(args, "es", monkeypatch)
    assert r.exit_code == 2, r.output
    out = flat(r.output)
    assert spanish in out, out
    assert "╭─ Error ─" in r.output  # the panel's title is the same word in Spanish
    assert "Usage:" not in out and "Try '" not in out
    if args[-1] != "--format":  # an option left without its value is reported without the usage line
        assert f"Uso: heritrace {args[0]}" in out or "Uso: heritrace [OPTIONS]" in out, out
        assert "Pruebe 'heritrace" in out and "para obtener ayuda." in out


def test_english_by_default_and_after_a_run_in_another_language(monkeypatch):  # noqa: ANN001
    run(["legal", "deadlines", "--help"], "fr", monkeypatch)
    run(["legal", "deadlines"], "ru", monkeypatch)
    for _attempt in range(2):
        r = run(["--help"], None, monkeypatch)
        out = flat(r.output)
        assert "Usage: heritrace [OPTIONS] COMMAND [ARGS]..." in out, out
        assert "╭─ Commands ─" in r.output and "Show this message and exit." in out
        assert "Run the web UI and the REST API." in out
        r = run(["legal", "deadlines", "--help"], None, monkeypatch)
        assert "╭─ Arguments ─" in r.output and "[required]" in r.output
        assert "Print the full report with needs and notes" in flat(r.output)
        r = run(["legal", "deadlines"], None, monkeypatch)
        assert r.exit_code == 2 and "Missing argument 'FACTS'." in r.output, r.output
        assert "Try 'heritrace legal deadlines --help' for help." in r.output


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_help_text_of_the_command_tree_is_translated(lang: str):
    # what Typer actually shows (docstrings, help=, the completion options), not only what is extracted
    texts = {text for _holder, _attribute, text in language.help_texts(get_command(app))}
    assert "Run the web UI and the REST API." in texts and "hash the last entry must have" in texts
    untranslated = untranslated_in(catalogue(lang), texts)
    assert not untranslated, f"{len(untranslated)} --help text(s) untranslated in {lang}: {untranslated[:5]}"


def test_typer_still_writes_the_words_the_catalogues_translate():
    # a Typer upgrade that rewords one of its messages shows here, not as English left in a help
    source = "\n".join(p.read_text(encoding="utf-8") for p in Path(typer.__file__).parent.rglob("*.py"))
    for message in (*language.TYPER_MESSAGES, *language.RICH_TEXTS.values()):
        if message != "Usage:":
            assert f'"{message}"' in source, message
    assert '"Usage: "' in source


def test_a_usage_error_no_pattern_knows_stays_as_written():
    with use_locale("fr"):
        assert language.usage_error("Something Typer says one day.") == "Something Typer says one day."
        # a known frame keeps an unknown reason as written
        assert language.usage_error("Invalid value for '--x': odd") == "Valeur non valide pour '--x' : odd"
        assert language.usage_error("Missing option '--name'.") == "Option '--name' manquante."
    assert language.usage_error("Missing option '--name'.") == "Missing option '--name'."

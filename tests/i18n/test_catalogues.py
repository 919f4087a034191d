"""The message catalogues: every message meant for people, as the code and templates mark it today,
is translated in every interface language, with the same variables, and nothing is left fuzzy."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from heritrace.core.i18n import DEFAULT_LOCALE, LANGUAGES, catalogue_path

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [lang for lang in LANGUAGES if lang != DEFAULT_LOCALE]
VARIABLE = re.compile(r"%\(\w+\)[sdr]")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


@cache
def extracted() -> frozenset:
    """Every message the sources mark today (what `make messages` would put in the template, read
    as babel.cfg says: the CLI's command docstrings too)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options = parse_mapping_cfg(f)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "heritrace"), method_map, options, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return frozenset(found)


@cache
def catalogue(lang: str):  # noqa: ANN201
    with catalogue_path(lang).open("rb") as f:
        return read_po(f, locale=lang)


def test_the_sources_mark_messages():
    # the extraction itself works: the layout's and the register's words are among them
    assert {"Register an object", "Sign in", ("%(num)s object", "%(num)s objects")} <= extracted()
    # and the docstring of a command, its --help text
    assert "Run the web UI and the REST API." in extracted()


def untranslated_in(cat, messages) -> list:  # noqa: ANN001
    """The messages that ``cat`` lacks, leaves empty (a plural form included) or marks fuzzy."""
    missing = []
    for message in sorted(messages, key=str):
        entry = cat.get(message if isinstance(message, str) else message[0])
        text = entry.string if entry is not None else None
        if entry is None or not text or (isinstance(text, tuple) and not all(text)) or entry.fuzzy:
            missing.append(message)
    return missing


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated(lang: str):
    untranslated = untranslated_in(catalogue(lang), extracted())
    assert not untranslated, (
        f"{len(untranslated)} message(s) not translated in {lang} (run `make messages` and translate "
        f"heritrace/locale/{lang}/LC_MESSAGES/messages.po): {untranslated[:10]}"
    )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_fuzzy_or_empty_entry_and_the_same_variables(lang: str):
    cat = catalogue(lang)
    problems = []
    for entry in cat:
        if not entry.id:
            continue
        if entry.fuzzy:
            problems.append(("fuzzy", entry.id))
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        texts = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(texts):
            problems.append(("empty", entry.id))
            continue
        wanted = set().union(*(VARIABLE.findall(i) for i in ids))
        for text in texts:
            used = set(VARIABLE.findall(text))
            # a plural form may leave the number out ("one record"), nothing else may differ
            if used - wanted or (len(ids) == 1 and used != wanted):
                problems.append(("variables", entry.id, text))
    assert not problems, problems[:10]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_plural_forms_match_the_language(lang: str):
    cat = catalogue(lang)
    for entry in cat:
        if entry.id and isinstance(entry.id, tuple):
            assert len(entry.string) == cat.num_plurals, (lang, entry.id)


def test_the_check_finds_missing_empty_fuzzy_and_half_plural_messages():
    from babel.messages.catalog import Catalog

    cat = Catalog(locale="ru")
    cat.add("Sign in", "Войти")
    cat.add("Sign out", "")
    cat.add("Register", "Реестр", flags=["fuzzy"])
    cat.add(("%(num)s photo", "%(num)s photos"), ("%(num)s фото", "", ""))
    messages = {"Sign in", "Sign out", "Register", "Not in it", ("%(num)s photo", "%(num)s photos")}
    assert untranslated_in(cat, messages) == sorted(messages - {"Sign in"}, key=str)

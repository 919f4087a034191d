"""Dates and periods read from real catalogue and market forms, checked against EDTF."""

from __future__ import annotations

from datetime import date

import pytest
from edtf import parse_edtf
from hypothesis import given
from hypothesis import strategies as st

from heritrace.objects.parsing import DatePeriod, format_period, parse_date
from heritrace.objects.parsing.dates import _read, year_edtf

TODAY = date(2025, 6, 1)

# text, EDTF, earliest, latest (plain signed years, -150 = 150 BC)
CASES: list[tuple[str, str, int | None, int | None]] = [
    ("1907", "1907", 1907, 1907),
    ("c. 1650", "1650~", 1640, 1660),
    ("ca. 1650", "1650~", 1640, 1660),
    ("circa 1650", "1650~", 1640, 1660),
    ("c.1650", "1650~", 1640, 1660),
    ("um 1650", "1650~", 1640, 1660),
    ("vers 1650", "1650~", 1640, 1660),
    ("hacia 1650", "1650~", 1640, 1660),
    ("intorno al 1650", "1650~", 1640, 1660),
    ("Fecha: hacia 1770.", "1770~", 1760, 1780),
    ("circa 1900-1910", "1900~/1910~", 1895, 1915),
    ("c.1770-80", "1770~/1780~", 1765, 1785),
    ("Period: circa 1776-1784.", "1776~/1784~", 1771, 1789),
    ("1785-1830", "1785/1830", 1785, 1830),
    ("1785–1830", "1785/1830", 1785, 1830),
    ("1785/1830", "1785/1830", 1785, 1830),
    ("1830-40", "1830/1840", 1830, 1840),
    ("1830–5", "1830/1835", 1830, 1835),
    ("1898-02", "1898/1902", 1898, 1902),
    ("c.1825–30?", "1825~/1830%", 1820, 1835),
    ("1957–c.66", "1957/1966~", 1957, 1971),
    ("1956-1957", "1956/1957", 1956, 1957),
    ("Fecha: 1971-1972.", "1971/1972", 1971, 1972),
    ("dated 1956", "1956", 1956, 1956),
    ("Datierung: 1819.", "1819", 1819, 1819),
    ("published 1820", "1820", 1820, 1820),
    ("1840, printed 1890", "1840", 1840, 1840),
    ("1955–6; printed 1970s", "1955/1956", 1955, 1956),
    ("?1800", "1800?", 1800, 1800),
    ("?c.1800", "1800%", 1790, 1810),
    ("1796 or 1797", "[1796,1797]", 1796, 1797),
    ("before 1700", "../1700", None, 1700),
    ("avant 1700", "../1700", None, 1700),
    ("after 1850", "1850/..", 1850, None),
    ("nach 1850", "1850/..", 1850, None),
    ("ante 1700", "../1700", None, 1700),  # Latin, as Italian catalogues write it
    ("post 1945", "1945/..", 1945, None),
    ("after the 17th century", "1699/..", 1699, None),  # the EDTF end is the year bound
    ("after 1890s", "1899/..", 1899, None),
    ("reprinted 1970", "1970", 1970, 1970),
    ("exhibited 1845", "../1845", None, 1845),
    ("1831 or later", "1831/..", 1831, None),
    ("?exhibited 1845", "../1845?", None, 1845),
    ("1845 and 1850", "1845/1850", 1845, 1850),
    ("between 1700 and 1750", "1700/1750", 1700, 1750),
    ("XVII century", "16XX", 1600, 1699),
    ("XVIIe siècle", "16XX", 1600, 1699),
    ("XVII secolo", "16XX", 1600, 1699),
    ("Datazione: XVII secolo.", "16XX", 1600, 1699),
    ("siglo XVII", "16XX", 1600, 1699),
    ("s. XVIII", "17XX", 1700, 1799),
    ("17th century", "16XX", 1600, 1699),
    ("17th c.", "16XX", 1600, 1699),
    ("17. Jahrhundert", "16XX", 1600, 1699),
    ("17. Jh.", "16XX", 1600, 1699),
    ("19. Jh.", "18XX", 1800, 1899),
    ("XX. Jh.", "19XX", 1900, 1999),
    ("19e eeuw", "18XX", 1800, 1899),
    ("XIX век", "18XX", 1800, 1899),
    ("nineteenth century", "18XX", 1800, 1899),
    ("21st century", "20XX", 2000, 2099),
    ("Ottocento", "18XX", 1800, 1899),
    ("Novecento", "19XX", 1900, 1999),
    ("early 20th century", "1900/1935", 1900, 1935),
    ("début du XXe siècle", "1900/1935", 1900, 1935),
    ("frühes 20. Jh.", "1900/1935", 1900, 1935),
    ("primo Novecento", "1900/1935", 1900, 1935),
    ("principios del siglo XX", "1900/1935", 1900, 1935),
    ("begin 20e eeuw", "1900/1935", 1900, 1935),
    ("mid-19th century", "1830/1870", 1830, 1870),
    ("Metà XX secolo.", "1930/1970", 1930, 1970),
    ("Midden 20e eeuw.", "1930/1970", 1930, 1970),
    ("mediados del siglo XIX", "1830/1870", 1830, 1870),
    ("late 18th C", "1765/1799", 1765, 1799),
    ("fin du XIXe siècle", "1865/1899", 1865, 1899),
    ("fine Ottocento", "1865/1899", 1865, 1899),
    ("finales del siglo XIX", "1865/1899", 1865, 1899),
    ("Ende 19. Jh.", "1865/1899", 1865, 1899),
    ("first half of the 19th century", "1800/1849", 1800, 1849),
    ("première moitié du XIXe siècle", "1800/1849", 1800, 1849),
    ("zweite Hälfte des 18. Jh.", "1750/1799", 1750, 1799),
    ("seconda metà del XVIII secolo", "1750/1799", 1750, 1799),
    ("eerste helft van de 19e eeuw", "1800/1849", 1800, 1849),
    ("18th-19th century", "17XX/18XX", 1700, 1899),
    ("XVII-XVIII secolo", "16XX/17XX", 1600, 1799),
    ("17./18. Jh.", "16XX/17XX", 1600, 1799),
    ("late 19th - early 20th century", "1865/1935", 1865, 1935),
    ("2nd century BC", "-0199/-0100", -200, -101),
    ("IIe siècle av. J.-C.", "-0199/-0100", -200, -101),
    ("2. Jh. v. Chr.", "-0199/-0100", -200, -101),
    ("I secolo a.C.", "-0099/0000", -100, -1),
    ("150 BC", "-0149", -150, -150),
    ("500-450 BC", "-0499/-0449", -500, -450),
    ("3rd millennium BC", "-2999/-2000", -3000, -2001),
    ("1890s", "189X", 1890, 1899),
    ("the 1950s", "195X", 1950, 1959),
    ("c.1950s", "195X~", 1945, 1964),
    ("early 1960s", "1960/1963", 1960, 1963),
    ("late 1960s–early 1970s", "1966/1973", 1966, 1973),
    ("années 1970", "197X", 1970, 1979),
    ("anni '80", "198X", 1980, 1989),
    ("1970er Jahre", "197X", 1970, 1979),
    ("1900s", "19XX", 1900, 1999),
    ("12 March 1956", "1956-03-12", 1956, 1956),
    ("1956-03-12", "1956-03-12", 1956, 1956),
    ("Datation : débet du XIXe siècle.", "18XX", 1800, 1899),
    # named periods (bounds as listed in periods.py)
    ("Ming dynasty", "1368/1644", 1368, 1644),
    ("Ming-Dynastie", "1368/1644", 1368, 1644),
    ("dynastie des Ming", "1368/1644", 1368, 1644),
    ("династия Мин", "1368/1644", 1368, 1644),
    ("late Ming", "1547/1644", 1547, 1644),
    ("Qing dynasty, Kangxi period", "1662/1722", 1662, 1722),
    ("Qianlong seal mark and period", "1736/1795", 1736, 1795),
    ("Han dynasty", "-0205/0220", -206, 220),
    ("Ptolemaic Period", "-0331/-0029", -332, -30),
    ("époque ptolémaïque", "-0331/-0029", -332, -30),
    ("fin de l'époque d'Edo", "1775/1868", 1775, 1868),
    ("Edo period (1603-1868)", "1603/1868", 1603, 1868),
    ("Edo period (c. 1800)", "1800~", 1790, 1810),
    ("Roman Imperial period", "-0026/0476", -27, 476),
    ("Byzantine", "0330/1453", 330, 1453),
    ("Ottoman Empire", "1299/1922", 1299, 1922),
    ("mid-Victorian", "1856/1882", 1856, 1882),
    ("Moche culture", "0100/0700", 100, 700),
    ("Middle Kingdom", "-2054/-1649", -2055, -1650),
    ("mittleres Reich", "-2054/-1649", -2055, -1650),
]

UNREADABLE = [
    "foo",
    "not known",  # not said of the date
    "n.d. (c. 1900)",
    "Lot 432",
    "between 1750 and 1700",
    # made in the manner of a period, at any date; or bounds that depend on the region
    "Ming style",
    "Bronze Age",
    "Neolithic",
    "Late Period",
]


@pytest.mark.parametrize(("text", "edtf", "earliest", "latest"), CASES)
def test_reads_real_forms(text: str, edtf: str, earliest: int | None, latest: int | None) -> None:
    period = parse_date(text, today=TODAY)
    assert period.parsed, text
    assert (period.edtf, period.earliest, period.latest) == (edtf, earliest, latest)
    parse_edtf(period.edtf)  # raises on an invalid EDTF expression


@pytest.mark.parametrize("text", UNREADABLE)
def test_unreadable_text_is_not_parsed(text: str) -> None:
    assert parse_date(text, today=TODAY) == DatePeriod(None, None, None, False)


@pytest.mark.parametrize(
    "text",
    [
        "date not known",
        "Date not known.",
        "no date",
        "n.d.",
        "s.d.",
        "o.J.",
        "undatiert",
        "unbekannt",
        "sans date",
        "без даты",
    ],
)
def test_a_date_said_to_be_unknown_is_read_as_an_unknown_year(text: str) -> None:
    period = parse_date(text, today=TODAY)
    assert period == DatePeriod("XXXX", None, None, True)
    parse_edtf(period.edtf)
    assert format_period(period) == "date unknown"


def test_empty_input() -> None:
    assert parse_date(None) == DatePeriod(None, None, None, False)
    assert not parse_date("  ").parsed


def test_future_dates_are_kept_but_flagged() -> None:
    period = parse_date("2090", today=TODAY)
    assert period.parsed and period.earliest == 2090
    assert any("future" in problem for problem in period.problems)
    assert not parse_date("2024", today=TODAY).problems
    assert parse_date("2090", today=date(2100, 1, 1)).problems == ()


def test_periods_that_do_not_nest_are_reported() -> None:
    period = parse_date("Edo period, Ming dynasty", today=TODAY)
    assert (period.earliest, period.latest) == (1603, 1868)
    assert period.problems == ("periods that do not nest: only 'edo period' read",)


def test_ambiguous_forms_are_reported() -> None:
    assert parse_date("1900s").problems
    assert parse_date("débet du XIXe siècle").problems
    assert not parse_date("1890s").problems


@pytest.mark.parametrize(("year", "edtf"), [(1907, "1907"), (850, "0850"), (-1, "0000"), (-150, "-0149")])
def test_plain_years_become_astronomical_edtf_years(year: int, edtf: str) -> None:
    assert year_edtf(year) == edtf


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("c. 1650", "c. 1650"),
        ("XVIIe siècle", "17th century"),
        ("1785-1830", "1785–1830"),
        ("150 BC", "150 BC"),
        ("before 1700", "before 1700"),
        ("1890s", "1890s"),
        ("1796 or 1797", "1796 or 1797"),
        ("c.1770-80", "c. 1770–1780"),
        ("?1800", "1800?"),
    ],
)
def test_format_period(text: str, shown: str) -> None:
    assert format_period(parse_date(text, today=TODAY)) == shown


def test_format_of_unparsed_period_is_empty() -> None:
    assert format_period(parse_date("Lot 432")) == ""


@given(st.text(max_size=60))
def test_never_raises_and_bounds_are_ordered(text: str) -> None:
    period = parse_date(text, today=TODAY)
    if period.earliest is not None and period.latest is not None:
        assert period.earliest <= period.latest
    assert period.parsed == (period.edtf is not None)


_PIECES = st.sampled_from(
    ["c.", "circa", "?", "early", "late", "mid", "first half of the", "before", "after", ""]
)
_CORES = st.one_of(
    st.integers(1000, 2020).map(str),
    st.integers(1, 21).map(lambda n: f"{n}th century"),
    st.integers(100, 202).map(lambda n: f"{n}0s"),
    st.tuples(st.integers(1000, 1900), st.integers(0, 99)).map(lambda t: f"{t[0]}-{t[0] + t[1]}"),
    st.integers(1, 20).map(lambda n: f"{n}th-{n + 1}th century"),
    st.integers(100, 201).map(lambda n: f"{n}0s-{n + 1}0s"),
    st.integers(1, 30).map(lambda n: f"{n}th century BC"),
)


@given(_PIECES, _CORES, st.sampled_from(["", "?", " or later"]))
def test_generated_forms_give_valid_edtf(prefix: str, core: str, suffix: str) -> None:
    period = parse_date(f"{prefix} {core}{suffix}".strip(), today=TODAY)
    if period.parsed:
        assert period.edtf is not None
        parse_edtf(period.edtf)
        if period.earliest is not None and period.latest is not None:
            assert period.earliest <= period.latest


@given(
    st.sampled_from(["", "c.", "circa "]), st.integers(1000, 2020), st.one_of(st.none(), st.integers(0, 99))
)
def test_common_form_fast_path_agrees_with_general_reader(circa: str, year: int, extra: int | None) -> None:
    text = f"{circa}{year}" + (f"-{year + extra}" if extra is not None else "")
    period = parse_date(text, today=TODAY)
    span = _read(text)
    assert span is not None
    assert period.edtf == span.edtf

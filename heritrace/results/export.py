"""The results as CSV (one figure a row) and as the annual report PDF (fpdf2, bars drawn in the PDF)."""

from __future__ import annotations

import csv
import io
from datetime import date

from heritrace.cases.outputs import CasePdf
from heritrace.results.providers import FIGURES, MEDIANS

CSV_COLUMNS = ("year", "breakdown", "group", "figure", "value", "withheld")
DAYS_SHOWN = 31  # the page and the report show the last days of a breakdown by day (the CSV all of them)


def to_csv(figures: dict) -> str:
    """Rows of (year, breakdown, group, figure, value, withheld): the totals, the run of years, and
    the breakdowns by country and organisation type, and the providers' own breakdowns (by source,
    by day, by outcome: ``breakdown`` names them). A withheld value is empty with ``withheld`` 1."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    year = figures["year"]
    scope = ",".join(x for x in (figures.get("country"), figures.get("organisation_type")) if x) or "all"

    def row(y, breakdown, group, key, value) -> None:  # noqa: ANN001
        writer.writerow([y, breakdown, group, key, "" if value is None else value, int(value is None)])

    for key in (*FIGURES, *MEDIANS):
        if key in MEDIANS and figures.get(key) is None and key not in figures["suppressed"]:
            continue
        row(year, "total", scope, key, figures.get(key))
    for key, points in figures["by_year"].items():
        for y, value in points:
            row(y, "year", scope, key, value)
    for breakdown, name in (("by_country", "country"), ("by_organisation_type", "organisation_type")):
        for key, cells in figures[breakdown].items():
            for group, value in cells.items():
                row(year, name, group, key, value)
    for name, by_figure in figures.get("breakdowns", {}).items():  # a provider's own: source, day, ...
        for key, cells in by_figure.items():
            for group, value in cells.items():
                row(year, name, group, key, value)
    return out.getvalue()


def annual_report_pdf(figures: dict, today: date | None = None) -> bytes:
    """The annual report: the figures of the year with bars, the run of years, and the breakdowns."""
    pdf = CasePdf()
    pdf.add_page()
    year = figures["year"]
    pdf.put(f"Heritrace annual report {year}", 16, bold=True)
    scope = [f"country {figures['country']}"] if figures.get("country") else []
    if figures.get("organisation_type"):
        scope.append(f"organisation type {figures['organisation_type']}")
    audience = (
        f"public figures: counts from 1 to {figures['threshold'] - 1} narrowed to a country or an "
        "organisation type, or in a breakdown, are withheld (<5)"
        if figures["public"]
        else "figures for partners: nothing withheld"
    )
    generated = (today or date.today()).isoformat()
    pdf.put(
        f"Generated on {generated} - {', '.join(scope) or 'all partners'} - {audience}",
        8,
    )
    pdf.put("Results of the year", 12, bold=True)
    _bars(pdf, [(FIGURES[k], figures.get(k)) for k in FIGURES], figures["threshold"])
    for key, label in MEDIANS.items():
        value = figures.get(key)
        if value is not None:
            pdf.put(f"{label}: {value} (from {figures.get(key + '_from')} values)", 9)
    pdf.put(f"The last {len(figures['by_year']['returns'])} years", 12, bold=True)
    for key in ("returns", "recoveries", "seizures", "due_diligence_checks", "alerts", "meetings"):
        points = figures["by_year"][key]
        pdf.put(FIGURES[key], 9, bold=True)
        _bars(pdf, [(str(y), v) for y, v in points], figures["threshold"])
    for breakdown, title in (("by_country", "By country"), ("by_organisation_type", "By organisation type")):
        pdf.put(title, 12, bold=True)
        for key, cells in figures[breakdown].items():
            if cells:
                pdf.put(FIGURES.get(key, key), 9, bold=True)
                _bars(pdf, list(cells.items()), figures["threshold"])
    for name, by_figure in figures.get("breakdowns", {}).items():
        for key, cells in by_figure.items():
            if cells:
                pdf.put(f"{FIGURES.get(key, key)}, by {name}", 9, bold=True)
                _bars(pdf, list(cells.items())[-DAYS_SHOWN:], figures["threshold"])
    pdf.put(
        "Counts are aggregates over every record of the year, whatever its classification; no record, "
        "person or case is named. Returns: cases closed with a return dated in the year; the time to return "
        "counts from the first due-diligence hit, seizure or recovery of an object, or the case's opening.",
        8,
    )
    return bytes(pdf.output())


def _bars(pdf: CasePdf, rows: list[tuple[str, int | float | None]], threshold: int) -> None:
    top = max([v for _, v in rows if v] + [1])
    pdf.set_font(pdf.family_name, "", 8)
    for label, value in rows:
        if pdf.get_y() > 275:
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(70, 5, pdf._printable(str(label))[:48])
        width = 0.0 if value is None else 90 * value / top
        if value is None:
            pdf.set_draw_color(140, 140, 140)
            pdf.rect(pdf.l_margin + 72, y + 1, 90 * (threshold - 1) / max(top, threshold), 3.5)
        elif width:
            pdf.set_fill_color(74, 111, 165)
            pdf.rect(pdf.l_margin + 72, y + 1, width, 3.5, style="F")
        pdf.set_xy(pdf.l_margin + 74 + max(width, 8 if value is None else 0), y)
        pdf.cell(20, 5, f"<{threshold}" if value is None else f"{value:,}")
        pdf.ln(5)
    pdf.ln(2)

"""The results as CSV (one figure a row) and as the annual report PDF (fpdf2, bars drawn in the PDF)."""

from __future__ import annotations

import csv
import io
from datetime import date

from babel.numbers import format_decimal

from heritrace.core.i18n import N_, _, current_locale, pair
from heritrace.core.pdf import HeritracePdf
from heritrace.results import providers

CSV_COLUMNS = ("year", "breakdown", "group", "figure", "value", "withheld")
DAYS_SHOWN = 31  # the page and the report show the last days of a breakdown by day (the CSV all of them)
GROUP_TITLES = {  # a provider's own breakdowns, as the page and the report title them
    "source": N_("%(figure)s, by source"),
    "day": N_("%(figure)s, by day (the last 31 days with any)"),
    "outcome": N_("%(figure)s, by outcome"),
}
OTHER_GROUP = N_("%(figure)s, by %(group)s")


def group_title(breakdown: str, key: str) -> str:
    label = providers.figures().get(key, key)
    return _(GROUP_TITLES.get(breakdown, OTHER_GROUP), figure=_(label), group=breakdown)


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

    medians = providers.medians()
    for key in (*providers.figures(), *medians):
        if key in medians and figures.get(key) is None and key not in figures["suppressed"]:
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
    """The annual report, in the reader's language: the figures of the year with bars, the run of
    years, and the breakdowns."""
    pdf = HeritracePdf()
    pdf.add_page()
    year = figures["year"]
    pdf.put(_("Heritrace annual report %(year)s", year=year), 16, bold=True)
    scope = [pair(_("Country"), figures["country"])] if figures.get("country") else []
    if figures.get("organisation_type"):
        scope.append(pair(_("Organisation type"), figures["organisation_type"]))
    audience = (
        _(
            "Public figures: counts from 1 to %(n)s for a country, an organisation type or a cell of a "
            "breakdown are withheld (shown as %(t)s) so that no case can be singled out.",
            n=figures["threshold"] - 1,
            t=f"<{figures['threshold']}",
        )
        if figures["public"]
        else _("Figures for partners: nothing withheld.")
    )
    generated = (today or date.today()).isoformat()
    pdf.put(_("Generated on %(date)s by Heritrace", date=generated), 8)
    pdf.put(_("%(scope)s. %(audience)s", scope=", ".join(scope) or _("All partners"), audience=audience), 8)
    pdf.put(_("Results of the year"), 12, bold=True)
    labels = providers.figures()
    _bars(pdf, [(_(label), figures.get(k)) for k, label in labels.items()], figures["threshold"])
    for key, label in providers.medians().items():
        value = figures.get(key)
        if value is not None:
            shown = _("%(value)s (from %(count)s values)", value=value, count=figures.get(key + "_from"))
            pdf.put(pair(_(label), shown), 9)
    pdf.put(_("The last years"), 12, bold=True)
    for key in ("returns", "recoveries", "seizures", "due_diligence_checks", "alerts", "meetings"):
        points = figures["by_year"][key]
        pdf.put(_(labels[key]), 9, bold=True)
        _bars(pdf, [(str(y), v) for y, v in points], figures["threshold"])
    for breakdown, title in (
        ("by_country", _("By country")),
        ("by_organisation_type", _("By organisation type")),
    ):
        pdf.put(title, 12, bold=True)
        for key, cells in figures[breakdown].items():
            if cells:
                pdf.put(_(labels[key]) if key in labels else key, 9, bold=True)
                _bars(pdf, list(cells.items()), figures["threshold"])
    for name, by_figure in figures.get("breakdowns", {}).items():
        for key, cells in by_figure.items():
            if cells:
                pdf.put(group_title(name, key), 9, bold=True)
                _bars(pdf, list(cells.items())[-DAYS_SHOWN:], figures["threshold"])
    pdf.put(
        _(
            "Counts are aggregates over every record of the year, whatever its classification; no record, "
            "person or case is named. Returns: cases closed with a return dated in the year; the time to "
            "return counts from the first due-diligence hit, seizure or recovery of an object, or the "
            "case's opening."
        ),
        8,
    )
    return bytes(pdf.output())


def _bars(pdf: HeritracePdf, rows: list[tuple[str, int | float | None]], threshold: int) -> None:
    top = max([v for _, v in rows if v] + [1])
    pdf.style(8)
    for label, value in rows:
        if pdf.get_y() > 275:
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(70, 5, str(label)[:48], align=pdf.align)
        width = 0.0 if value is None else 90 * value / top
        if value is None:
            pdf.set_draw_color(140, 140, 140)
            pdf.rect(pdf.l_margin + 72, y + 1, 90 * (threshold - 1) / max(top, threshold), 3.5)
        elif width:
            pdf.set_fill_color(74, 111, 165)
            pdf.rect(pdf.l_margin + 72, y + 1, width, 3.5, style="F")
        pdf.set_xy(pdf.l_margin + 74 + max(width, 8 if value is None else 0), y)
        shown = f"<{threshold}" if value is None else format_decimal(value, locale=current_locale())
        pdf.cell(20, 5, shown)
        pdf.ln(5)
    pdf.ln(2)

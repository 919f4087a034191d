"""Calendar arithmetic for legal periods.

Convention (the usual civil-law rule, e.g. Regulation (EEC, Euratom) No 1182/71 Art. 3(2)(c) and
German BGB 188(2)-(3)): a period of years or months starting on an event ends on the day of the last
month that carries the same number as the event day; when that day does not exist in the last month
(29 February in a common year, 31st in a 30-day month), the period ends on the last day of that month.
The due date is the last day on which the act is still in time (inclusive).
"""

from __future__ import annotations

import calendar
from datetime import date

from heritrace.core.i18n import _, ngettext


def add_months(start: date, months: int) -> date:
    """Return the day ``months`` calendar months after (or before, if negative) ``start``.

    A day that does not exist in the target month is clamped to that month's last day.
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))


def add_years(start: date, years: int) -> date:
    """Return the day ``years`` years after ``start``; 29 February falls on 28 February in common years."""
    return add_months(start, 12 * years)


def shift(start: date, length: dict[str, int], sign: int = 1) -> date:
    """Apply a length such as ``{"years": 3}`` or ``{"months": 6}`` forwards (sign=1) or backwards (-1)."""
    months = length.get("years", 0) * 12 + length.get("months", 0)
    return add_months(start, sign * months)


def describe_length(length: dict[str, int]) -> str:
    """Human wording of a length, e.g. ``3 years`` or ``6 months``."""
    years, months = length.get("years", 0), length.get("months", 0)
    in_years = ngettext("%(num)s year", "%(num)s years", years)
    in_months = ngettext("%(num)s month", "%(num)s months", months)
    if years and months:
        return _("%(years)s and %(months)s", years=in_years, months=in_months)
    return in_years if years else in_months if months else _("no time")

"""Structured values read from free text on input: measurements, dates/periods, countries.

Parsers are pure and never raise; text they cannot read comes back with ``parsed=False`` (or
``None`` for countries) so the caller keeps the text and flags it.
"""

from heritrace.objects.parsing.countries import parse_country
from heritrace.objects.parsing.dates import DatePeriod, find_date_in, format_period, parse_date
from heritrace.objects.parsing.measurements import Measurements, format_measurements, parse_measurements

__all__ = [
    "DatePeriod",
    "find_date_in",
    "Measurements",
    "format_measurements",
    "format_period",
    "parse_country",
    "parse_date",
    "parse_measurements",
]

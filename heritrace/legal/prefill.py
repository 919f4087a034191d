"""Links to the import and export checks, filled in with what a record, case or check already says.

The age given is the youngest the record's dating allows (its latest year): the check then answers for
the youngest possible object and the page shows the figure so the user can correct it."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode


def check_links(country: str | None, latest_year: int | None, today: date | None = None) -> dict[str, str]:
    """``{"import": url, "export": url}`` with the country of origin and the minimum age filled in."""
    year = (today or date.today()).year
    age = str(year - latest_year) if latest_year is not None and latest_year < year else None
    origin = country.upper() if country and len(country) == 2 else None
    import_query = {
        k: v for k, v in {"country_of_creation_or_discovery": origin, "age_years": age}.items() if v
    }
    export_query = {k: v for k, v in {"age_years": age}.items() if v}
    return {
        "import": "/legal/eu-import" + (f"?{urlencode(import_query)}" if import_query else ""),
        "export": "/legal/eu-export" + (f"?{urlencode(export_query)}" if export_query else ""),
    }

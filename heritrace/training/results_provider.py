"""Training figures for the results page (``heritrace.training.stats``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from heritrace.core.i18n import N_
from heritrace.results.providers import scoped
from heritrace.training.stats import training_results


@scoped(
    "training",
    order=60,
    figures={"trainings": N_("trainings delivered"), "people_trained": N_("people trained")},
)
def training_figures(s: Session, year: int, country: str | None, org_type: str | None) -> dict:
    """Trainings delivered and people trained (``heritrace.training.stats``), with its own breakdowns
    by country and organisation type."""
    return training_results(s, year, country=country, org_type=org_type)

"""Consultation figures for the results page: consultations asked and the experts' response times."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from heritrace.consultations.models import Consultation, ConsultationExpert
from heritrace.core.i18n import N_
from heritrace.results.providers import Contribution, by_organisation, grouped, year_bounds


@by_organisation(
    "consultations",
    order=50,
    figures={"consultations": N_("expert consultations")},
    medians={"median_response_hours": N_("median hours to an expert's first answer")},
)
def consultation_results(s: Session, year: int) -> Contribution:
    """Consultations asked in the year (the asking organisation) and the experts' first answers to
    them (the expert organisation)."""
    start, end = year_bounds(year)
    asked = (
        select(Consultation.organisation_id, func.count())
        .where(Consultation.created_at >= start, Consultation.created_at < end)
        .group_by(Consultation.organisation_id)
    )
    answers = s.execute(
        select(ConsultationExpert.organisation_id, ConsultationExpert.response_seconds)
        .join(Consultation, Consultation.id == ConsultationExpert.consultation_id)
        .where(
            Consultation.created_at >= start,
            Consultation.created_at < end,
            ConsultationExpert.response_seconds.is_not(None),
        )
    ).all()
    hours = [(org, round(sec / 3600, 2)) for org, sec in answers]
    return Contribution({"consultations": grouped(s, asked)}, {"median_response_hours": hours})

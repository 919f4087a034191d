"""Training figures for the results page (``heritrace.results``): ``training_results``.

Meaning of the figures, for one calendar year (UTC):
- ``trainings``: training events *held* in the year: events not cancelled that started in the year,
  before now (a future event of the current year is not counted yet). Courses are self-paced and are
  not counted as trainings; the people who complete them are counted in ``people_trained``.
- ``people_trained``: distinct people who, in the year, completed a course (every module done and the
  pass mark reached) or were recorded as having attended a training event held in the year. A person
  is their user account, or, for an attendee registered without an account, their e-mail address;
  someone who both completed a course and attended an event counts once.
- ``by_country`` / ``by_organisation_type``: ``people_trained`` split by the country and the kind of
  the person's organisation (``unknown`` without one), and ``trainings`` split by the event's country.

``country`` (ISO 3166-1 alpha-2) and ``org_type`` (an organisation kind) filter both figures: people by
their organisation, events by the event's country and the organising organisation's kind.
No access rule applies here: the results layer decides what each reader may see (small counts).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from heritrace.db.base import utcnow
from heritrace.partners.models import Organisation
from heritrace.training.models import CourseProgress, EventRegistration, TrainingEvent


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1), datetime(year + 1, 1, 1)


def training_results(
    session: Session, year: int, country: str | None = None, org_type: str | None = None
) -> dict:
    start, end = _year_bounds(year)
    end = min(end, utcnow())
    country = country.upper() if country else None
    orgs = {
        o.id: (o.country or "unknown", o.kind or "unknown") for o in session.scalars(select(Organisation))
    }

    def org_ok(org_id: int | None) -> bool:
        c, k = orgs.get(org_id, ("unknown", "unknown")) if org_id is not None else ("unknown", "unknown")
        return (country is None or c == country) and (org_type is None or k == org_type)

    held = session.execute(
        select(TrainingEvent.id, TrainingEvent.country, TrainingEvent.organisation_id).where(
            TrainingEvent.cancelled.is_(False),
            TrainingEvent.starts_at >= start,
            TrainingEvent.starts_at < end,
        )
    ).all()
    events = [
        (eid, ecountry)
        for eid, ecountry, org_id in held
        if (country is None or (ecountry or "").upper() == country)
        and (org_type is None or orgs.get(org_id, ("", ""))[1] == org_type)
    ]
    trainings_by_country: dict[str, int] = {}
    for _, ecountry in events:
        trainings_by_country[ecountry or "unknown"] = trainings_by_country.get(ecountry or "unknown", 0) + 1

    people: dict[str, int | None] = {}  # person key -> organisation
    completed = session.execute(
        select(CourseProgress.user_id, CourseProgress.organisation_id).where(
            CourseProgress.completed_at >= start, CourseProgress.completed_at < end
        )
    ).all()
    for user_id, org_id in completed:
        people[f"user:{user_id}"] = org_id
    held_ids = [eid for eid, _, _ in held]
    if held_ids:
        attended = session.execute(
            select(
                EventRegistration.user_id, EventRegistration.email, EventRegistration.organisation_id
            ).where(and_(EventRegistration.event_id.in_(held_ids), EventRegistration.attended.is_(True)))
        ).all()
        for user_id, email, org_id in attended:
            people.setdefault(f"user:{user_id}" if user_id is not None else f"email:{email.lower()}", org_id)
    trained = {k: o for k, o in people.items() if org_ok(o)}
    by_country: dict[str, int] = {}
    by_type: dict[str, int] = {}
    for org_id in trained.values():
        c, k = orgs.get(org_id, ("unknown", "unknown")) if org_id is not None else ("unknown", "unknown")
        by_country[c] = by_country.get(c, 0) + 1
        by_type[k] = by_type.get(k, 0) + 1
    return {
        "trainings": len(events),
        "people_trained": len(trained),
        "by_country": {"people_trained": by_country, "trainings": trainings_by_country},
        "by_organisation_type": {"people_trained": by_type},
    }

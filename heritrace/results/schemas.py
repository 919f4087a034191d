"""Output shape of the results API: the integer figures of a year (``None`` where withheld from the
public), medians, the run of years and the breakdowns."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

Point = list[int | None]  # [year, count]: the count None where withheld


class ResultsOut(BaseModel):
    # figures of a provider registered later than this schema's fields reach the answer too
    model_config = ConfigDict(extra="allow")
    year: int
    country: str | None
    organisation_type: str | None
    public: bool = Field(description="true: public aggregates, small counts withheld")
    threshold: int = Field(description="counts from 1 to threshold - 1 are withheld from the public")
    returns: int | None
    objects_returned: int | None
    recoveries: int | None
    seizures: int | None
    due_diligence_checks: int | None
    due_diligence_hits: int | None
    alerts: int | None
    alerts_acknowledged: int | None
    consultations: int | None
    trainings: int | None
    people_trained: int | None
    meetings: int | None
    actions_open: int | None
    actions_done: int | None
    market_listings_seen: int | None = None
    market_hits: int | None = None
    market_escalations: int | None = None
    market_dismissals: int | None = None
    median_days_to_return: float | None
    median_days_to_return_from: int | None
    median_response_hours: float | None
    median_response_hours_from: int | None
    suppressed: list[str] = Field(description="figures withheld from the public as small counts")
    by_year: dict[str, list[Point]]
    by_country: dict[str, dict[str, int | None]]
    by_organisation_type: dict[str, dict[str, int | None]]
    breakdowns: dict[str, dict[str, dict[str, int | None]]] = Field(
        default_factory=dict,
        description="a provider's own breakdowns (source, day, outcome): breakdown -> figure -> group -> "
        "count; only when the figures are not narrowed to a country or an organisation type",
    )

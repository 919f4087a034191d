"""Input shapes of training: courses, modules, questions, answers, events, registrations, evaluations."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from heritrace.access.policy import CLASSIFICATIONS
from heritrace.library.models import AUDIENCES, LANGUAGES
from heritrace.training.models import EVENT_KINDS

Audience = Literal[tuple(AUDIENCES)]  # type: ignore[valid-type]
Classification = Literal[CLASSIFICATIONS]  # type: ignore[valid-type]
Language = Literal[LANGUAGES]  # type: ignore[valid-type]
EventKind = Literal[tuple(EVENT_KINDS)]  # type: ignore[valid-type]
Title = Annotated[str, StringConstraints(min_length=3, max_length=300, strip_whitespace=True)]
Url = Annotated[str, StringConstraints(max_length=500, pattern=r"^https?://\S+$", strip_whitespace=True)]
Email = Annotated[
    str, StringConstraints(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", strip_whitespace=True)
]
Score = Annotated[int, Field(ge=1, le=5)]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CourseIn(StrictModel):
    title: Title
    summary: str = Field(default="", max_length=5000)
    language: Language = "en"
    audiences: list[Audience] = Field(min_length=1, max_length=len(AUDIENCES))
    classification: Classification = "partners"
    pass_mark: int = Field(default=70, ge=1, le=100)


class ModuleIn(StrictModel):
    title: Title
    body: str = Field(default="", max_length=100_000)
    link: Url | None = None


class QuestionIn(StrictModel):
    """``choice``: ``choices`` and the index ``answer``. ``identification``: ``object_id`` of a register
    record the course's audience may read (its first photo is shown unless a listing text is given), or
    ``not_registered`` with a ``listing_text`` (and, through the upload, a photo) of an object that is not."""

    kind: Literal["choice", "identification"]
    prompt: Annotated[str, StringConstraints(min_length=3, max_length=5000, strip_whitespace=True)]
    choices: list[Annotated[str, StringConstraints(min_length=1, max_length=500)]] = Field(
        default_factory=list, max_length=10
    )
    answer: int | None = Field(default=None, ge=0, le=9)
    object_id: (
        Annotated[str, StringConstraints(min_length=1, max_length=120, strip_whitespace=True)] | None
    ) = None
    not_registered: bool = False
    listing_text: str | None = Field(default=None, max_length=10_000)
    points: int = Field(default=1, ge=1, le=10)

    @model_validator(mode="after")
    def _consistent(self) -> QuestionIn:
        if self.kind == "choice":
            if len(self.choices) < 2:
                raise ValueError("a multiple-choice question needs at least two choices")
            if self.answer is None or self.answer >= len(self.choices):
                raise ValueError("answer must be the index of one of the choices")
        elif self.not_registered == bool(self.object_id):
            raise ValueError("an identification exercise names a register record or is 'not registered'")
        return self


class DrawIn(StrictModel):
    count: int = Field(default=3, ge=1, le=20)
    prompt: str = Field(default="Which register record shows this object?", max_length=500)


class AnswersIn(StrictModel):
    """Answers by question id: the choice index (as text) or the register id / ``not_registered``."""

    answers: dict[str, Annotated[str, StringConstraints(max_length=120, strip_whitespace=True)]] = Field(
        max_length=200
    )


class EventIn(StrictModel):
    kind: EventKind
    title: Title
    description: str = Field(default="", max_length=20_000)
    starts_at: datetime
    ends_at: datetime
    place: str | None = Field(default=None, max_length=300)
    online_link: Url | None = None
    trainers: list[Annotated[str, StringConstraints(min_length=2, max_length=120)]] = Field(
        default_factory=list, max_length=20
    )
    seats: int = Field(ge=1, le=10_000)
    country: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$", to_upper=True)] | None = None
    classification: Classification = "partners"
    course_id: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _consistent(self) -> EventIn:
        if self.ends_at <= self.starts_at:
            raise ValueError("the event must end after it starts")
        if not (self.place or self.online_link):
            raise ValueError("give a place or an online link")
        return self


class RegistrationIn(StrictModel):
    name: Annotated[str, StringConstraints(min_length=2, max_length=200, strip_whitespace=True)]
    email: Email
    username: str | None = Field(
        default=None, max_length=80, description="the participant's account, of the registering organisation"
    )


class DecisionIn(StrictModel):
    approve: bool


class AttendanceIn(StrictModel):
    attended: bool


class EvaluationIn(StrictModel):
    rating: Score
    usefulness: Score
    comments: str = Field(default="", max_length=5000)

"""The schema of a question script: YAML files under prompts/checkins are validated against it."""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from alignment.dimensions import Dimension
from alignment.prompt_files import check_template

IDENT = r"^[a-z][a-z0-9_]*$"
PLACEHOLDERS = frozenset({"n", "item"})
"""What the engine fills into question texts and hints: the pass number and the item's title."""
KeepCurrent = Literal["vision", "mission", "values"]
"""The parts of the strategy a question can offer to keep as they are."""


def _fillable(text: str) -> str:
    """Refuse, at load time, a placeholder the engine would fail to fill in front of a person."""
    check_template(text, PLACEHOLDERS)
    return text


Template = Annotated[str, AfterValidator(_fillable)]


class QuestionType(StrEnum):
    """How an answer is given and validated."""

    TEXT = "text"
    LIKERT5 = "likert5"
    CHOICE = "choice"
    MULTI = "multi"
    NUMBER = "number"
    DATE = "date"
    TIMEZONE = "timezone"


class ReviewKind(StrEnum):
    """Which deterministic reviewer looks at an answer before the owner keeps it."""

    VISION = "vision"
    MISSION = "mission"
    VALUES = "values"
    GOAL = "goal"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """A button: the stored value and the label the user sees."""

    value: str = Field(pattern=r"^[A-Za-z0-9_+/-]{1,40}$")
    label: str = Field(min_length=1, max_length=64)


class Question(_Strict):
    """One question of a script; limits live here so rewording never needs code."""

    id: str = Field(pattern=IDENT)
    text: Template = Field(min_length=1)
    type: QuestionType
    hint: Template | None = None
    options: tuple[Option, ...] = ()
    options_from: Literal["recall"] | None = None
    allow_other: bool = False
    optional: bool = False
    dimension: Dimension | None = None
    reverse: bool = False
    pair: str | None = Field(default=None, pattern=IDENT)
    min_length: int = Field(default=1, ge=1)
    max_length: int = Field(default=1000, ge=1, le=3500)
    min_items: int | None = Field(default=None, ge=1)
    max_items: int | None = Field(default=None, ge=1)
    min: float | None = None
    max: float | None = None
    integer: bool = False
    allow_percent: bool = False
    needs_number: bool = False
    """A text answer must hold a number (a goal's target), so arriving can be checked."""
    future: bool = False
    max_years: int | None = Field(default=None, ge=1)
    """A date answer at most this many years after today (a goal's deadline)."""
    review: ReviewKind | None = None
    keep_current: KeepCurrent | None = None
    brief: bool = False
    """Asked in the short first run of the script too (the self-check during onboarding)."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        kind = self.type
        if kind in (QuestionType.CHOICE, QuestionType.MULTI) and not (
            self.options or self.options_from
        ):
            raise ValueError(f"a {kind} question needs options")
        if self.options_from is not None and (kind is not QuestionType.CHOICE or self.options):
            raise ValueError("options_from is for choice questions without fixed options")
        if kind in (QuestionType.LIKERT5, QuestionType.TEXT, QuestionType.DATE) and self.options:
            raise ValueError(f"a {kind} question takes no options")
        if kind is QuestionType.LIKERT5 and self.dimension is None:
            raise ValueError("a likert5 question needs a dimension")
        if self.reverse and kind is not QuestionType.LIKERT5:
            raise ValueError("only likert5 questions can be reverse-worded")
        if self.allow_other and kind is not QuestionType.CHOICE:
            raise ValueError("allow_other only applies to choice questions")
        if self.review is not None and kind is not QuestionType.TEXT:
            raise ValueError("only text answers can be reviewed")
        if self.needs_number and kind is not QuestionType.TEXT:
            raise ValueError("needs_number applies to text questions")
        if self.max_years is not None and kind is not QuestionType.DATE:
            raise ValueError("max_years applies to date questions")
        self._check_keep_current()
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        if (self.min_items or self.max_items) and kind not in (
            QuestionType.TEXT,
            QuestionType.MULTI,
        ):
            raise ValueError("min_items/max_items apply to text lists and multi questions")
        if self.min_length > self.max_length:
            raise ValueError("min_length is greater than max_length")
        values = [o.value for o in self.options]
        if len(set(values)) != len(values):
            raise ValueError("option values must be unique")
        return self

    def _check_keep_current(self) -> None:
        """The kept value is stored as the answer, so its shape must be the question's."""
        if self.keep_current is None:
            return
        if self.type is not QuestionType.TEXT:
            raise ValueError("keep_current only applies to text questions")
        wants_list = self.keep_current == "values"
        if wants_list != self.is_list:
            needs = "a list (max_items)" if wants_list else "a single answer (no max_items)"
            raise ValueError(f"keep_current: {self.keep_current} needs {needs}")

    @property
    def is_list(self) -> bool:
        """A text answer split into items (core values, for example)."""
        return self.type is QuestionType.TEXT and self.max_items is not None


class Repeat(_Strict):
    """Ask the whole script several times: a fixed count, or once per item (for example per goal)."""

    min: int = Field(default=1, ge=1)
    max: int = Field(default=1, ge=1, le=10)
    more_prompt: Template | None = None
    more_yes: str = Field(default="", max_length=40)
    more_no: str = Field(default="", max_length=40)
    for_each: str | None = Field(default=None, pattern=IDENT)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        counted = self.for_each is None and self.max > self.min
        if counted and not (self.more_prompt and self.more_yes and self.more_no):
            raise ValueError("a counted repeat needs more_prompt, more_yes and more_no")
        if self.min > self.max:
            raise ValueError("min is greater than max")
        return self


class Script(_Strict):
    """A check-in: an ordered list of questions with an introduction and a closing line."""

    id: str = Field(pattern=IDENT)
    title: str
    intro: str
    brief_intro: str | None = None
    """The introduction of a shorter run: the first run when some questions are marked brief,
    or a pulse round that asks only some questions (``only``)."""
    outro: str
    questions: tuple[Question, ...] = Field(min_length=1)
    repeat: Repeat | None = None
    back: bool = False

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        ids = [q.id for q in self.questions]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate question ids: {', '.join(duplicates)}")
        return self

    @property
    def has_brief(self) -> bool:
        """Whether the first run asks only the questions marked brief."""
        return any(q.brief for q in self.questions)

    def brief(self) -> Script:
        """A copy with only the brief questions, for a first run that must stay short."""
        questions = tuple(q for q in self.questions if q.brief)
        return self.model_copy(
            update={"questions": questions, "intro": self.brief_intro or self.intro}
        )

    def only(self, ids: Collection[str]) -> Script:
        """A copy asking only the questions with these ids, in the script's order."""
        questions = tuple(q for q in self.questions if q.id in ids)
        return self.model_copy(
            update={"questions": questions, "intro": self.brief_intro or self.intro}
        )

    def with_options(self, source: str, options: tuple[Option, ...]) -> Script:
        """A copy with run-time options filled into the questions that take them from source."""
        questions = tuple(
            q.model_copy(update={"options": options}) if q.options_from == source else q
            for q in self.questions
        )
        return self.model_copy(update={"questions": questions})

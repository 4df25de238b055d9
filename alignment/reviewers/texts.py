"""Schema and loader for prompts/reviews.yaml, so every word the reviewers use is data.

Each criterion declares which str.format placeholders its templates may use; the loader rejects
anything else, so a typo in the YAML fails at start-up instead of in front of an owner.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Annotated, ClassVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PositiveInt,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
WordList = Annotated[list[Text], Field(min_length=1)]


class _Strict(BaseModel):
    """Base for every section: unknown keys are errors, loaded texts never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _placeholders(template: str) -> set[str]:
    """Names used as {name} in a template; format specs and conversions are refused."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(f"broken braces ({exc})") from exc
    names = set()
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"write {{{name}}} plainly, without format spec or conversion")
        names.add(name)
    return names


class CriterionTexts(_Strict):
    """Words for one criterion: its label, the note when it passes, and its coaching question.

    Subclasses add one note per way the criterion can fail and list the placeholders the
    reviewer fills in for that criterion.
    """

    placeholders: ClassVar[frozenset[str]] = frozenset()

    label: Text
    passed: Text
    question: Text

    @field_validator("*")
    @classmethod
    def _known_placeholders(cls, value: str, info: ValidationInfo) -> str:
        """Only placeholders the reviewer actually fills may appear; labels take none."""
        allowed = frozenset() if info.field_name == "label" else cls.placeholders
        unknown = _placeholders(value) - allowed
        if unknown:
            names = ", ".join(f"{{{name}}}" for name in sorted(unknown))
            usable = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "none"
            raise ValueError(f"unknown placeholder {names}; usable here: {usable}")
        return value


class ConcreteTexts(CriterionTexts):
    """Does the vision name something observable?"""

    placeholders = frozenset({"found", "buzzwords"})
    abstract: Text
    buzzwords: Text


class HorizonTexts(CriterionTexts):
    """Does the vision say by when?"""

    placeholders = frozenset({"year", "min_years", "max_years"})
    missing: Text
    too_near: Text
    too_far: Text


class MemorableTexts(CriterionTexts):
    """Is the statement short enough to repeat from memory?"""

    placeholders = frozenset({"words", "sentences", "max_words", "max_sentences"})
    empty: Text
    too_long: Text
    too_many_sentences: Text


class FoundTexts(CriterionTexts):
    """A criterion met by spotting a marker phrase (mission: for whom, why)."""

    placeholders = frozenset({"found"})
    missing: Text


class CountTexts(CriterionTexts):
    """Are there few enough values to remember, and enough to guide?"""

    placeholders = frozenset({"count", "min", "max"})
    too_few: Text
    too_many: Text


class DistinctTexts(CriterionTexts):
    """Is every value listed once?"""

    placeholders = frozenset({"repeated"})
    repeated: Text


class BehaviouralTexts(CriterionTexts):
    """Do the values describe behaviour rather than poster words?"""

    placeholders = frozenset({"generic", "value"})
    generic: Text


class SpecificTexts(CriterionTexts):
    """Does the goal title say what will change?"""

    placeholders = frozenset({"words", "vague"})
    too_short: Text
    vague: Text


class MeasurableTexts(CriterionTexts):
    """Is there a metric and a numeric target?"""

    placeholders = frozenset({"metric", "target"})
    no_metric: Text
    no_number: Text


class AchievableTexts(CriterionTexts):
    """Does the owner believe in the goal?"""

    placeholders = frozenset({"confidence", "enough"})
    stretch: Text
    too_low: Text


class RelevantTexts(CriterionTexts):
    """Does the goal serve the vision?"""

    placeholders = frozenset({"shared"})
    no_vision: Text
    no_serves: Text
    no_overlap: Text


class TimeBoundTexts(CriterionTexts):
    """Is there a deadline that creates urgency without being vision territory?"""

    placeholders = frozenset({"deadline", "max_years"})
    past: Text
    too_far: Text


class VisionTexts(_Strict):
    """Words for the vision review."""

    stretch_question: Text
    concrete: ConcreteTexts
    time_horizon: HorizonTexts
    memorable: MemorableTexts


class MissionTexts(_Strict):
    """Words for the mission review."""

    stretch_question: Text
    for_whom: FoundTexts
    why: FoundTexts
    memorable: MemorableTexts


class ValuesTexts(_Strict):
    """Words for the values review."""

    stretch_question: Text
    count: CountTexts
    distinct: DistinctTexts
    behavioural: BehaviouralTexts


class GoalTexts(_Strict):
    """Words for the SMART goal review."""

    stretch_question: Text
    specific: SpecificTexts
    measurable: MeasurableTexts
    achievable: AchievableTexts
    relevant: RelevantTexts
    time_bound: TimeBoundTexts


class HorizonWords(_Strict):
    """Phrases that turn "within the next 5 years" into a number of years."""

    prefixes: WordList
    fillers: WordList
    range_words: WordList
    unit_months: Annotated[dict[Text, PositiveInt], Field(min_length=1)]


class WordLists(_Strict):
    """Vocabularies the heuristics match against, kept here so code stays language-neutral."""

    stem_suffixes: WordList
    stop_words: WordList
    buzzwords: WordList
    vague_words: WordList
    generic_values: WordList
    audience: WordList
    places: WordList
    scale: WordList
    purpose: WordList
    number_words: Annotated[dict[Text, PositiveInt], Field(min_length=1)]
    horizon: HorizonWords


class ReviewTexts(_Strict):
    """Everything in prompts/reviews.yaml."""

    vision: VisionTexts
    mission: MissionTexts
    values: ValuesTexts
    goal: GoalTexts
    words: WordLists


def load_review_texts(path: Path) -> ReviewTexts:
    """Read and validate the reviewers' words, naming the file and field when something is off."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML ({exc})") from exc
    try:
        return ReviewTexts.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '(top level)'}: {error['msg']}"
            for error in exc.errors()
        )
        raise ValueError(f"{path}: {problems}") from exc

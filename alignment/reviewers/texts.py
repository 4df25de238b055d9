"""Schema and loader for prompts/reviews.yaml, so every word the reviewers use is data.

Each criterion declares which str.format placeholders its templates may use; the loader rejects
anything else, so a typo in the YAML fails at start-up instead of in front of an owner.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PositiveInt,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from alignment.prompt_files import check_template, load_yaml

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
WordList = Annotated[list[Text], Field(min_length=1)]


class _Strict(BaseModel):
    """Base for every section: unknown keys are errors, loaded texts never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


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
        check_template(value, frozenset() if info.field_name == "label" else cls.placeholders)
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


class OutcomeTexts(CriterionTexts):
    """Does the goal name a result, or only something the team will do?"""

    placeholders = frozenset({"activity", "title"})
    activity: Text


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

    moving_on: Text
    concrete: ConcreteTexts
    time_horizon: HorizonTexts
    memorable: MemorableTexts


class MissionTexts(_Strict):
    """Words for the mission review."""

    moving_on: Text
    for_whom: FoundTexts
    why: FoundTexts
    memorable: MemorableTexts


class ValuesTexts(_Strict):
    """Words for the values review."""

    moving_on: Text
    count: CountTexts
    distinct: DistinctTexts
    behavioural: BehaviouralTexts


class GoalTexts(_Strict):
    """Words for the SMART goal review."""

    moving_on: Text
    outcome: OutcomeTexts
    specific: SpecificTexts
    measurable: MeasurableTexts
    achievable: AchievableTexts
    relevant: RelevantTexts
    time_bound: TimeBoundTexts


class AdviceTexts(_Strict):
    """Templates of the offline rewrite in one language; each names the placeholders it needs.

    A template must use every placeholder it is given, so the owner's own words are never
    dropped by an edit of the YAML.
    """

    needs: ClassVar[dict[str, frozenset[str]]] = {
        "horizon": frozenset({"text", "year"}),
        "horizon_phrase": frozenset({"year"}),
        "anchor": frozenset({"text"}),
        "for_whom": frozenset({"text"}),
        "why": frozenset({"text"}),
        "activity": frozenset({"title"}),
        "measured": frozenset({"title", "metric", "target", "deadline"}),
    }

    vague: Text
    horizon: Text
    horizon_phrase: Text
    anchor: Text
    for_whom: Text
    why: Text
    activity: Text
    measured: Text
    metric: Text
    target: Text
    deadline: Text

    @field_validator("*")
    @classmethod
    def _placeholders(cls, value: str, info: ValidationInfo) -> str:
        """Exactly the placeholders the rewrite fills; the fill-ins (``vague``, ...) take none."""
        needed = cls.needs.get(info.field_name or "", frozenset())
        check_template(value, needed, needed)
        return value


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
    activities: WordList
    outcomes: WordList
    english: WordList
    other_languages: Annotated[dict[Text, WordList], Field(min_length=1)]


class ReviewTexts(_Strict):
    """Everything in prompts/reviews.yaml."""

    vision: VisionTexts
    mission: MissionTexts
    values: ValuesTexts
    goal: GoalTexts
    advice: Annotated[dict[Text, AdviceTexts], Field(min_length=1)]
    """Rewrite templates by language name (``english`` at least, see language.py)."""
    words: WordLists

    @field_validator("advice")
    @classmethod
    def _has_english(cls, value: dict[str, AdviceTexts]) -> dict[str, AdviceTexts]:
        """English is the fallback for any language without templates of its own."""
        if "english" not in value:
            raise ValueError("needs templates for english")
        return value


def load_review_texts(path: Path) -> ReviewTexts:
    """Read and validate the reviewers' words, naming the file and field when something is off."""
    return load_yaml(path, ReviewTexts)

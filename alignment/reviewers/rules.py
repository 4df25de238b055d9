"""The reviewers' front door: built once from the YAML, one method per thing an owner writes.

The per-kind rules and their thresholds live in vision.py, mission.py, values.py and goal.py;
this class only binds them to the loaded words so callers need a single object.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from alignment.reviewers import mission, vision
from alignment.reviewers.advice import Advice, Advisor, GoalKind
from alignment.reviewers.goal import review_goal
from alignment.reviewers.lexicon import Lexicon
from alignment.reviewers.mission import review_mission
from alignment.reviewers.model import GoalDraft, Review
from alignment.reviewers.texts import ReviewTexts
from alignment.reviewers.values import review_values
from alignment.reviewers.vision import review_vision


class Reviewers:
    """Immediate, offline coaching feedback; every method is a pure function of its inputs."""

    def __init__(self, texts: ReviewTexts) -> None:
        """Stem the word lists once; reviews then cost a few set look-ups."""
        self._texts = texts
        self._lexicon = Lexicon(texts.words)
        self._advisor = Advisor(self._lexicon, texts.advice)

    def reads(self, text: str) -> bool:
        """Whether the reviewers understand the language of the text (English only for now)."""
        return self._lexicon.is_english(text)

    def review_vision(self, text: str, today: date) -> Review:
        """Concrete, time horizon, memorable."""
        return review_vision(self._texts.vision, self._lexicon, text, today)

    def review_mission(self, text: str) -> Review:
        """For whom, why, memorable."""
        return review_mission(self._texts.mission, self._lexicon, text)

    def review_values(self, values: Sequence[str]) -> Review:
        """Count, distinct, behavioural."""
        return review_values(self._texts.values, self._lexicon, values)

    def review_goal(self, goal: GoalDraft, vision: str | None, today: date) -> Review:
        """Specific, measurable, achievable, relevant, time-bound."""
        return review_goal(self._texts.goal, self._lexicon, goal, vision, today)

    def advise_vision(self, review: Review, text: str, today: date) -> Advice:
        """A rewrite of the vision in the owner's words, fixing what the review found."""
        return self._advisor.text(review, text, today, vision.MAX_WORDS)

    def advise_mission(self, review: Review, text: str, today: date) -> Advice:
        """A rewrite of the mission in the owner's words, fixing what the review found."""
        return self._advisor.text(review, text, today, mission.MAX_WORDS)

    def advise_goal(self, review: Review, goal: GoalDraft) -> Advice:
        """Outcome or activity, and a new title when the title, measure or date fell short."""
        return self._advisor.goal(review, goal)

    def goal_kind(self, goal: GoalDraft) -> GoalKind:
        """Whether the goal names a result for the business or work the team will do."""
        return self._advisor.kind(goal)

"""Review advice: a suggested rewrite (and a goal's kind) from the model, or offline.

The checks shown to the owner stay the offline reviewers' (instant and always the same); the
model only improves the suggestion. It sees the answer being reviewed, the current year and
the names of the checks that failed, for a goal also the vision, and never anything about the
person. Any failure (None from the model, or an empty rewrite) gives the offline advice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from alignment.coach.language_model import OFFLINE, LanguageModel
from alignment.questionnaire import ReviewKind
from alignment.reviewers import Advice, GoalDraft, GoalKind, Review, Reviewers

MAX_NOTE = 300
MAX_REWRITE = 400
"""Longer output fails validation and falls back; the answer's own limit is checked later."""


class _Output(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ModelVerdict(_Output):
    """One criterion as the model sees it."""

    passed: bool
    note: str = Field(max_length=MAX_NOTE)


class TextReviewAdvice(_Output):
    """``prompts/coach/vision_review.yaml``: a vision's or mission's verdicts and one rewrite."""

    clarity: ModelVerdict
    specificity: ModelVerdict
    horizon: ModelVerdict
    rewrite: str = Field(max_length=MAX_REWRITE)


class GoalReviewAdvice(_Output):
    """``prompts/coach/goal_review.yaml``: SMART verdicts, outcome or activity, a new title."""

    specific: ModelVerdict
    measurable: ModelVerdict
    achievable: ModelVerdict
    relevant: ModelVerdict
    time_bound: ModelVerdict
    kind: GoalKind
    rewrite: str = Field(max_length=MAX_REWRITE)


@dataclass(frozen=True)
class Subject:
    """What was reviewed: a vision or mission text, or a goal with the vision it serves."""

    kind: ReviewKind
    today: date
    text: str = ""
    goal: GoalDraft | None = None
    vision: str | None = None


class ReviewCoach:
    """Advice for a review that did not pass; called outside any database transaction."""

    def __init__(self, model: LanguageModel, reviewers: Reviewers) -> None:
        """The model is injected: the runtime's, ``OFFLINE`` or a test's stub."""
        self._model = model
        self._reviewers = reviewers

    @property
    def asks_model(self) -> bool:
        """Whether advice may take seconds (a model is configured), so "typing…" is worth it."""
        return self._model is not OFFLINE

    async def advise(self, subject: Subject, review: Review, *, workspace: int) -> Advice | None:
        """The model's advice when it answers, else the offline one; None for values."""
        failed = ", ".join(check.label for check in review.checks if not check.passed)
        if subject.kind is ReviewKind.GOAL and subject.goal is not None:
            return await self._goal(subject.goal, subject, review, failed, workspace)
        if subject.kind in (ReviewKind.VISION, ReviewKind.MISSION):
            return await self._text(subject, review, failed, workspace)
        return None

    async def _text(self, subject: Subject, review: Review, failed: str, workspace: int) -> Advice:
        variables = {
            "kind": subject.kind.value,
            "text": subject.text,
            "year": str(subject.today.year),
            "failed": failed,
        }
        answer = await self._model.structured(
            "vision_review", variables, TextReviewAdvice, workspace=workspace
        )
        if answer is not None and (rewrite := _clean(answer.rewrite)):
            return Advice(rewrite)
        if subject.kind is ReviewKind.MISSION:
            return self._reviewers.advise_mission(review, subject.text, subject.today)
        return self._reviewers.advise_vision(review, subject.text, subject.today)

    async def _goal(
        self, goal: GoalDraft, subject: Subject, review: Review, failed: str, workspace: int
    ) -> Advice:
        variables = {
            "title": goal.title,
            "metric": goal.metric,
            "target": goal.target,
            "deadline": goal.deadline.isoformat(),
            "confidence": str(goal.confidence),
            "serves": goal.serves,
            "vision": subject.vision or "",
            "today": subject.today.isoformat(),
            "failed": failed,
        }
        answer = await self._model.structured(
            "goal_review", variables, GoalReviewAdvice, workspace=workspace
        )
        if answer is not None and (rewrite := _clean(answer.rewrite)):
            return Advice(rewrite, answer.kind)
        return self._reviewers.advise_goal(review, goal)


def _clean(text: str) -> str | None:
    """One line of text, or None when the model left it empty."""
    return " ".join(text.split()) or None

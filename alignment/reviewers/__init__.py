"""Deterministic reviewers: instant, offline coaching on a vision, mission, values or goal."""

from alignment.reviewers.advice import Advice, GoalKind
from alignment.reviewers.model import Check, GoalDraft, Review
from alignment.reviewers.rules import Reviewers
from alignment.reviewers.texts import ReviewTexts, load_review_texts

__all__ = [
    "Advice",
    "Check",
    "GoalDraft",
    "GoalKind",
    "Review",
    "ReviewTexts",
    "Reviewers",
    "load_review_texts",
]

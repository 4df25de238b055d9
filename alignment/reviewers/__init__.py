"""Deterministic reviewers: instant, offline coaching on a vision, mission, values or goal."""

from alignment.reviewers.model import Check, GoalDraft, Review
from alignment.reviewers.rules import Reviewers
from alignment.reviewers.texts import ReviewTexts, load_review_texts

__all__ = [
    "Check",
    "GoalDraft",
    "Review",
    "ReviewTexts",
    "Reviewers",
    "load_review_texts",
]

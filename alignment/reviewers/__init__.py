"""Deterministic reviewers: instant, offline coaching on a vision, mission, values or goal."""

from alignment.reviewers.model import Check, GoalDraft, Review
from alignment.reviewers.rules import Reviewers
from alignment.reviewers.texts import ReviewTexts, load_review_texts
from alignment.reviewers.values import parse_values

__all__ = [
    "Check",
    "GoalDraft",
    "Review",
    "ReviewTexts",
    "Reviewers",
    "load_review_texts",
    "parse_values",
]

"""Result and input types of the reviewers, kept free of any wording or Telegram detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MIN_CONFIDENCE = 1
MAX_CONFIDENCE = 10


@dataclass(frozen=True)
class Check:
    """One criterion's verdict, with the short note that explains it to the owner."""

    criterion: str
    label: str
    passed: bool
    note: str


@dataclass(frozen=True)
class Review:
    """All checks for one piece of text plus a single question to coach the next draft.

    When every check passes, ``question`` is the short note that the conversation moves on
    with. ``rewrite`` names the goal fields the coaching question is about, in the order they
    are asked: a rewrite asks only for those and keeps the rest (empty for a single text).
    """

    kind: str
    checks: tuple[Check, ...]
    question: str
    rewrite: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """True when every criterion is met, so the coaching can move on to stretching."""
        return all(check.passed for check in self.checks)


@dataclass(frozen=True)
class GoalDraft:
    """A goal as the owner typed it, before it is saved or cascaded to a team."""

    title: str
    metric: str
    target: str
    deadline: date
    confidence: int
    serves: str

    def __post_init__(self) -> None:
        """Reject confidence outside 1..10 so the achievable bands stay meaningful."""
        if not MIN_CONFIDENCE <= self.confidence <= MAX_CONFIDENCE:
            msg = f"confidence must be {MIN_CONFIDENCE}..{MAX_CONFIDENCE}, got {self.confidence}"
            raise ValueError(msg)

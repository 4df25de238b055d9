"""What a service call produced, for the edge to render: no Telegram types here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from alignment.questionnaire.model import QuestionType
from alignment.questionnaire.validation import Choice
from alignment.reviewers import Review


@dataclass(frozen=True)
class Person:
    """Who sent an update, as far as the domain cares."""

    external_id: int
    first_name: str


@dataclass(frozen=True)
class Started:
    """A check-in began: show its introduction."""

    title: str
    intro: str


@dataclass(frozen=True)
class Prompt:
    """Ask one question; ``step`` lets the edge tell a fresh button from a stale one."""

    checkin_id: int
    step: int
    text: str
    hint: str | None
    type: QuestionType
    choices: tuple[Choice, ...]
    optional: bool
    current: str | None = None
    selected: tuple[str, ...] = ()
    position: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Rejected:
    """An answer was not accepted; nothing was lost and the question is asked again."""

    reason: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reviewed:
    """Coaching feedback on an answer, waiting for Keep or Rewrite."""

    checkin_id: int
    step: int
    review: Review


@dataclass(frozen=True)
class Finished:
    """A check-in is complete."""

    script_id: str
    title: str
    outro: str


@dataclass(frozen=True)
class Notice:
    """A short message picked by key from the UI texts, with values to fill in."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


NOTICES = frozenset(
    {
        "welcome",
        "welcome_back",
        "welcome_back_idle",
        "resuming",
        "no_checkin",
        "review_pending",
        "stale_button",
        "nothing_to_cancel",
        "setup_required",
        "cancelled",
        "rewrite",
        "onboarding_done",
    }
)
"""Every Notice key a service can emit; the UI texts must word each one."""

Event = Started | Prompt | Rejected | Reviewed | Finished | Notice

"""What a service call produced, for the edge to render: no Telegram types here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
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
    can_go_back: bool = False


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


@dataclass(frozen=True)
class InviteLink:
    """A fresh invite: the edge turns the token into a deep link with the bot's username."""

    invite_id: int
    token: str
    business: str
    expires_on: date
    department: str | None


@dataclass(frozen=True)
class DepartmentChoice:
    """Ask a new member which department they are in."""

    membership_id: int
    departments: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class RoundInvitation:
    """Tell members a round is open; the edge sends one message to each."""

    external_ids: tuple[int, ...]
    business: str
    number: int
    closes_on: date


@dataclass(frozen=True)
class RoundStatus:
    """The open round as the owner sees it: how many answered, never who."""

    round_id: int
    number: int
    respondents: int
    members: int
    closes_on: date


@dataclass(frozen=True)
class LeaveChoice:
    """A person on several teams picks which one to leave."""

    workspaces: tuple[tuple[int, str], ...]


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
        "welcome_back_member",
        "member_no_checkin",
        "owner_only",
        "invite_unknown",
        "invite_expired",
        "invite_own",
        "already_member",
        "member_welcome",
        "anonymity",
        "department_set",
        "not_a_member",
        "owner_not_member",
        "no_open_round",
        "already_answered",
        "round_closed_unfiled",
        "pulse_cancelled",
        "paused",
        "resumed",
        "left",
        "invite_revoked",
        "invites_revoked",
        "unknown_department",
        "department_name",
        "department_exists",
        "department_added",
        "department_renamed",
        "department_removed",
        "threshold_set",
        "threshold_invalid",
        "round_opened",
        "round_closed",
        "round_none_open",
        "team_empty",
        "button_expired",
        "report_team_small",
        "report_waiting",
    }
)
"""Every Notice key a service can emit; the UI texts must word each one."""

Event = (
    Started
    | Prompt
    | Rejected
    | Reviewed
    | Finished
    | Notice
    | InviteLink
    | DepartmentChoice
    | RoundInvitation
    | RoundStatus
    | LeaveChoice
)

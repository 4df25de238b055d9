"""What a service call produced, for the edge to render: no Telegram types here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from alignment.coach.model import Insight
from alignment.dimensions import Dimension
from alignment.privacy import Hold
from alignment.questionnaire.model import QuestionType
from alignment.questionnaire.validation import Choice
from alignment.reviewers import Advice, Review
from alignment.schedule import Rhythm
from alignment.scoring.free_recall import Method

if TYPE_CHECKING:  # alignment.team imports Notice from here
    from alignment.dimensions import Dimension
    from alignment.scoring import DimensionScore
    from alignment.scoring.free_recall import FreeRecall
    from alignment.team.report import Callout, DepartmentResult, Snapshot
    from alignment.team.themes import Themes


@dataclass(frozen=True)
class Person:
    """Who sent an update, as far as the domain cares."""

    external_id: int
    first_name: str


class Role(StrEnum):
    """What a person is to the bot; the edge shows each role only its own commands."""

    NEWCOMER = "newcomer"
    OWNER = "owner"
    MEMBER = "member"
    BOTH = "both"


@dataclass(frozen=True)
class FirstContact:
    """Someone with no business and no team wrote: ask whether they set up or join one."""


@dataclass(frozen=True)
class RoleChanged:
    """A person became an owner, joined or left a team: the edge refreshes their command menu."""

    external_id: int
    role: Role


@dataclass(frozen=True)
class Idle:
    """Typed text with no check-in open: the edge points to the right command for the role."""

    role: Role
    text: str


@dataclass(frozen=True)
class HelpPage:
    """/help: what this role can do."""

    role: Role


@dataclass(frozen=True)
class UnknownCommand:
    """A command the bot does not have, from someone with this role."""

    command: str
    role: Role


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
    earlier: str | None = None
    """What was answered before "Back" brought this question back."""
    limit: int | None = None
    """The most characters a typed answer may have, for text questions."""


@dataclass(frozen=True)
class Rejected:
    """An answer was not accepted; nothing was lost and the question is asked again."""

    reason: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reviewed:
    """Coaching feedback on an answer, waiting for Keep or Rewrite.

    ``moving_on`` marks an answer that passed every check: the conversation has moved on, so
    only the review's short note is shown, with no buttons.
    """

    checkin_id: int
    step: int
    review: Review
    moving_on: bool = False
    advice: Advice | None = None
    """A suggested rewrite (with a button to use it) and, for a goal, outcome or activity."""


@dataclass(frozen=True)
class Finished:
    """A check-in is complete."""

    script_id: str
    title: str
    outro: str


@dataclass(frozen=True)
class SelfCheckSummary:
    """The owner's own self-check in short: the areas rated highest and lowest (levels 0-100)."""

    strongest: tuple[Dimension, ...]
    weakest: tuple[Dimension, ...]
    high: int
    low: int


@dataclass(frozen=True)
class AskTopGoal:
    """Goals were just set: which one is the top priority the team's recall question asks about.

    Asked once, only with two goals or more; /goals can move the mark later.
    """

    goals: tuple[tuple[int, int, str], ...]
    """(goal id, position, title) of the new strategy version."""


@dataclass(frozen=True)
class Queued:
    """Messages to other people were recorded: the edge should send them now, not at the next tick."""


@dataclass(frozen=True)
class SuggestInvite:
    """Onboarding is done: what to do next is to invite the team, with a button that does it."""


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
class StrategyChange:
    """What the owner's latest edit of the strategy changed, told in their own words."""

    owner: str
    on: date
    parts: tuple[str, ...]
    """Which parts changed, of vision, mission, values and goals, in that order."""
    summary: str
    """The new wording of the first part that changed (goals: the new goals' titles)."""


@dataclass(frozen=True)
class GoalRecheck:
    """A new or changed goal, its SMART review (None in a language the reviewers cannot read)."""

    title: str
    confidence: int
    review: Review | None


@dataclass(frozen=True)
class StrategyRecheck:
    """The owner changed the strategy: a short re-check of the new wording, sent by the tick."""

    change: StrategyChange
    reviews: tuple[Review, ...]
    """The reviewers on the changed vision, mission or values, in that order."""
    goals: tuple[GoalRecheck, ...]


@dataclass(frozen=True)
class BeforeAfter:
    """Team levels of the last reported block before a strategy change and the first after it.

    Only figures both blocks showed: the one before may be carried from an earlier block (it
    was shown there); the one after was measured in that block.
    """

    change: StrategyChange
    levels: tuple[tuple[Dimension, float, float], ...]
    """(dimension, level before, level after)."""


@dataclass(frozen=True)
class RoundInvitation:
    """A member is told a round is open: rendered from a stored delivery (services.outbox)."""

    business: str
    number: int
    closes_on: date
    changed: StrategyChange | None = None
    """The strategy changed since the last round: the line the invitation opens with."""
    said: str | None = None
    """The owner's message about what they are doing since the last report, said once."""


@dataclass(frozen=True)
class PulseReminder:
    """One reminder to a member who has not answered a round a day after being asked."""

    business: str
    number: int
    closes_on: date


@dataclass(frozen=True)
class CheckinPrompt:
    """The owner's weekly prompt: the check-ins due this week, each with its own Start button."""

    business: str
    scripts: tuple[tuple[str, str], ...]
    """(script id, title) of each check-in offered, the most important first."""


@dataclass(frozen=True)
class QuarterlyReview:
    """Thirteen weeks on: what the quarter showed, with a button into the guided review."""

    business: str
    headline: tuple[float, float] | None
    """The first and the latest headline reported in the quarter; None with fewer than two."""
    dimensions: tuple[tuple[Dimension, float, float], ...]
    """(dimension, team level first reported in the quarter, latest), figures the report shows."""
    reached: tuple[str, ...]
    missed: tuple[str, ...]
    """Goals whose deadline passed short of the target."""


@dataclass(frozen=True)
class SwotSummary:
    """The owner's SWOT lines from a finished quarterly review, shown back (key, line)."""

    lines: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Nudge:
    """A reassessment nudge: what changed, what it usually means, one next step."""

    workspace: int
    kind: str
    wording: str
    """The key of the what-changed sentence (the kind, or a variant of it)."""
    subject: str
    """A dimension's value, a goal's title, or empty."""
    figures: dict[str, int]
    goal: int | None


@dataclass(frozen=True)
class Digest:
    """What the owner hears when a round closes and its block is reported."""

    report: TeamReport
    number: int
    """The round that just closed."""


@dataclass(frozen=True)
class CommitmentAsk:
    """One question of committing to an action: what, by when, or the message to the team.

    ``suggestion`` is what a tap accepts (the pre-filled action or message); None for the date.
    """

    commitment_id: int
    stage: str
    dimension: Dimension
    suggestion: str | None


@dataclass(frozen=True)
class Committed:
    """The owner committed: what, by when, and what the team will hear."""

    what: str
    due_on: date
    team_message: str


@dataclass(frozen=True)
class CommitmentCheck:
    """The date of a commitment passed: was it done? Asked once, through the tick."""

    commitment_id: int
    what: str
    due_on: date


@dataclass(frozen=True)
class ActionLine:
    """One commitment in /actions; ``state`` is one of ``commitments.STATES``.

    ``before`` and ``after`` are the dimension's team figures from reported blocks only: the
    last before committing, and the first that measured it again after it was re-asked.
    """

    dimension: Dimension
    what: str
    due_on: date
    state: str
    before: DimensionScore | None = None
    after: DimensionScore | None = None


@dataclass(frozen=True)
class ActionsPage:
    """/actions: the owner's commitments, newest first."""

    actions: tuple[ActionLine, ...]


@dataclass(frozen=True)
class CoachInsight:
    """The weekly insight, sent to the owner as its own message after the digest."""

    business: str
    insight: Insight


@dataclass(frozen=True)
class CoachAnswer:
    """The coach's answer to the owner's /coach question, as plain text."""

    text: str


@dataclass(frozen=True)
class DigestWaiting:
    """A round closed, but its answers wait to be pooled: why, and what would change that."""

    business: str
    number: int
    held: Hold | None
    threshold: int
    members: int
    next_round: date | None
    """When the round its answers will be pooled with opens, in the business's calendar."""


@dataclass(frozen=True)
class RoundStatus:
    """The open round as the owner sees it: how many answered, never who."""

    round_id: int
    number: int
    respondents: int
    members: int
    closes_on: date


@dataclass(frozen=True)
class CloseConfirmation:
    """Closing now would leave the round below the threshold: say what happens, ask to confirm."""

    round_id: int
    number: int
    answered: int
    threshold: int


@dataclass(frozen=True)
class SettingsPage:
    """/settings: the workspace's effective rhythm, or one section of it with its choices."""

    business: str
    timezone: str
    rhythm: Rhythm
    threshold: int
    max_threshold: int
    paused: bool
    section: str | None = None
    """The wire code of the setting being changed (schedule_settings.Setting), or None."""
    saved: bool = False
    nudges_off: tuple[str, ...] = ()
    """The nudge kinds the owner turned off."""


@dataclass(frozen=True)
class AwayChoice:
    """/away without a date: ask until when, with buttons for one or two weeks."""


@dataclass(frozen=True)
class LeaveChoice:
    """A person on several teams picks which one to leave."""

    workspaces: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class LeaveConfirm:
    """Ask before /leave deletes anything."""

    workspace_id: int
    business: str


@dataclass(frozen=True)
class GoalView:
    """A goal with its latest reported progress."""

    goal_id: int
    top: bool
    """The goal marked as the top priority (or the first, when none is marked)."""
    position: int
    title: str
    metric: str
    target: str
    deadline: date
    confidence: int
    progress: float | None
    progress_is_percent: bool
    progress_confidence: int | None
    blocker: str | None


@dataclass(frozen=True)
class StrategyView:
    """The current strategy version of a workspace."""

    business: str
    version: int
    updated_at: datetime | None
    vision: str | None
    mission: str | None
    values: tuple[str, ...]
    goals: tuple[GoalView, ...]


@dataclass(frozen=True)
class VisionPage:
    """/vision: the strategy, or None before set-up is finished."""

    strategy: StrategyView | None


@dataclass(frozen=True)
class GoalsPage:
    """/goals: the strategy, or None before set-up is finished."""

    strategy: StrategyView | None


@dataclass(frozen=True)
class DepartmentLine:
    """One department in /team; participation is None when too few members to show it."""

    number: int
    name: str
    members: int
    answered: int | None


@dataclass(frozen=True)
class TeamView:
    """What /team shows: counts only, never names."""

    business: str
    threshold: int
    members: int
    unassigned: int
    departments: tuple[DepartmentLine, ...]
    last_round: int | None
    answered: int | None
    live_invites: int
    unreachable: int
    """Members who blocked the bot: a count, so the owner can ask the team, never names."""


@dataclass(frozen=True)
class PrivacyTerms:
    """/privacy: the strictest threshold among the person's teams, and each team's size now."""

    threshold: int
    teams: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class TeamReport:
    """Everything /report shows; nothing in it can point at one person."""

    business: str
    threshold: int
    latest: Snapshot
    history: tuple[Snapshot, ...]
    waiting: tuple[int, ...]
    held: Hold | None
    """Why the waiting rounds are not reported yet."""
    answered: int
    members: int
    departments: tuple[DepartmentResult, ...]
    hidden_departments: int
    callouts: tuple[Callout, ...]
    comments: tuple[str, ...]
    echoes: tuple[str, ...]
    open_round: RoundStatus | None
    foreign_echoes: int = 0
    """How many of the echoes are in another language than the vision, and so not scored."""
    focus: Dimension | None = None
    """The dimension this week's suggested action is about."""
    since_change: BeforeAfter | None = None
    """Levels before and after the owner's latest strategy change, once both are reported."""
    themes: Themes | None = None
    """What the comments are about, worked out for Details only (it may ask a model)."""
    free_recall: FreeRecall | None = None
    """Who can name the top goal in their own words, when enough answers were scored."""
    priorities: tuple[str, ...] = ()
    """The free-recall answers, only when the figure may be shown: Details may score them
    again by embeddings."""
    top_goal: str | None = None
    """The title of the current top goal, which the free recall is scored against."""
    vision: str | None = None
    """Today's vision, which Details may compare the listed echoes with by embeddings."""
    echo_method: Method = Method.WORDS
    """How ``latest.echo`` was worked out: the word method, or embeddings in Details."""


@dataclass(frozen=True)
class ReportDetails:
    """The figures behind the short /report, asked for with its Details button."""

    report: TeamReport


@dataclass(frozen=True)
class ReportTable:
    """/report csv: every reported round's figures, sent as a file."""

    business: str
    history: tuple[Snapshot, ...]


@dataclass(frozen=True)
class MemberResults:
    """What a member sees in /results: team figures only."""

    business: str
    latest: Snapshot | None
    threshold: int


NOTICES = frozenset(
    {
        "welcome",
        "welcome_back",
        "welcome_back_idle",
        "resuming",
        "no_checkin",
        "stale_button",
        "nothing_to_cancel",
        "setup_required",
        "nudge_snoozed",
        "bad_nudge",
        "nudge_goal_kept",
        "nudge_goal_drop",
        "cancelled",
        "rewrite",
        "review_english_only",
        "welcome_back_member",
        "member_no_checkin",
        "owner_only",
        "invite_unknown",
        "invite_expired",
        "invite_own",
        "already_member",
        "member_welcome",
        "department_set",
        "not_a_member",
        "owner_not_member",
        "no_open_round",
        "already_answered",
        "round_closed_unfiled",
        "pulse_cancelled",
        "paused",
        "resumed",
        "away_set",
        "away_past",
        "away_too_far",
        "away_bad_date",
        "left",
        "leave_stayed",
        "entry_join",
        "checkin_paused",
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
        "bad_time",
        "bad_weekday",
        "bad_timezone",
        "bad_quiet",
        "quiet_whole_day",
        "quiet_too_long",
        "no_pulse_day",
        "bad_items",
        "bad_every",
        "cadence_round_open",
        "settings_usage",
        "round_opened",
        "round_closed",
        "round_none_open",
        "team_empty",
        "button_expired",
        "top_goal_set",
        "report_team_small",
        "report_waiting",
        "commit_bad_date",
        "commit_too_long",
        "commit_done",
        "commit_not_yet",
        "coach_ask",
    }
)
"""Every Notice key a service can emit; the UI texts must word each one."""

Event = (
    FirstContact
    | RoleChanged
    | Idle
    | HelpPage
    | UnknownCommand
    | LeaveConfirm
    | Started
    | Prompt
    | Rejected
    | Reviewed
    | Finished
    | SelfCheckSummary
    | AskTopGoal
    | SuggestInvite
    | Queued
    | Notice
    | InviteLink
    | DepartmentChoice
    | RoundInvitation
    | PulseReminder
    | CheckinPrompt
    | QuarterlyReview
    | SwotSummary
    | StrategyRecheck
    | Digest
    | Nudge
    | DigestWaiting
    | RoundStatus
    | CloseConfirmation
    | LeaveChoice
    | SettingsPage
    | AwayChoice
    | VisionPage
    | GoalsPage
    | TeamView
    | PrivacyTerms
    | TeamReport
    | ReportDetails
    | ReportTable
    | MemberResults
    | CommitmentAsk
    | Committed
    | CommitmentCheck
    | ActionsPage
    | CoachInsight
    | CoachAnswer
)

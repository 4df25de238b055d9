"""Callback data: short, namespaced strings, built and parsed only here.

Every namespace, its wire codes and its pattern are defined once below; the handlers are routed
by ``PATTERNS`` and the renderer builds buttons only through ``pack``. The strings on the wire
never change, so buttons in old messages keep working:

``ci:<action code>:<checkin id>:<step>[:<option>]``  a check-in question or review
``menu:<script id>``                               start a check-in from /vision or /goals
``inv:rev:<invite>``                               withdraw an invite link
``dep:set:<membership>:<department>``              a new member picks a department
``round:close:<round>[:1]``                        close the open round early (1: confirmed)
``pulse:go:<round number>``                        answer the round from its invitation
``leave:ws:<workspace>``                           leave one of several teams
``lv:yes|no:<workspace>``                          confirm /leave, or stay
``entry:setup|join``                               a newcomer sets up a business or joins a team
``next:<step>``                                    the next step suggested after onboarding
``rep:more``                                       the figures behind the short /report
``top:set:<goal>``                                 mark a goal of the current strategy as the top one
``cfg:<setting>|home[:<value>]``                   /settings: open a section, or set a value typed
                                                   the way a person would ("wed", "09.30", "6")
``away:wk:<weeks>``                                a member's vacation for one or two weeks
``act:new:<dimension>``                            commit to an action for a report's call-out
``acw:ok:<commitment>:what|message``               take the pre-filled action or team message
``acd:yes|no:<commitment>``                        was the committed action done, once its date passed
``ndg:not:<kind>`` / ``ndg:keep`` / ``ndg:drop``   under a nudge: snooze its kind, keep or drop a goal

The data carries no authority: services re-check who may do what.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from alignment.dimensions import Dimension
from alignment.reassessment.triggers import Kind
from alignment.services.checkins import Action
from alignment.services.commitments import SUGGESTED
from alignment.services.schedule_settings import Setting

MAX_BYTES = 64


class Namespace(StrEnum):
    """The first field of callback data: which handler a press goes to."""

    CHECKIN = "ci"
    MENU = "menu"
    INVITE = "inv"
    DEPARTMENT = "dep"
    ROUND = "round"
    PULSE = "pulse"
    LEAVE = "leave"
    CONFIRM_LEAVE = "lv"
    ENTRY = "entry"
    NEXT = "next"
    REPORT = "rep"
    TOP_GOAL = "top"
    SETTINGS = "cfg"
    AWAY = "away"
    COMMIT = "act"
    TAKE = "acw"
    DONE = "acd"
    NUDGE = "ndg"


class NudgeAction(StrEnum):
    """What a button under a nudge does."""

    NOT_NOW = "not"
    KEEP = "keep"
    DROP = "drop"


class Entry(StrEnum):
    """The two ways in a newcomer picks from the first-contact question."""

    SET_UP = "setup"
    JOIN = "join"


ACTION_CODES: dict[Action, str] = {
    Action.ANSWER: "a",
    Action.TOGGLE: "t",
    Action.DONE: "d",
    Action.SKIP: "s",
    Action.KEEP_CURRENT: "k",
    Action.KEEP_REVIEWED: "rk",
    Action.REWRITE: "rw",
    Action.USE_SUGGESTION: "ru",
    Action.BACK: "b",
}
"""The wire code of each check-in action; the domain knows only the enum."""
_ACTIONS = {code: action for action, code in ACTION_CODES.items()}

VERBS: dict[Namespace, str] = {
    Namespace.INVITE: "rev",
    Namespace.DEPARTMENT: "set",
    Namespace.ROUND: "close",
    Namespace.PULSE: "go",
    Namespace.LEAVE: "ws",
    Namespace.REPORT: "more",
    Namespace.TOP_GOAL: "set",
    Namespace.AWAY: "wk",
    Namespace.COMMIT: "new",
    Namespace.TAKE: "ok",
}
"""The second field of the team namespaces, kept because old buttons carry it."""

_ID = r"(\d{1,12})"
HOME = "home"
"""The settings overview, in the place of a setting."""
_CODES = "|".join(sorted(_ACTIONS, key=len, reverse=True))
PATTERNS: dict[Namespace, re.Pattern[str]] = {
    Namespace.CHECKIN: re.compile(rf"^ci:({_CODES}):{_ID}:(\d{{1,9}})(?::(\d{{1,3}}))?$"),
    Namespace.MENU: re.compile(r"^menu:([a-z][a-z0-9_]{0,58})$"),
    Namespace.INVITE: re.compile(rf"^inv:rev:{_ID}$"),
    Namespace.DEPARTMENT: re.compile(rf"^dep:set:{_ID}:{_ID}$"),
    Namespace.ROUND: re.compile(rf"^round:close:{_ID}(?::(1))?$"),
    Namespace.PULSE: re.compile(rf"^pulse:go:{_ID}$"),
    Namespace.LEAVE: re.compile(rf"^leave:ws:{_ID}$"),
    Namespace.CONFIRM_LEAVE: re.compile(rf"^lv:(yes|no):{_ID}$"),
    Namespace.ENTRY: re.compile(rf"^entry:({'|'.join(Entry)})$"),
    Namespace.NEXT: re.compile(r"^next:(invite)$"),
    Namespace.REPORT: re.compile(r"^rep:(more)$"),
    Namespace.TOP_GOAL: re.compile(rf"^top:set:{_ID}$"),
    Namespace.SETTINGS: re.compile(
        rf"^cfg:({'|'.join(Setting)}|{HOME})(?::([0-9a-z.,-]{{1,16}}))?$"
    ),
    Namespace.AWAY: re.compile(r"^away:wk:(\d)$"),
    Namespace.COMMIT: re.compile(rf"^act:new:({'|'.join(Dimension)})$"),
    Namespace.TAKE: re.compile(rf"^acw:ok:{_ID}:({'|'.join(sorted(SUGGESTED))})$"),
    Namespace.DONE: re.compile(rf"^acd:(yes|no):{_ID}$"),
    Namespace.NUDGE: re.compile(rf"^ndg:(?:(keep|drop)|(not):({'|'.join(Kind)}))$"),
}
"""What each namespace's handler accepts; anything else reaches the stale-button handler."""


@dataclass(frozen=True)
class CheckInButton:
    """A button under a check-in question or review."""

    namespace: ClassVar[Namespace] = Namespace.CHECKIN
    action: Action
    checkin_id: int
    step: int
    option: int | None = None


@dataclass(frozen=True)
class MenuButton:
    """A button that starts a check-in, such as "Edit vision"."""

    namespace: ClassVar[Namespace] = Namespace.MENU
    script_id: str


@dataclass(frozen=True)
class WithdrawInvite:
    """The "Withdraw this link" button under an invite."""

    namespace: ClassVar[Namespace] = Namespace.INVITE
    invite_id: int


@dataclass(frozen=True)
class ChooseDepartment:
    """A new member's department, or ``NO_DEPARTMENT``."""

    namespace: ClassVar[Namespace] = Namespace.DEPARTMENT
    membership_id: int
    department_id: int


@dataclass(frozen=True)
class CloseRound:
    """The "Close the round now" button, and "Close anyway" once told what closing early means."""

    namespace: ClassVar[Namespace] = Namespace.ROUND
    round_id: int
    confirmed: bool = False


@dataclass(frozen=True)
class AnswerPulse:
    """The "Answer now" button under a round invitation."""

    namespace: ClassVar[Namespace] = Namespace.PULSE
    round_number: int


@dataclass(frozen=True)
class ShowDetails:
    """The "Details" button under the short /report; it names nothing, the report is re-read."""

    namespace: ClassVar[Namespace] = Namespace.REPORT


@dataclass(frozen=True)
class MarkTopGoal:
    """A goal picked as the top priority; only a goal of the presser's current strategy counts."""

    namespace: ClassVar[Namespace] = Namespace.TOP_GOAL
    goal_id: int


@dataclass(frozen=True)
class LeaveTeam:
    """The team picked by someone on several teams who sent /leave."""

    namespace: ClassVar[Namespace] = Namespace.LEAVE
    workspace_id: int


@dataclass(frozen=True)
class ConfirmLeave:
    """Leave (confirmed) or Stay, under the question /leave asks first."""

    namespace: ClassVar[Namespace] = Namespace.CONFIRM_LEAVE
    workspace_id: int
    confirmed: bool


@dataclass(frozen=True)
class ChooseEntry:
    """A newcomer sets up a business or joins a team, asked when they first write."""

    namespace: ClassVar[Namespace] = Namespace.ENTRY
    entry: Entry


@dataclass(frozen=True)
class ChangeSetting:
    """A /settings button: a section's page (no value), or a value for a setting.

    ``setting`` None is the overview. The value is checked by the service like typed text.
    """

    namespace: ClassVar[Namespace] = Namespace.SETTINGS
    setting: Setting | None
    value: str | None = None


@dataclass(frozen=True)
class GoAway:
    """A member's "1 week" or "2 weeks" vacation button."""

    namespace: ClassVar[Namespace] = Namespace.AWAY
    weeks: int


@dataclass(frozen=True)
class CommitToAction:
    """The "Commit to an action" button under a report, for the dimension its suggested focus is about."""

    namespace: ClassVar[Namespace] = Namespace.COMMIT
    dimension: Dimension


@dataclass(frozen=True)
class TakeSuggestion:
    """Take the pre-filled action or team message at this question of a commitment."""

    namespace: ClassVar[Namespace] = Namespace.TAKE
    commitment_id: int
    stage: str


@dataclass(frozen=True)
class CommitmentDone:
    """Yes or Not yet, asked once a commitment's date has passed."""

    namespace: ClassVar[Namespace] = Namespace.DONE
    commitment_id: int
    done: bool


@dataclass(frozen=True)
class NudgeButton:
    """Under a nudge: "Not now" (``kind`` the kind to snooze), or Keep or Drop a drifting goal."""

    namespace: ClassVar[Namespace] = Namespace.NUDGE
    action: NudgeAction
    kind: Kind | None = None


INVITE_STEP = "invite"


@dataclass(frozen=True)
class NextStep:
    """The button under the last onboarding message that does what it suggests."""

    namespace: ClassVar[Namespace] = Namespace.NEXT
    step: str


Button = (
    CheckInButton
    | MenuButton
    | WithdrawInvite
    | ChooseDepartment
    | CloseRound
    | AnswerPulse
    | LeaveTeam
    | ConfirmLeave
    | ChooseEntry
    | NextStep
    | ShowDetails
    | MarkTopGoal
    | ChangeSetting
    | GoAway
    | CommitToAction
    | TakeSuggestion
    | CommitmentDone
    | NudgeButton
)


def pack(button: Button) -> str:
    """The callback data string for a button."""
    verb = [VERBS[button.namespace]] if button.namespace in VERBS else []
    data = ":".join(str(field) for field in [button.namespace, *verb, *_fields(button)])
    if len(data.encode()) > MAX_BYTES or parse(data) != button:
        raise ValueError(f"{button!r} does not fit in {MAX_BYTES} bytes of callback data")
    return data


def parse(data: str | None) -> Button | None:
    """The button behind callback data, or None for anything we did not make."""
    if not data:
        return None
    for namespace, pattern in PATTERNS.items():
        if match := pattern.match(data):
            return _button(namespace, match.groups())
    return None


def _fields(button: Button) -> list[object]:
    """What follows the namespace and verb, in wire order."""
    match button:
        case CheckInButton(action, checkin_id, step, option):
            optional = [] if option is None else [option]
            return [ACTION_CODES[action], checkin_id, step, *optional]
        case MenuButton(script_id):
            return [script_id]
        case WithdrawInvite(invite_id):
            return [invite_id]
        case ChooseDepartment(membership_id, department_id):
            return [membership_id, department_id]
        case CloseRound(round_id, confirmed):
            return [round_id, *([1] if confirmed else [])]
        case AnswerPulse(round_number):
            return [round_number]
        case LeaveTeam(workspace_id):
            return [workspace_id]
        case ConfirmLeave(workspace_id, confirmed):
            return ["yes" if confirmed else "no", workspace_id]
        case ChooseEntry(entry):
            return [entry]
        case NextStep(step):
            return [step]
        case ShowDetails():
            return []
        case MarkTopGoal(goal_id):
            return [goal_id]
        case ChangeSetting(setting, value):
            return [setting or HOME, *([] if value is None else [value])]
        case GoAway(weeks):
            return [weeks]
        case CommitToAction(dimension):
            return [dimension]
        case TakeSuggestion(commitment_id, stage):
            return [commitment_id, stage]
        case CommitmentDone(commitment_id, done):
            return ["yes" if done else "no", commitment_id]
        case NudgeButton(action, kind):
            return [action, *([] if kind is None else [kind])]


def _button(namespace: Namespace, groups: tuple[str | Any, ...]) -> Button:
    """A button from what its namespace's pattern captured (None for a missing option)."""
    first, *rest = groups
    match namespace:
        case Namespace.CHECKIN:
            checkin_id, step, option = rest
            return CheckInButton(_ACTIONS[first], int(checkin_id), int(step), _number(option))
        case Namespace.MENU:
            return MenuButton(first)
        case Namespace.INVITE:
            return WithdrawInvite(int(first))
        case Namespace.DEPARTMENT:
            return ChooseDepartment(int(first), int(rest[0]))
        case Namespace.ROUND:
            return CloseRound(int(first), rest[0] is not None)
        case Namespace.PULSE:
            return AnswerPulse(int(first))
        case Namespace.LEAVE:
            return LeaveTeam(int(first))
        case Namespace.CONFIRM_LEAVE:
            return ConfirmLeave(int(rest[0]), first == "yes")
        case Namespace.ENTRY:
            return ChooseEntry(Entry(first))
        case Namespace.NEXT:
            return NextStep(first)
        case Namespace.REPORT:
            return ShowDetails()
        case Namespace.TOP_GOAL:
            return MarkTopGoal(int(first))
        case Namespace.SETTINGS:
            return ChangeSetting(None if first == HOME else Setting(first), rest[0])
        case Namespace.AWAY:
            return GoAway(int(first))
        case Namespace.COMMIT:
            return CommitToAction(Dimension(first))
        case Namespace.TAKE:
            return TakeSuggestion(int(first), rest[0])
        case Namespace.DONE:
            return CommitmentDone(int(rest[0]), first == "yes")
        case Namespace.NUDGE:
            if first is not None:
                return NudgeButton(NudgeAction(first))
            return NudgeButton(NudgeAction.NOT_NOW, Kind(rest[1]))


def _number(group: str | None) -> int | None:
    return int(group) if group is not None else None

"""After the owner changes the strategy: re-check the new wording and tell the team.

A change is a strategy version that differs from the one before it in its vision, mission,
values or goals, once the first strategy stood: a version whose predecessor had both a vision
and a goal. So the two versions onboarding writes (the vision, then the goals) are no change,
since onboarding reviewed every answer as it was typed, and neither is a vision check-in where
the owner kept every answer.

Three things follow a change, each read from the versions, never stored twice:

- the tick records one re-check for the owner (``recheck``, kind ``strategy_recheck``, period
  ``version:<id>``), reviewed when it is sent (``Rechecks.events``);
- the next round asks the echo, the recall and the vision and goal statements
  (``changed_since_last_round``, read by the rotation);
- that round's invitation opens with one line saying what changed (``round_change``);
- once a block after the change is reported, /report's Details compare its levels with the
  last block before it (``before_after``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from typing import Any

from alignment.reviewers import GoalDraft, Review, Reviewers
from alignment.schedule import STALE
from alignment.services.clock import Clock
from alignment.services.events import (
    BeforeAfter,
    Event,
    GoalRecheck,
    StrategyChange,
    StrategyRecheck,
)
from alignment.team.report import Snapshot
from alignment.timezones import tzinfo_for
from storage.database import Sessions
from storage.models import Goal, PulseRound, StrategyVersion, User
from storage.repositories import Repositories

RECHECK = "strategy_recheck"
VISION, MISSION, VALUES, GOALS = "vision", "mission", "values", "goals"
PARTS = (VISION, MISSION, VALUES, GOALS)
LOOK_BACK = 7 * STALE
"""A version older than this gets no re-check any more: the tick stops looking at it."""

Record = Callable[[str, str, User, dict[str, Any], datetime], Awaitable[None]]
"""The tick's way to record a delivery to the owner (``rhythm._Due._record``)."""


def _goal_key(goal: Goal) -> tuple[object, ...]:
    return (goal.title, goal.metric, goal.target, goal.deadline, goal.confidence, goal.serves)


def _new_goals(previous: StrategyVersion, current: StrategyVersion) -> list[Goal]:
    """The goals of ``current`` that ``previous`` did not have, word for word."""
    before = {_goal_key(goal) for goal in previous.goals}
    return [goal for goal in current.goals if _goal_key(goal) not in before]


def _parts(previous: StrategyVersion, current: StrategyVersion) -> tuple[str, ...]:
    """Which parts of the strategy differ between two versions."""
    goals_before = sorted(_goal_key(goal) for goal in previous.goals)
    goals_now = sorted(_goal_key(goal) for goal in current.goals)
    differs = {
        VISION: previous.vision != current.vision,
        MISSION: previous.mission != current.mission,
        VALUES: list(previous.values) != list(current.values),
        GOALS: goals_before != goals_now,
    }
    return tuple(part for part in PARTS if differs[part])


async def _changed(repos: Repositories, version: StrategyVersion) -> StrategyVersion | None:
    """The version before ``version`` when ``version`` is a change after the first strategy."""
    previous = await repos.strategy.previous(version)
    if previous is None or not previous.vision or not previous.goals:
        return None
    return previous if _parts(previous, version) else None


def _summary(part: str, previous: StrategyVersion, current: StrategyVersion) -> str:
    """The new wording of one part, as the owner typed it."""
    if part == GOALS:
        goals = _new_goals(previous, current) or list(current.goals)
        return "; ".join(goal.title for goal in goals)
    if part == VALUES:
        return ", ".join(current.values)
    return (current.vision if part == VISION else current.mission) or ""


async def _change(
    repos: Repositories, previous: StrategyVersion, current: StrategyVersion, zone: str
) -> StrategyChange:
    workspace = await repos.workspaces.get(current.workspace_id)
    owner = await repos.users.get(workspace.owner_id) if workspace else None
    parts = _parts(previous, current)
    return StrategyChange(
        owner=owner.first_name if owner else "",
        on=current.created_at.astimezone(tzinfo_for(zone)).date(),
        parts=parts,
        summary=_summary(parts[0], previous, current),
    )


async def recheck(
    repos: Repositories, owner: User, strategy: StrategyVersion, now: datetime, record: Record
) -> None:
    """Record the owner's re-check of a changed strategy, once per version (the tick's part)."""
    if owner.unreachable_at is not None or now - strategy.created_at > LOOK_BACK:
        return
    if await _changed(repos, strategy) is None:
        return
    payload = {"workspace": strategy.workspace_id, "version": strategy.id}
    await record(RECHECK, f"version:{strategy.id}", owner, payload, strategy.created_at)


async def _change_between(
    repos: Repositories, workspace_id: int, since: datetime | None, until: datetime, zone: str
) -> StrategyChange | None:
    """The change in force at ``until`` when it was made after ``since`` (None: ever)."""
    current = await repos.strategy.version_at(workspace_id, until)
    if current is None or (since is not None and current.created_at <= since):
        return None
    previous = await _changed(repos, current)
    return await _change(repos, previous, current, zone) if previous else None


async def changed_since_last_round(
    repos: Repositories, workspace_id: int, zone: str, now: datetime
) -> bool:
    """Whether a round opened now is the first since the owner changed the strategy."""
    last = await repos.pulses.opened_before(workspace_id, now)
    return await _change_between(repos, workspace_id, last, now, zone) is not None


async def round_change(
    repos: Repositories, pulse_round: PulseRound, zone: str
) -> dict[str, Any] | None:
    """The stored form of what changed before a round, when it is the first since the change."""
    since = await repos.pulses.opened_before(pulse_round.workspace_id, pulse_round.opened_at)
    change = await _change_between(
        repos, pulse_round.workspace_id, since, pulse_round.opened_at, zone
    )
    if change is None:
        return None
    return {
        "owner": change.owner,
        "on": change.on.isoformat(),
        "parts": list(change.parts),
        "summary": change.summary,
    }


def change_of(stored: dict[str, Any] | None) -> StrategyChange | None:
    """A stored change (``round_change``) as the event's value again."""
    if stored is None:
        return None
    return StrategyChange(
        owner=str(stored["owner"]),
        on=date.fromisoformat(stored["on"]),
        parts=tuple(stored["parts"]),
        summary=str(stored["summary"]),
    )


async def latest_change(
    repos: Repositories, workspace_id: int, zone: str
) -> tuple[StrategyChange, datetime] | None:
    """The owner's newest change of the strategy and when it was made, if any."""
    version = await repos.strategy.current(workspace_id)
    while version is not None:
        previous = await repos.strategy.previous(version)
        if previous is None or not previous.vision or not previous.goals:
            return None
        if _parts(previous, version):
            return await _change(repos, previous, version, zone), version.created_at
        version = previous
    return None


def before_after(
    change: StrategyChange, at: datetime, blocks: Sequence[tuple[Snapshot, datetime, datetime]]
) -> BeforeAfter | None:
    """Levels of the last block before a change made ``at`` and of the first block after it.

    ``blocks`` are the reported blocks, oldest first, each with when its first and its last
    round opened. A block with rounds on both sides of the change is neither; a level after
    the change counts only when that block measured it, so it says nothing about the old words.
    """
    before = [snap for snap, _, last in blocks if last < at]
    after = next((snap for snap, first, _ in blocks if first > at), None)
    if not before or after is None or after.number <= before[-1].number:
        return None
    old = {s.dimension: s.team for s in before[-1].scores if s.team is not None}
    levels = tuple(
        (s.dimension, old[s.dimension], s.team)
        for s in after.scores
        if s.team is not None and s.dimension in old and after.measured(s.dimension) is None
    )
    return BeforeAfter(change, levels) if levels else None


class Rechecks:
    """Reviews a changed version when its re-check is sent, with the reviewers' current words."""

    def __init__(self, sessions: Sessions, clock: Clock, reviewers: Reviewers) -> None:
        self._sessions = sessions
        self._clock = clock
        self._reviewers = reviewers

    async def events(self, payload: dict[str, Any]) -> list[Event]:
        """The re-check of one version; nothing when it is gone or no longer a change."""
        async with self._sessions() as session:
            repos = Repositories(session)
            workspace = await repos.workspaces.get(int(payload["workspace"]))
            current = await repos.strategy.version(int(payload["version"]))
            previous = await _changed(repos, current) if current else None
            if workspace is None or current is None or previous is None:
                return []
            change = await _change(repos, previous, current, workspace.timezone)
            today = self._clock.now().astimezone(tzinfo_for(workspace.timezone)).date()
            return [
                StrategyRecheck(
                    change,
                    self._reviews(change.parts, current, today),
                    self._goals(change.parts, previous, current, today),
                )
            ]

    def _reviews(
        self, parts: tuple[str, ...], current: StrategyVersion, today: date
    ) -> tuple[Review, ...]:
        reviewers = self._reviewers
        reviews = []
        if VISION in parts and current.vision and reviewers.reads(current.vision):
            reviews.append(reviewers.review_vision(current.vision, today))
        if MISSION in parts and current.mission and reviewers.reads(current.mission):
            reviews.append(reviewers.review_mission(current.mission))
        values = list(current.values)
        if VALUES in parts and values and reviewers.reads("\n".join(values)):
            reviews.append(reviewers.review_values(values))
        return tuple(reviews)

    def _goals(
        self,
        parts: tuple[str, ...],
        previous: StrategyVersion,
        current: StrategyVersion,
        today: date,
    ) -> tuple[GoalRecheck, ...]:
        if GOALS not in parts:
            return ()
        rechecks = []
        for goal in _new_goals(previous, current):
            draft = GoalDraft(
                goal.title, goal.metric, goal.target, goal.deadline, goal.confidence, goal.serves
            )
            readable = self._reviewers.reads(f"{goal.title}\n{goal.metric}")
            review = self._reviewers.review_goal(draft, current.vision, today) if readable else None
            rechecks.append(GoalRecheck(goal.title, goal.confidence, review))
        return tuple(rechecks)

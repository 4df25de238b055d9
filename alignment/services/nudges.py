"""Reassessment nudges: the tick records at most one a day per owner, the most important first.

A nudge is a delivery of kind ``nudge`` whose period is the trigger's kind and key, so the same
situation is recorded once however often the tick runs; the owner's "Not now" snoozes a kind
for a week and /settings can turn a kind off (both on the workspace row).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from alignment.reassessment.triggers import (
    ClosedRound,
    GoalState,
    Kind,
    Progress,
    Trigger,
    goal_triggers,
    most_important,
    score_triggers,
    silence_triggers,
)
from alignment.services.clock import Clock
from alignment.services.events import Event, Notice, Nudge, Person
from alignment.services.team import owner_scope
from alignment.timezones import tzinfo_for
from storage.database import Sessions
from storage.models import User, Workspace
from storage.repositories import Repositories

if TYPE_CHECKING:  # reports imports rounds, which imports the outbox, which renders nudges
    from alignment.services.reports import ReportService

NUDGE = "nudge"
AT_MOST_EVERY = timedelta(hours=24)
"""One nudge a day per owner at most: more would be noise, and each asks for a decision."""
SNOOZE = timedelta(weeks=1)
"""How long "Not now" quiets one kind."""
DRIFT_PROGRESS_REPORTS = 2
"""Goal drift compares the latest progress report with the one before."""


async def record_nudge(
    repos: Repositories,
    workspace: Workspace,
    owner: User,
    now: datetime,
    reports: ReportService,
) -> None:
    """Record the most important nudge not yet sent, unless one went out in the last day.

    The tick calls this only outside the quiet hours, so the nudge is due at once.
    """
    if owner.unreachable_at is not None:
        return
    recorded = await repos.deliveries.periods(owner.telegram_id, NUDGE)
    if any(now - created < AT_MOST_EVERY for created in recorded.values()):
        return
    quiet = set(workspace.nudges_off or ()) | snoozed(workspace, now)
    for trigger in most_important(await _triggers(repos, workspace, owner, now, reports)):
        period = f"{trigger.kind.value}:{trigger.key}"
        if trigger.kind.value in quiet or period in recorded:
            continue
        await repos.deliveries.record(
            NUDGE,
            period,
            [owner.telegram_id],
            _payload(workspace, trigger),
            now,
        )
        return


def snoozed(workspace: Workspace, now: datetime) -> set[str]:
    """The kinds whose "Not now" has not run out yet."""
    return {
        kind
        for kind, until in (workspace.nudges_snoozed or {}).items()
        if datetime.fromisoformat(until) > now
    }


def snooze(workspace: Workspace, kind: Kind, now: datetime) -> None:
    """Quiet one kind for a week from ``now``."""
    workspace.nudges_snoozed = {
        **(workspace.nudges_snoozed or {}),
        kind.value: (now + SNOOZE).isoformat(),
    }


def nudge_event(payload: dict[str, Any]) -> Nudge:
    """The stored payload as the event the edge renders."""
    figures = {str(k): int(v) for k, v in payload["figures"].items()}
    goal = payload.get("goal")
    return Nudge(
        int(payload["workspace"]),
        str(payload["kind"]),
        str(payload["wording"]),
        str(payload["subject"]),
        figures,
        int(goal) if goal is not None else None,
    )


def _payload(workspace: Workspace, trigger: Trigger) -> dict[str, Any]:
    return {
        "workspace": workspace.id,
        "kind": trigger.kind.value,
        "wording": trigger.wording,
        "subject": trigger.subject,
        "figures": trigger.figures,
        "goal": trigger.goal,
    }


async def _triggers(
    repos: Repositories, workspace: Workspace, owner: User, now: datetime, reports: ReportService
) -> list[Trigger]:
    """Every trigger the workspace's reported figures, goals and rhythm call for now."""
    found = score_triggers(await reports.snapshots(repos, workspace))
    zone = tzinfo_for(workspace.timezone)
    strategy = await repos.strategy.current(workspace.id)
    if strategy is not None:
        started = strategy.created_at.astimezone(zone).date()
        goals = []
        for goal in strategy.goals:
            recent = await repos.strategy.recent_progress(
                workspace.id, goal, DRIFT_PROGRESS_REPORTS
            )
            progress = [
                Progress(p.id, p.value, p.is_percent, p.confidence, p.recorded_at.date())
                for p in reversed(recent)
            ]
            goals.append(
                GoalState(goal.id, goal.title, goal.target, goal.deadline, started, progress)
            )
        found += goal_triggers(goals, now.astimezone(zone).date())
    completed = await repos.checkins.last_completed(owner.id)
    members = await repos.team.member_count(workspace.id)
    closed = (await repos.pulses.reported_rounds(workspace.id))[-2:]
    rounds = [ClosedRound(r.id, await repos.pulses.answered(r.id), members) for r in closed]
    found += silence_triggers(
        max(completed.values(), default=None), workspace.created_at, now, rounds
    )
    return found


class NudgeService:
    """The buttons under a nudge: "Not now", and Keep or Drop under a drifting goal."""

    def __init__(self, sessions: Sessions, clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def not_now(self, person: Person, kind: Kind) -> list[Event]:
        """Snooze one kind for a week; only the workspace's owner may (checked again here)."""
        async with owner_scope(self._sessions, person) as (_, workspace):
            snooze(workspace, kind, self._clock.now())
        return [Notice("nudge_snoozed")]

    async def keep(self, person: Person) -> list[Event]:
        """Keep the goal as it is: nothing to record, the next progress report will tell."""
        async with owner_scope(self._sessions, person):
            return [Notice("nudge_goal_kept")]

    async def drop(self, person: Person) -> list[Event]:
        """Dropping a goal is a new strategy version: say how, with /goals."""
        async with owner_scope(self._sessions, person):
            return [Notice("nudge_goal_drop")]

"""Read-only views of the current strategy for /vision and /goals."""

from __future__ import annotations

from alignment.services.events import (
    Event,
    GoalsPage,
    GoalView,
    Notice,
    Person,
    StrategyView,
    VisionPage,
)
from alignment.services.team import owner_scope
from alignment.team.recall import top_position
from storage.database import Sessions
from storage.repositories import Repositories


class StrategyService:
    """Answers "what is our strategy right now?" for the owner."""

    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    async def vision(self, person: Person) -> list[Event]:
        """/vision: the current vision, mission and values."""
        return [VisionPage(await self._current(person))]

    async def goals(self, person: Person) -> list[Event]:
        """/goals: the current goals with their latest progress."""
        return [GoalsPage(await self._current(person))]

    async def mark_top(self, person: Person, goal_id: int) -> list[Event]:
        """Mark a goal of the current strategy as the top priority that recall asks about.

        The button's goal id is only a hint: a goal of an older version (the goals were set
        again since) is refused. The mark is the one field of a version that changes in place,
        so rounds already open keep asking about the same goal rows.
        """
        async with owner_scope(self._sessions, person) as (repos, workspace):
            strategy = await repos.strategy.current(workspace.id)
            goal = next((g for g in strategy.goals if g.id == goal_id), None) if strategy else None
            if strategy is None or goal is None:
                return [Notice("button_expired")]
            strategy.top_goal = goal.position
            return [Notice("top_goal_set", {"title": goal.title})]

    async def _current(self, person: Person) -> StrategyView | None:
        """The owner's current strategy, or None before set-up is finished."""
        async with self._sessions() as session:
            repos = Repositories(session)
            user = await repos.users.by_telegram_id(person.external_id)
            workspace = await repos.workspaces.owned_by(user.id) if user else None
            if workspace is None:
                return None
            strategy = await repos.strategy.current(workspace.id)
            if strategy is None:
                return StrategyView(workspace.name, 0, None, None, None, (), ())
            goals = []
            top = top_position([g.position for g in strategy.goals], strategy.top_goal)
            for goal in strategy.goals:
                latest = await repos.strategy.latest_progress(workspace.id, goal)
                goals.append(
                    GoalView(
                        goal_id=goal.id,
                        top=goal.position == top,
                        position=goal.position,
                        title=goal.title,
                        metric=goal.metric,
                        target=goal.target,
                        deadline=goal.deadline,
                        confidence=goal.confidence,
                        progress=latest.value if latest else None,
                        progress_is_percent=latest.is_percent if latest else False,
                        progress_confidence=latest.confidence if latest else None,
                        blocker=latest.blocker if latest else None,
                    )
                )
            return StrategyView(
                business=workspace.name,
                version=strategy.number,
                updated_at=strategy.created_at,
                vision=strategy.vision,
                mission=strategy.mission,
                values=tuple(strategy.values),
                goals=tuple(goals),
            )

"""Read-only views of the current strategy for /vision and /goals."""

from __future__ import annotations

from alignment.services.events import Event, GoalsPage, GoalView, Person, StrategyView, VisionPage
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
            for goal in strategy.goals:
                latest = await repos.strategy.latest_progress(workspace.id, goal)
                goals.append(
                    GoalView(
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

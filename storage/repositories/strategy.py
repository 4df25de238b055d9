"""Strategy versions, their goals and goal progress."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Goal, GoalProgress, StrategyVersion


class StrategyRepository:
    """Append-only history of the strategy: every edit is a new version."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def current(self, workspace_id: int) -> StrategyVersion | None:
        """The newest version, or None before the owner has stated anything."""
        return await self._session.scalar(
            select(StrategyVersion)
            .where(StrategyVersion.workspace_id == workspace_id)
            .order_by(StrategyVersion.number.desc())
            .limit(1)
        )

    async def count(self, workspace_id: int) -> int:
        """How many versions exist."""
        total = await self._session.scalar(
            select(func.count()).where(StrategyVersion.workspace_id == workspace_id)
        )
        return total or 0

    async def add_version(
        self,
        workspace_id: int,
        *,
        vision: str | None,
        mission: str | None,
        values: list[str],
        goals: Sequence[Goal],
        now: datetime,
    ) -> StrategyVersion:
        """Append a version numbered after the current one; goals are numbered in order."""
        for position, goal in enumerate(goals, start=1):
            goal.position = position
        version = StrategyVersion(
            workspace_id=workspace_id,
            number=await self.count(workspace_id) + 1,
            vision=vision,
            mission=mission,
            values=values,
            created_at=now,
            goals=list(goals),
        )
        self._session.add(version)
        await self._session.flush()
        return version

    async def add_progress(self, progress: GoalProgress) -> None:
        """Record one progress report."""
        self._session.add(progress)
        await self._session.flush()

    async def latest_progress(self, workspace_id: int, goal: Goal) -> GoalProgress | None:
        """The newest report on this goal, following it across versions by position and title."""
        return await self._session.scalar(
            select(GoalProgress)
            .join(Goal, GoalProgress.goal_id == Goal.id)
            .join(StrategyVersion, Goal.strategy_version_id == StrategyVersion.id)
            .where(
                StrategyVersion.workspace_id == workspace_id,
                Goal.position == goal.position,
                Goal.title == goal.title,
            )
            .order_by(GoalProgress.recorded_at.desc(), GoalProgress.id.desc())
            .limit(1)
        )

    async def visions(self, workspace_id: int) -> Sequence[tuple[str | None, datetime]]:
        """(vision, created at) of every version, newest first: when each wording was stated."""
        rows = await self._session.execute(
            select(StrategyVersion.vision, StrategyVersion.created_at)
            .where(StrategyVersion.workspace_id == workspace_id)
            .order_by(StrategyVersion.number.desc())
        )
        return [(vision, created) for vision, created in rows.all()]

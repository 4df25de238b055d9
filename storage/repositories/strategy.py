"""Strategy versions, their goals and goal progress."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from storage.models import Goal, GoalProgress, StrategyVersion
from storage.repositories.numbering import insert_numbered


class StrategyRepository:
    """Append-only history of the strategy: every edit is a new version."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def current(self, workspace_id: int) -> StrategyVersion | None:
        """The newest version with its goals, or None before the owner has stated anything.

        Every pulse answer loads it, so the goals come joined rather than by a second SELECT.
        """
        return await self._one(StrategyVersion.workspace_id == workspace_id)

    async def version_at(self, workspace_id: int, when: datetime) -> StrategyVersion | None:
        """The version that was current at ``when``, with its goals."""
        return await self._one(
            StrategyVersion.workspace_id == workspace_id, StrategyVersion.created_at <= when
        )

    async def first(self, workspace_id: int) -> StrategyVersion | None:
        """The oldest version: when the workspace's strategy was first stated."""
        return await self._session.scalar(
            select(StrategyVersion)
            .where(StrategyVersion.workspace_id == workspace_id)
            .order_by(StrategyVersion.number)
            .limit(1)
        )

    async def version(self, version_id: int) -> StrategyVersion | None:
        """One version by id, with its goals."""
        return await self._one(StrategyVersion.id == version_id)

    async def previous(self, version: StrategyVersion) -> StrategyVersion | None:
        """The version just before this one, with its goals: what an edit changed."""
        return await self._one(
            StrategyVersion.workspace_id == version.workspace_id,
            StrategyVersion.number < version.number,
        )

    async def _one(self, *where: ColumnElement[bool]) -> StrategyVersion | None:
        """The newest version matching ``where``, goals joined."""
        found = await self._session.execute(
            select(StrategyVersion)
            .options(joinedload(StrategyVersion.goals))
            .where(*where)
            .order_by(StrategyVersion.number.desc())
            .limit(1)
        )
        return found.unique().scalar_one_or_none()

    async def add_version(
        self,
        workspace_id: int,
        *,
        vision: str | None,
        mission: str | None,
        values: list[str],
        goals: Sequence[Goal],
        now: datetime,
        top_goal: int | None = None,
    ) -> StrategyVersion:
        """Append a version numbered after the newest one; goals are numbered in order."""
        version = await insert_numbered(
            self._session,
            StrategyVersion,
            workspace_id,
            {
                "vision": vision,
                "mission": mission,
                "values": values,
                "created_at": now,
                "top_goal": top_goal,
            },
        )
        for position, goal in enumerate(goals, start=1):
            goal.position = position
            version.goals.append(goal)
        await self._session.flush()
        return version

    async def set_distractors(self, version_id: int, distractors: Sequence[str]) -> None:
        """Keep the recall distractors written for a version; its goals never change."""
        await self._session.execute(
            update(StrategyVersion)
            .where(StrategyVersion.id == version_id)
            .values(distractors=list(distractors))
        )

    async def add_progress(self, progress: GoalProgress) -> None:
        """Record one progress report."""
        self._session.add(progress)
        await self._session.flush()

    async def latest_progress(self, workspace_id: int, goal: Goal) -> GoalProgress | None:
        """The newest report on this goal, following it across versions by position and title."""
        found = await self.recent_progress(workspace_id, goal, 1)
        return found[0] if found else None

    async def recent_progress(
        self, workspace_id: int, goal: Goal, limit: int
    ) -> Sequence[GoalProgress]:
        """The newest ``limit`` reports on this goal, newest first, across versions."""
        rows = await self._session.scalars(
            select(GoalProgress)
            .join(Goal, GoalProgress.goal_id == Goal.id)
            .join(StrategyVersion, Goal.strategy_version_id == StrategyVersion.id)
            .where(
                StrategyVersion.workspace_id == workspace_id,
                Goal.position == goal.position,
                Goal.title == goal.title,
            )
            .order_by(GoalProgress.recorded_at.desc(), GoalProgress.id.desc())
            .limit(limit)
        )
        return rows.all()

    async def visions(self, workspace_id: int) -> Sequence[tuple[str | None, datetime]]:
        """(vision, created at) of every version, newest first: when each wording was stated."""
        rows = await self._session.execute(
            select(StrategyVersion.vision, StrategyVersion.created_at)
            .where(StrategyVersion.workspace_id == workspace_id)
            .order_by(StrategyVersion.number.desc())
        )
        return [(vision, created) for vision, created in rows.all()]

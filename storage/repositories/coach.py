"""The owner's /coach conversation: the last turns of the past day, older ones pruned."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CoachTurn


class CoachRepository:
    """Turns of one workspace's conversation, oldest first."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, workspace_id: int, role: str, text: str, now: datetime) -> None:
        """Remember one message."""
        self._session.add(
            CoachTurn(workspace_id=workspace_id, role=role, text=text, created_at=now)
        )
        await self._session.flush()

    async def recent(self, workspace_id: int, since: datetime, limit: int) -> Sequence[CoachTurn]:
        """The newest ``limit`` turns since ``since``, oldest first."""
        newest = await self._session.scalars(
            select(CoachTurn)
            .where(CoachTurn.workspace_id == workspace_id, CoachTurn.created_at >= since)
            .order_by(CoachTurn.created_at.desc(), CoachTurn.id.desc())
            .limit(limit)
        )
        return list(reversed(newest.all()))

    async def prune(self, workspace_id: int, before: datetime) -> None:
        """Forget turns older than ``before``: they no longer count as the same conversation."""
        await self._session.execute(
            delete(CoachTurn).where(
                CoachTurn.workspace_id == workspace_id, CoachTurn.created_at < before
            )
        )

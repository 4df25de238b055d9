"""Records of language-model calls, and the token sums the monthly budget is checked against."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import LlmCall


class LlmCallRepository:
    """Append-only: a call is recorded once, after it ended."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, call: LlmCall) -> None:
        """Record one call."""
        self._session.add(call)
        await self._session.flush()

    async def tokens_since(self, workspace_id: int, since: datetime) -> int:
        """Tokens in and out of the workspace's calls made at or after ``since``."""
        total = await self._session.scalar(
            select(func.coalesce(func.sum(LlmCall.tokens_in + LlmCall.tokens_out), 0)).where(
                LlmCall.workspace_id == workspace_id, LlmCall.created_at >= since
            )
        )
        return int(total or 0)

    async def for_workspace(self, workspace_id: int) -> list[LlmCall]:
        """Every recorded call of a workspace, oldest first."""
        rows = await self._session.scalars(
            select(LlmCall).where(LlmCall.workspace_id == workspace_id).order_by(LlmCall.id)
        )
        return list(rows)

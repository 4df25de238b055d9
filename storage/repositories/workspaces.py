"""Workspaces: the businesses owners set up."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Workspace
from storage.repositories.numbering import lock_workspace


class WorkspaceRepository:
    """Look up and create workspaces."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def owned_by(self, user_id: int) -> Workspace | None:
        """The owner's workspace (the newest, should there ever be several)."""
        return await self._session.scalar(
            select(Workspace)
            .where(Workspace.owner_id == user_id)
            .order_by(Workspace.id.desc())
            .limit(1)
        )

    async def add(self, workspace: Workspace) -> Workspace:
        """Persist a new workspace and give it an id."""
        self._session.add(workspace)
        await self._session.flush()
        return workspace

    async def lock(self, workspace_id: int) -> None:
        """Hold back other numberings of this workspace until the commit (see ``numbering``)."""
        await lock_workspace(self._session, workspace_id)

    async def get(self, workspace_id: int) -> Workspace | None:
        """A workspace by id."""
        return await self._session.get(Workspace, workspace_id)

    async def locked(self, workspace_id: int) -> Workspace | None:
        """The workspace, reloaded after taking the numbering lock, so closings run one at a time.

        The same lock as numbering (see ``numbering``): ``FOR UPDATE`` would wait on the key-share
        locks of concurrent inserts that reference the workspace and deadlock with them on
        PostgreSQL, and SQLite would ignore it.
        """
        await lock_workspace(self._session, workspace_id)
        return await self._session.scalar(
            select(Workspace)
            .where(Workspace.id == workspace_id)
            .execution_options(populate_existing=True)
        )

    async def scheduled(self) -> Sequence[int]:
        """Ids of workspaces the tick looks at: every one the owner has not paused."""
        rows = await self._session.scalars(
            select(Workspace.id).where(Workspace.paused.is_(False)).order_by(Workspace.id)
        )
        return rows.all()

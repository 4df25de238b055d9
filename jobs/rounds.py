"""Close rounds whose time ran out and fix their pooling blocks: the tick's first step.

In every workspace, paused or not: a pause stops messages, not the clock of an open round.
"""

from __future__ import annotations

from datetime import datetime

from alignment.services.closing import close_due_rounds
from storage.database import Sessions
from storage.repositories import Repositories


async def close_rounds(sessions: Sessions, now: datetime) -> None:
    """Close and pool in every workspace that needs it, one transaction per workspace."""
    async with sessions() as session:
        due = await Repositories(session).pulses.workspaces_to_close(now)
    for workspace_id in due:
        async with sessions.begin() as session:
            repos = Repositories(session)
            workspace = await repos.workspaces.get(workspace_id)
            if workspace is not None:
                await close_due_rounds(repos, workspace, now)

"""Numbering rows 1, 2, 3 … within a workspace so that concurrent updates never collide.

Two approaches hold under concurrency: retry an insert that broke the unique (workspace, number)
constraint inside a SAVEPOINT, or make concurrent numberings of one workspace wait for each
other. We wait: a failed statement on PostgreSQL aborts the whole transaction unless it ran in
a SAVEPOINT, so retrying would cost a SAVEPOINT and a RELEASE on every insert, an ORM object
flushed inside a rolled-back SAVEPOINT has to be rebuilt, and a caller that must first check
something (is a round open already?) needs the wait anyway. Waiting costs one statement.

The wait is a write of the workspace row that changes nothing, which works on both databases:

- PostgreSQL locks the row until the commit. As the key does not change, the lock is
  ``FOR NO KEY UPDATE``: it holds back other numberings of the workspace but not inserts that
  merely reference it (foreign key checks take ``FOR KEY SHARE``). Under READ COMMITTED every
  later statement sees what the transaction we waited for committed.
- SQLite has no row locks; any write takes its single write lock until the commit, and the
  transaction's reads after it see the newest data. (``SELECT … FOR UPDATE`` would not do:
  SQLite ignores it, and reads before a transaction's first write take no lock at all.)

The number itself is computed inside the INSERT, which saves a statement, and the unique
constraints on (workspace_id, number) stay as the last line of defence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import PulseRound, StrategyVersion, Workspace

Numbered = TypeVar("Numbered", PulseRound, StrategyVersion)


async def lock_workspace(session: AsyncSession, workspace_id: int) -> None:
    """Make other writers that lock this workspace wait until this transaction ends."""
    await session.execute(
        update(Workspace)
        .where(Workspace.id == workspace_id)
        .values(id=Workspace.id)
        .execution_options(synchronize_session=False)
    )


async def insert_numbered(
    session: AsyncSession,
    entity: type[Numbered],
    workspace_id: int,
    values: Mapping[str, Any],
) -> Numbered:
    """Insert a row numbered one after the workspace's highest, and return it loaded."""
    await lock_workspace(session, workspace_id)
    number = (
        select(func.coalesce(func.max(entity.number), 0) + 1)
        .where(entity.workspace_id == workspace_id)
        .scalar_subquery()
    )
    statement = (
        insert(entity).values(workspace_id=workspace_id, number=number, **values).returning(entity)
    )
    return (await session.scalars(statement)).one()

"""INSERT … ON CONFLICT, written once for the two databases the bot runs on."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Base

ConflictInsert = sqlite.Insert | postgresql.Insert
"""Both spell ``on_conflict_do_update``, ``on_conflict_do_nothing`` and ``excluded`` alike."""


def conflict_insert(session: AsyncSession, entity: type[Base]) -> ConflictInsert:
    """An INSERT for the session's database that can say what to do with a duplicate key.

    Core's ``insert`` has no ON CONFLICT: each dialect has its own, so the choice is made here.
    """
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(entity)
    return sqlite.insert(entity)

"""Secrets an installation generates for itself on first use, shared by all its processes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import InstanceSecret
from storage.repositories.inserts import conflict_insert


class InstanceSecretRepository:
    """One value per name, written once and never changed."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_or_add(self, name: str, candidate: str) -> str:
        """The stored value of ``name``, storing ``candidate`` if there is none yet.

        INSERT … ON CONFLICT DO NOTHING, then SELECT: when two processes start at once, the
        second insert waits for the first and does nothing, so both read the same value.
        """
        await self._session.execute(
            conflict_insert(self._session, InstanceSecret)
            .values(name=name, value=candidate)
            .on_conflict_do_nothing(index_elements=[InstanceSecret.name])
        )
        stored = await self._session.execute(
            select(InstanceSecret.value).where(InstanceSecret.name == name)
        )
        return stored.scalar_one()

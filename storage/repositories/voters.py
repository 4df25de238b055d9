"""Keyed fingerprints of the accounts that filed in a round (see ``alignment.team.voters``)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import RoundVoter


class VoterRepository:
    """Fingerprints only: nothing here knows an account, a membership or an answer."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def has(self, round_id: int, fingerprint: str) -> bool:
        """Whether this fingerprint already filed in the round."""
        found = await self._session.scalar(
            select(RoundVoter.round_id).where(
                RoundVoter.round_id == round_id, RoundVoter.fingerprint == fingerprint
            )
        )
        return found is not None

    async def add(self, round_id: int, fingerprint: str) -> None:
        """Record a filing; a second one for the same fingerprint and round breaks the key."""
        await self._session.execute(
            insert(RoundVoter).values(round_id=round_id, fingerprint=fingerprint)
        )

    async def forget(self, round_ids: Collection[int]) -> None:
        """Drop the fingerprints of rounds whose results can no longer change."""
        await self._session.execute(
            delete(RoundVoter)
            .where(RoundVoter.round_id.in_(round_ids))
            .execution_options(synchronize_session=False)
        )

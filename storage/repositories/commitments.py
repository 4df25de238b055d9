"""Commitments: the owner's actions after a report, their drafts and their follow-ups."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Commitment


class CommitmentRepository:
    """Drafts (``stage`` set) and committed actions (``committed_at`` set) of a workspace."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, commitment: Commitment) -> Commitment:
        """Persist a new draft and give it an id."""
        self._session.add(commitment)
        await self._session.flush()
        return commitment

    async def draft(self, workspace_id: int) -> Commitment | None:
        """The one commitment the owner is still answering questions about, if any."""
        return await self._session.scalar(
            select(Commitment)
            .where(Commitment.workspace_id == workspace_id, Commitment.stage.is_not(None))
            .order_by(Commitment.id.desc())
            .limit(1)
        )

    async def drop_drafts(self, workspace_id: int) -> None:
        """Forget unfinished commitments: starting a new one replaces them."""
        await self._session.execute(
            delete(Commitment).where(
                Commitment.workspace_id == workspace_id, Commitment.stage.is_not(None)
            )
        )

    async def get(self, workspace_id: int, commitment_id: int) -> Commitment | None:
        """A commitment of this workspace by id; another workspace's id finds nothing."""
        return await self._session.scalar(
            select(Commitment).where(
                Commitment.id == commitment_id, Commitment.workspace_id == workspace_id
            )
        )

    async def committed(self, workspace_id: int) -> Sequence[Commitment]:
        """Every committed action of the workspace, newest first."""
        found = await self._session.scalars(
            select(Commitment)
            .where(Commitment.workspace_id == workspace_id, Commitment.committed_at.is_not(None))
            .order_by(Commitment.committed_at.desc(), Commitment.id.desc())
        )
        return found.all()

    async def announced_by(self, round_id: int) -> Commitment | None:
        """The commitment a round's invitation tells the team about."""
        return await self._session.scalar(
            select(Commitment).where(Commitment.announced_round_id == round_id).limit(1)
        )

    async def unannounced(self, workspace_id: int, before: datetime) -> Commitment | None:
        """The newest commitment made before ``before`` that no round has told the team yet."""
        return await self._session.scalar(
            select(Commitment)
            .where(
                Commitment.workspace_id == workspace_id,
                Commitment.committed_at.is_not(None),
                Commitment.committed_at <= before,
                Commitment.announced_round_id.is_(None),
            )
            .order_by(Commitment.committed_at.desc())
            .limit(1)
        )

    async def to_reask(self, workspace_id: int, made_before: datetime) -> Sequence[Commitment]:
        """Committed actions made before ``made_before`` whose dimension was not asked again."""
        found = await self._session.scalars(
            select(Commitment).where(
                Commitment.workspace_id == workspace_id,
                Commitment.committed_at <= made_before,
                Commitment.reasked_at.is_(None),
            )
        )
        return found.all()

    async def due_between(self, workspace_id: int, first: date, last: date) -> Sequence[Commitment]:
        """Committed actions due in [first, last] whose outcome the owner has not given."""
        found = await self._session.scalars(
            select(Commitment).where(
                Commitment.workspace_id == workspace_id,
                Commitment.committed_at.is_not(None),
                Commitment.done.is_(None),
                Commitment.due_on >= first,
                Commitment.due_on <= last,
            )
        )
        return found.all()

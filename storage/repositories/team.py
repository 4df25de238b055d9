"""Departments, invite links and memberships: who is on which team."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    CheckIn,
    Department,
    Invite,
    Membership,
    Participation,
    User,
    Workspace,
)
from storage.repositories.checkins import ACTIVE
from storage.repositories.pulses import PulseRepository


class TeamRepository:
    """Queries over a workspace's people; callers decide who may see what."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, row: Department | Invite | Membership) -> None:
        """Persist a new department, invite or membership and give it an id."""
        self._session.add(row)
        await self._session.flush()

    async def remove(self, row: Department | Membership) -> None:
        """Delete a department (its members and counts stay, without one) or a membership."""
        if isinstance(row, Department):
            await PulseRepository(self._session).merge_department(row.id)
        await self._session.delete(row)
        await self._session.flush()

    async def departments(self, workspace_id: int) -> Sequence[Department]:
        """A workspace's departments in the order they were added."""
        rows = await self._session.scalars(
            select(Department)
            .where(Department.workspace_id == workspace_id)
            .order_by(Department.id)
        )
        return rows.all()

    async def invite_by_hash(self, token_hash: str) -> Invite | None:
        """The invite behind a token, whatever its state; the caller checks expiry."""
        return await self._session.scalar(select(Invite).where(Invite.token_hash == token_hash))

    async def invite(self, invite_id: int) -> Invite | None:
        """An invite by id (from a Revoke button)."""
        return await self._session.get(Invite, invite_id)

    async def live_invites(self, workspace_id: int, now: datetime) -> Sequence[Invite]:
        """Invites that would still let someone join."""
        rows = await self._session.scalars(
            select(Invite).where(
                Invite.workspace_id == workspace_id,
                Invite.revoked_at.is_(None),
                Invite.expires_at > now,
            )
        )
        return rows.all()

    async def membership(self, workspace_id: int, user_id: int) -> Membership | None:
        """The user's membership of one workspace, if any."""
        return await self._session.scalar(
            select(Membership).where(
                Membership.workspace_id == workspace_id, Membership.user_id == user_id
            )
        )

    async def memberships_of(self, user_id: int) -> Sequence[tuple[Membership, Workspace]]:
        """Every team a person belongs to, oldest first, with its workspace."""
        rows = await self._session.execute(
            select(Membership, Workspace)
            .join(Workspace, Workspace.id == Membership.workspace_id)
            .where(Membership.user_id == user_id)
            .order_by(Membership.id)
        )
        return [(m, w) for m, w in rows.all()]

    async def members(self, workspace_id: int) -> Sequence[Membership]:
        """Everyone on a workspace's team."""
        rows = await self._session.scalars(
            select(Membership).where(Membership.workspace_id == workspace_id)
        )
        return rows.all()

    async def member_count(self, workspace_id: int) -> int:
        """How many people are on the team."""
        count = await self._session.scalar(
            select(func.count()).where(Membership.workspace_id == workspace_id)
        )
        return int(count or 0)

    async def chats_to_prompt(
        self, workspace_id: int, round_id: int, today: date, joined_by: datetime | None = None
    ) -> Sequence[int]:
        """Telegram ids of members to ask about a round.

        Not paused, not away ``today`` (the business's date), not unreachable, not answered,
        not answering, and (with ``joined_by``) on the team by then: later joiners were asked
        when they joined.
        """
        answered = select(Participation.respondent_key).where(Participation.round_id == round_id)
        answering = select(CheckIn.user_id).where(
            CheckIn.round_id == round_id, CheckIn.status == ACTIVE
        )
        query = (
            select(User.telegram_id)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.workspace_id == workspace_id,
                Membership.paused.is_(False),
                or_(Membership.away_until.is_(None), Membership.away_until < today),
                User.unreachable_at.is_(None),
                Membership.respondent_key.not_in(answered),
                Membership.user_id.not_in(answering),
            )
            .order_by(Membership.id)
        )
        if joined_by is not None:
            query = query.where(Membership.joined_at <= joined_by)
        return (await self._session.scalars(query)).all()

"""Users by their Telegram id."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import User
from storage.repositories.inserts import conflict_insert


class UserRepository:
    """Find or register the person behind an update."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: int) -> User | None:
        """A user by id."""
        return await self._session.get(User, user_id)

    async def by_telegram_id(self, telegram_id: int) -> User | None:
        """The user, or None for someone the bot has never met."""
        return await self._session.scalar(select(User).where(User.telegram_id == telegram_id))

    async def upsert(self, telegram_id: int, first_name: str, now: datetime) -> User:
        """Register a new user or refresh the name of a known one, in one statement.

        A select followed by an insert lets two first updates from one person both insert.
        The row is written even when the name is unchanged: that write locks the user until
        the commit on PostgreSQL, and takes SQLite's write lock at the start of the update, so
        one person's concurrent updates run one after the other instead of racing. The same
        write clears ``unreachable_at``: someone who writes to the bot can be written to.
        """
        insert = conflict_insert(self._session, User)
        statement = (
            insert.values(telegram_id=telegram_id, first_name=first_name[:128], created_at=now)
            .on_conflict_do_update(
                index_elements=[User.telegram_id],
                set_={User.first_name: insert.excluded.first_name, User.unreachable_at: None},
            )
            .returning(User)
        )
        result = await self._session.scalars(
            statement, execution_options={"populate_existing": True}
        )
        return result.one()

    async def mark_unreachable(self, telegram_id: int, now: datetime) -> None:
        """The person blocked the bot or left Telegram; the first time it was noticed is kept."""
        await self._session.execute(
            update(User)
            .where(User.telegram_id == telegram_id, User.unreachable_at.is_(None))
            .values(unreachable_at=now)
            .execution_options(synchronize_session=False)
        )

    async def mark_reachable(self, telegram_id: int) -> None:
        """The person unblocked the bot; nothing is written unless they were unreachable."""
        await self._session.execute(
            update(User)
            .where(User.telegram_id == telegram_id, User.unreachable_at.is_not(None))
            .values(unreachable_at=None)
            .execution_options(synchronize_session=False)
        )

    async def unreachable_count(self, user_ids: Collection[int]) -> int:
        """How many of these users (by our id) the bot cannot write to."""
        if not user_ids:
            return 0
        count = await self._session.scalar(
            select(func.count()).where(User.id.in_(user_ids), User.unreachable_at.is_not(None))
        )
        return int(count or 0)

    async def remove(self, user: User) -> None:
        """Forget a person entirely; their check-ins and memberships go with them."""
        await self._session.delete(user)
        await self._session.flush()

"""Users by their Telegram id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
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
        one person's concurrent updates run one after the other instead of racing.
        """
        insert = conflict_insert(self._session, User)
        statement = (
            insert.values(telegram_id=telegram_id, first_name=first_name[:128], created_at=now)
            .on_conflict_do_update(
                index_elements=[User.telegram_id],
                set_={User.first_name: insert.excluded.first_name},
            )
            .returning(User)
        )
        result = await self._session.scalars(
            statement, execution_options={"populate_existing": True}
        )
        return result.one()

    async def remove(self, user: User) -> None:
        """Forget a person entirely; their check-ins and memberships go with them."""
        await self._session.delete(user)
        await self._session.flush()

"""Users by their Telegram id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import User


class UserRepository:
    """Find or register the person behind an update."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def by_telegram_id(self, telegram_id: int) -> User | None:
        """The user, or None for someone the bot has never met."""
        return await self._session.scalar(select(User).where(User.telegram_id == telegram_id))

    async def upsert(self, telegram_id: int, first_name: str, now: datetime) -> User:
        """Register a new user or refresh the name of a known one."""
        user = await self.by_telegram_id(telegram_id)
        if user is None:
            user = User(telegram_id=telegram_id, first_name=first_name[:128], created_at=now)
            self._session.add(user)
            await self._session.flush()
        elif user.first_name != first_name[:128]:
            user.first_name = first_name[:128]
        return user

    async def remove(self, user: User) -> None:
        """Forget a person entirely; their check-ins and memberships go with them."""
        await self._session.delete(user)
        await self._session.flush()

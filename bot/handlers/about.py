"""/help and /privacy: what the bot does and how answers stay anonymous."""

from __future__ import annotations

from telegram import Update

from bot.handlers.base import Handlers
from bot.handlers.replies import Context, person_of


class AboutHandlers(Handlers):
    """Answers for anyone, owner or member."""

    async def help(self, update: Update, context: Context) -> None:
        """/help: what the bot does and the commands of this person's role."""
        await self._reply(update, context, await self._runtime.roles.help(person_of(update)))

    async def privacy(self, update: Update, context: Context) -> None:
        """/privacy: exactly which protections apply."""
        await self._reply(update, context, await self._runtime.team.privacy(person_of(update)))

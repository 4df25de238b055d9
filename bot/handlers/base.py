"""What every handler class holds: the services and the one reply path."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update

from alignment.services import Event, Notice
from bot.handlers.buttons import acknowledge
from bot.handlers.replies import Context, Replier, person_of
from bot.runtime import Runtime


class Handlers:
    """Handlers parse an update, call one service and reply; services check authority."""

    def __init__(self, runtime: Runtime, replier: Replier) -> None:
        self._runtime = runtime
        self._replier = replier

    async def stale(self, update: Update, context: Context) -> None:
        """A press on callback data we cannot route: old, forged or garbage."""
        if await acknowledge(update):
            await self._stale(update, context)

    async def _stale(self, update: Update, context: Context) -> None:
        """Say the button is out of date and show where the person is now."""
        current = await self._runtime.checkins.current(person_of(update))
        await self._reply(update, context, [Notice("stale_button"), *current])

    async def _reply(self, update: Update, context: Context, events: Sequence[Event]) -> None:
        await self._replier.reply(update, context, events)

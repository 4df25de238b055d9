"""The owner's commitments: the button under a report, its questions, the follow-up, /actions."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import CommitmentDone, CommitToAction, TakeSuggestion
from bot.handlers.base import Handlers
from bot.handlers.buttons import retire_buttons
from bot.handlers.replies import Context, person_of


class CommitmentHandlers(Handlers):
    """Owner-only; the service refuses anyone else, and the reply path words it."""

    async def commit(self, update: Update, context: Context, button: CommitToAction) -> None:
        """The "Commit to an action" button under /report or a digest: the first question."""
        events = await self._runtime.commitments.start(person_of(update), button.dimension)
        await self._reply(update, context, events)

    async def take(self, update: Update, context: Context, button: TakeSuggestion) -> None:
        """The "Use this" button: the pre-filled action or message, as if typed."""
        events = await self._runtime.commitments.take(
            person_of(update), button.commitment_id, button.stage
        )
        await retire_buttons(update, events)
        await self._reply(update, context, events)

    async def done(self, update: Update, context: Context, button: CommitmentDone) -> None:
        """Yes or Not yet, once the date has passed."""
        events = await self._runtime.commitments.outcome(
            person_of(update), button.commitment_id, button.done
        )
        await retire_buttons(update, events)
        await self._reply(update, context, events)

    async def actions(self, update: Update, context: Context) -> None:
        """/actions: every commitment and how it went."""
        await self._reply(
            update, context, await self._runtime.commitments.actions(person_of(update))
        )

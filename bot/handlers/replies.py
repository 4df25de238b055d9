"""The one reply path: events rendered for the update's chat, then what services queued for others."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Iterable, Sequence
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from alignment.services import Event, Notice, Person
from alignment.services.errors import DomainError
from alignment.services.events import Queued, RoleChanged
from alignment.services.outbox import OutboxService
from bot.menus import show_menu
from bot.outgoing import Reply
from bot.render import Renderer
from bot.sender import deliver, flush
from bot.texts import UiTexts

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]


def person_of(update: Update) -> Person:
    """The domain's view of who sent the update."""
    user = update.effective_user
    assert user is not None
    return Person(user.id, user.first_name)


class Replier:
    """Every handler replies through here, so a refusal is worded once for all of them."""

    def __init__(self, texts: UiTexts, outbox: Callable[[], OutboxService]) -> None:
        self._texts = texts
        self._outbox = outbox

    def renderer(self, update: Update, context: Context) -> Renderer:
        """A renderer that greets the sender by name and links to this bot."""
        return Renderer(self._texts, person_of(update).first_name, context.bot.username or "")

    async def reply(self, update: Update, context: Context, events: Sequence[Event]) -> None:
        """Send the events to this chat, then what the service queued for other people.

        A changed role gets its command menu after the replies, once the service has committed.
        """
        renderer = self.renderer(update, context)
        await send(update, context, renderer.events(events))
        for changed in (e for e in events if isinstance(e, RoleChanged)):
            await show_menu(context.bot, self._texts, changed.external_id, changed.role)
        if any(isinstance(e, Queued) for e in events):
            await flush(context.bot, self._outbox(), self._texts)

    def guarded(self, callback: Callback) -> Callback:
        """The handler, with a domain refusal (such as NotOwner) answered by its notice.

        The service raised inside its transaction, so nothing it did is stored.
        """

        async def run(update: Update, context: Context) -> None:
            try:
                await callback(update, context)
            except DomainError as refusal:
                await self.reply(update, context, [Notice(refusal.notice)])

        return run


async def send(update: Update, context: Context, messages: Iterable[Reply]) -> None:
    """Send messages, in order, to the update's chat."""
    chat = update.effective_chat
    assert chat is not None
    for message in messages:
        await deliver(context.bot, chat.id, message)

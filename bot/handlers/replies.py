"""The one reply path: events rendered for the update's chat, invitations sent to members."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Iterable, Sequence
from typing import Any

from telegram import Bot, Update
from telegram.error import Forbidden
from telegram.ext import ContextTypes

from alignment.services import Event, Notice, Person
from alignment.services.errors import DomainError
from alignment.services.events import RoleChanged, RoundInvitation
from bot.menus import show_menu
from bot.outgoing import Document, Outgoing, Photo, Reply
from bot.render import Renderer
from bot.texts import UiTexts

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]
MESSAGE_LIMIT = 4096


def person_of(update: Update) -> Person:
    """The domain's view of who sent the update."""
    user = update.effective_user
    assert user is not None
    return Person(user.id, user.first_name)


class Replier:
    """Every handler replies through here, so a refusal is worded once for all of them."""

    def __init__(self, texts: UiTexts) -> None:
        self._texts = texts

    def renderer(self, update: Update, context: Context) -> Renderer:
        """A renderer that greets the sender by name and links to this bot."""
        return Renderer(self._texts, person_of(update).first_name, context.bot.username or "")

    async def reply(self, update: Update, context: Context, events: Sequence[Event]) -> None:
        """Send the events to this chat and each round invitation to every member's chat.

        A changed role gets its command menu after the replies, once the service has committed.
        """
        renderer = self.renderer(update, context)
        mine = [e for e in events if not isinstance(e, RoundInvitation)]
        await send(update, context, renderer.events(mine))
        for changed in (e for e in events if isinstance(e, RoleChanged)):
            await show_menu(context.bot, self._texts, changed.external_id, changed.role)
        for invitation in (e for e in events if isinstance(e, RoundInvitation)):
            message = renderer.invitation(invitation)
            for chat_id in invitation.external_ids:
                try:
                    await deliver(context.bot, chat_id, message)
                except Forbidden:
                    log.info("a member has blocked the bot; skipped their round invitation")

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


async def deliver(bot: Bot, chat_id: int, message: Reply) -> None:
    """One reply to one chat; a chart is drawn in a worker thread, off the event loop."""
    match message:
        case Outgoing(text=text, keyboard=keyboard):
            *first, last = chunks(text)
            for part in first:
                await bot.send_message(chat_id, part)
            await bot.send_message(chat_id, last, reply_markup=keyboard)
        case Photo(draw=draw, caption=caption):
            await bot.send_photo(chat_id, photo=await asyncio.to_thread(draw), caption=caption)
        case Document(content=content, filename=filename, caption=caption):
            await bot.send_document(chat_id, document=content, filename=filename, caption=caption)


def chunks(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split a long text at line breaks so each part fits in one Telegram message."""
    parts: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        for start in range(0, len(line), limit):
            piece = line[start : start + limit]
            if current and len(current) + len(piece) > limit:
                parts.append(current)
                current = ""
            current += piece
    parts.append(current)
    return [part.rstrip("\n") for part in parts if part.strip()] or [text]

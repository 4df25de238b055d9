"""/coach: the owner's question, answered with "typing…" and, when a model streams, a draft."""

from __future__ import annotations

import logging

from telegram import Bot, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError

from alignment.services import Event
from bot.handlers.base import Handlers
from bot.handlers.replies import Context, person_of

log = logging.getLogger(__name__)
DRAFT_STEP = 80
"""Characters an answer grows by before the draft is updated: one request per chunk would
spend the chat's flood limit on a fast stream."""


class ChatProgress:
    """Shows the owner that an answer is coming; a failure here never loses the answer."""

    def __init__(self, bot: Bot, chat_id: int, draft_id: int) -> None:
        self._bot = bot
        self._chat_id = chat_id
        self._draft_id = draft_id
        self._shown = 0
        self._broken = False

    async def waiting(self) -> None:
        """The typing indicator while the coach thinks."""
        try:
            await self._bot.send_chat_action(self._chat_id, ChatAction.TYPING)
        except TelegramError:
            log.info("could not show the typing indicator")

    async def draft(self, text: str) -> None:
        """The growing answer as a message draft; the final answer is a normal message."""
        if self._broken or (self._shown and len(text) - self._shown < DRAFT_STEP):
            return
        try:
            await self._bot.send_message_draft(self._chat_id, self._draft_id, text)
            self._shown = len(text)
        except TelegramError:
            self._broken = True  # the final message still comes
            log.info("could not send a message draft; the answer follows as a message")


class CoachHandlers(Handlers):
    """Owner-only; the service refuses anyone else, and the reply path words it."""

    async def coach(self, update: Update, context: Context) -> None:
        """/coach <question>, or a bare /coach that asks what to ask."""
        question = " ".join(context.args or ())
        events = await self._runtime.coach.ask(
            person_of(update), question, progress(update, context)
        )
        await self._reply(update, context, events)

    async def typed(self, update: Update, context: Context, text: str) -> list[Event]:
        """Text typed after a bare /coach is answered; [] when no question was awaited."""
        return await self._runtime.coach.typed(person_of(update), text, progress(update, context))


def progress(update: Update, context: Context) -> ChatProgress:
    """Progress shown in the update's chat, the draft keyed by the owner's message."""
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None
    assert message is not None
    return ChatProgress(context.bot, chat.id, message.message_id)

"""The one error handler: log the failure, tell the person, never lose their answers."""

from __future__ import annotations

import logging

from telegram import Chat, Update
from telegram.error import TelegramError

from bot.handlers.replies import Context
from bot.runtime import Runtime

log = logging.getLogger(__name__)


class ErrorHandler:
    """Answers are committed before any reply is sent, so an error here loses nothing stored."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def handle(self, update: object, context: Context) -> None:
        """Log with the update id only (no message content), then apologise in private chats."""
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("Error while handling update %s", update_id, exc_info=context.error)
        if not isinstance(update, Update):
            return
        chat = update.effective_chat
        if chat is None or chat.type != Chat.PRIVATE:
            return
        try:
            await context.bot.send_message(chat.id, self._runtime.texts.errors.internal)
        except TelegramError:
            log.warning("Could not tell chat about the error for update %s", update_id)

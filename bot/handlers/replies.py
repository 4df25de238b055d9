"""Sending rendered messages back to the chat an update came from."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import Update
from telegram.ext import ContextTypes

from alignment.services import Person
from bot.render import Outgoing

Context = ContextTypes.DEFAULT_TYPE
MESSAGE_LIMIT = 4096


def person_of(update: Update) -> Person:
    """The domain's view of who sent the update."""
    user = update.effective_user
    assert user is not None
    return Person(user.id, user.first_name)


async def send(update: Update, context: Context, messages: Iterable[Outgoing]) -> None:
    """Send messages, in order, to the update's chat."""
    chat = update.effective_chat
    assert chat is not None
    for message in messages:
        *first, last = chunks(message.text)
        for part in first:
            await context.bot.send_message(chat.id, part)
        await context.bot.send_message(chat.id, last, reply_markup=message.keyboard)


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

"""Sending rendered messages back to the chat an update came from."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import Update
from telegram.ext import ContextTypes

from alignment.services import Person
from bot.render import Outgoing

Context = ContextTypes.DEFAULT_TYPE


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
        await context.bot.send_message(chat.id, message.text, reply_markup=message.keyboard)

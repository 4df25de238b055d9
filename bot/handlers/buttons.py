"""Button presses: one handler per callback namespace, routed by the patterns in callbacks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from telegram import Chat, Message, Update

from alignment.services import Event, Notice
from bot.callbacks import Button, parse
from bot.handlers.replies import Callback, Context

B = TypeVar("B", bound=Button)
REFUSALS = frozenset({"button_expired", "not_a_member", "owner_not_member"})
"""Replies to a button this person may not use: its message keeps its buttons."""


async def acknowledge(update: Update) -> bool:
    """Stop the button's spinner; True when the press came from a private chat."""
    query = update.callback_query
    if query is None:
        return False
    await query.answer()
    chat = update.effective_chat
    return chat is not None and chat.type == Chat.PRIVATE


def pressed(kind: type[B], handle: Callable[[Update, Context, B], Awaitable[None]]) -> Callback:
    """A callback that acknowledges the press and hands the parsed button to ``handle``."""

    async def callback(update: Update, context: Context) -> None:
        if not await acknowledge(update):
            return  # presses in groups are acknowledged and ignored
        assert update.callback_query is not None
        button = parse(update.callback_query.data)
        if isinstance(button, kind):  # always, since the namespace's pattern matched
            await handle(update, context, button)

    return callback


async def retire_buttons(update: Update, events: Sequence[Event]) -> None:
    """Remove the pressed message's buttons once the press did something."""
    query = update.callback_query
    message = query.message if query is not None else None
    if query is None or not isinstance(message, Message) or message.reply_markup is None:
        return
    refused = bool(events) and isinstance(events[0], Notice) and events[0].key in REFUSALS
    if not refused:
        await query.edit_message_reply_markup(None)

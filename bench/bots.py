"""The two bots the benchmark measures, each run as a process of its own.

A separate process makes its CPU time its own: the fake Bot API and the members driving it live
in the benchmark's process and are not counted. Run as ``python -m bench.bots KIND`` with the
usual settings in the environment (``TELEGRAM_BOT_TOKEN``, ``TELEGRAM_API_BASE_URL``,
``DATABASE_URL``); KIND is ``northstar``, ``northstar-paced`` (with the production rate limiter)
or ``echo``. It polls until SIGTERM, then prints one JSON line with the number of SQL statements
it executed.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.app import build_application, production_rate_limiter
from bot.local_api import polling
from bot.settings import Settings

ECHO_LABELS = ("1", "2", "3", "4", "5")
"""The echo bot's keyboard: the five buttons of a pulse statement, plus Skip and Back below."""
ECHO_EXTRA = ("Skip", "◀ Back")
KINDS = ("northstar", "northstar-paced", "echo")


class StatementCounter:
    """Counts every statement any SQLAlchemy engine in this process sends to its database."""

    def __init__(self) -> None:
        self.count = 0
        event.listen(Engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1


def echo_keyboard() -> InlineKeyboardMarkup:
    """As many buttons, as long callback data, as a pulse statement has."""
    row = [
        InlineKeyboardButton(label, callback_data=f"ci:a:1:1:{i}")
        for i, label in enumerate(ECHO_LABELS)
    ]
    extra = [
        InlineKeyboardButton(label, callback_data=f"ci:s:1:{i}")
        for i, label in enumerate(ECHO_EXTRA)
    ]
    return InlineKeyboardMarkup([row, extra])


async def echo_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed message starts a chat: reply with a question and its buttons."""
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(chat.id, "Question", reply_markup=echo_keyboard())


async def echo_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The same three calls as a pulse answer: answer the query, mark the choice, ask again."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None or not isinstance(query.message, Message):
        return
    await query.answer()
    await query.edit_message_text(f"{query.message.text}\n\n→ {query.data}")
    await context.bot.send_message(chat.id, "Question", reply_markup=echo_keyboard())


def echo_application(settings: Settings) -> Application:  # type: ignore[type-arg]
    """A minimal python-telegram-bot Application: no database, no domain, no rate limiter."""
    assert settings.telegram_bot_token is not None
    base = settings.telegram_api_base_url
    app = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .build()
    )
    app.add_handler(CallbackQueryHandler(echo_press))
    app.add_handler(MessageHandler(filters.TEXT, echo_text))
    return app


async def main(kind: str) -> None:
    """Build the chosen bot from the environment's settings and serve until SIGTERM."""
    counter = StatementCounter()
    settings = Settings(_env_file=None)
    if kind == "echo":
        app = echo_application(settings)
    else:
        paced = kind == "northstar-paced"
        app = build_application(
            settings,
            rate_limiter=production_rate_limiter() if paced else None,
            scheduled_jobs=True,
        )
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with polling(app):
        await stop.wait()
    print(json.dumps({"statements": counter.count}), flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in KINDS:
        sys.exit(f"usage: python -m bench.bots {'|'.join(KINDS)}")
    asyncio.run(main(sys.argv[1]))

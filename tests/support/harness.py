"""Run the real Application, built by the composition root, against the fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from telegram.ext import Application, BaseRateLimiter

from alignment.coach.language_model import LanguageModel
from alignment.services import Clock
from bot.app import build_application
from bot.local_api import polling
from bot.settings import Settings
from tests.fakes.bot_api import FakeBotApi, FakeUser

JSON = dict[str, Any]


@asynccontextmanager
async def running_bot(
    settings: Settings,
    clock: Clock,
    *,
    rate_limiter: BaseRateLimiter | None = None,  # type: ignore[type-arg]
    scheduled_jobs: bool = False,
    model: LanguageModel | None = None,
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """The bot polling the fake server until the block ends; unpaced and without scheduled jobs
    (tests run job functions themselves with the fake clock) unless asked for; the model the
    settings call for unless given one."""
    app = build_application(
        settings,
        clock=clock,
        rate_limiter=rate_limiter,
        scheduled_jobs=scheduled_jobs,
        model=model,
    )
    async with polling(app):
        yield app


class Chat:
    """One person's private chat with the bot, driven the way a person would."""

    def __init__(self, api: FakeBotApi, app: Application, user: FakeUser) -> None:  # type: ignore[type-arg]
        self.api = api
        self.app = app
        self.user = user

    async def say(self, text: str) -> list[JSON]:
        """Send a text message; returns the messages the bot sent in reply."""
        return await self._settle(self.api.mark(), self.api.send_text(self.user, text))

    async def tap(self, button_text: str, message: JSON | None = None) -> list[JSON]:
        """Tap a button on ``message`` (default: the bot's latest message with buttons)."""
        target = message or self.latest_with_buttons()
        mark = self.api.mark()
        return await self._settle(mark, self.api.tap_button(self.user, target, button_text))

    async def tap_data(self, message: JSON, data: str) -> list[JSON]:
        """Tap with raw callback data, as a forged or outdated client might."""
        return await self._settle(self.api.mark(), self.api.tap(self.user, message, data))

    async def send(self, make: Callable[[FakeUser], int]) -> list[JSON]:
        """Queue any other update from this user (a sticker, a photo) and settle it."""
        mark = self.api.mark()
        return await self._settle(mark, make(self.user))

    def latest(self) -> JSON:
        """The newest message from the bot in this chat."""
        return self.api.last_message(self.user.id)

    def latest_with_buttons(self) -> JSON:
        """The newest message from the bot that still shows buttons."""
        for sent in reversed(self.api.sent_messages(self.user.id)):
            current = self.api.message(self.user.id, sent["message_id"])
            if current and current.get("reply_markup"):
                return current
        raise AssertionError("no message with buttons in this chat")

    def buttons(self, message: JSON | None = None) -> list[str]:
        """Button labels of a message, row by row."""
        target = message or self.latest_with_buttons()
        rows = target.get("reply_markup", {}).get("inline_keyboard", [])
        return [button["text"] for row in rows for button in row]

    async def _settle(self, mark: int, update_id: int) -> list[JSON]:
        await self.api.settle(self.app, update_id)
        return self.api.sent_since(mark)


def texts(messages: list[JSON]) -> str:
    """All the text of some messages, for assertions."""
    return "\n---\n".join(str(m.get("text") or m.get("caption") or "") for m in messages)

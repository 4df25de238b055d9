"""The production rate limiter: the end-to-end harness runs without it, this test keeps it on."""

from __future__ import annotations

from telegram.ext import AIORateLimiter, ExtBot

from bot.app import production_rate_limiter
from bot.settings import Settings
from tests.fakes.bot_api import FakeBotApi, FakeUser
from tests.support.clock import FakeClock
from tests.support.harness import Chat, running_bot, texts


async def test_the_bot_answers_through_the_production_rate_limiter(
    bot_api: FakeBotApi, settings: Settings, clock: FakeClock
) -> None:
    async with running_bot(settings, clock, rate_limiter=production_rate_limiter()) as app:
        assert isinstance(app.bot, ExtBot)
        assert isinstance(app.bot.rate_limiter, AIORateLimiter)
        owner = Chat(bot_api, app, FakeUser(id=1001, first_name="Olena"))
        replies = await owner.say("/start")
        assert "Olena" in texts(replies)


async def test_the_harness_runs_unpaced(
    bot_api: FakeBotApi, settings: Settings, clock: FakeClock
) -> None:
    async with running_bot(settings, clock) as app:
        assert isinstance(app.bot, ExtBot)
        assert app.bot.rate_limiter is None

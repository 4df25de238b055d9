"""Telegram's flood limits: our own limiter paces sends and holds a 429 pause for all of it.

The pacing tests run a real ``ExtBot`` against the fake Bot API on virtual time
(``tests/support/clock.py:VirtualTime``): the limiter's waits are recorded, never slept, and the
fake API stamps each call with the same virtual clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from itertools import pairwise

import pytest
from telegram.error import RetryAfter
from telegram.ext import ExtBot

from bot.app import production_rate_limiter
from bot.ratelimit import OVERALL, TelegramRateLimiter
from bot.settings import Settings
from tests.fakes.bot_api import FakeBotApi, FakeUser
from tests.support.clock import FakeClock, VirtualTime
from tests.support.harness import Chat, running_bot, texts

ANNA, BOHDAN, CHRISTA = 2001, 2002, 2003
EPSILON = 1e-6


async def test_the_bot_answers_through_the_production_rate_limiter(
    bot_api: FakeBotApi, settings: Settings, clock: FakeClock
) -> None:
    async with running_bot(settings, clock, rate_limiter=production_rate_limiter()) as app:
        assert isinstance(app.bot, ExtBot)
        assert isinstance(app.bot.rate_limiter, TelegramRateLimiter)
        owner = Chat(bot_api, app, FakeUser(id=1001, first_name="Olena"))
        replies = await owner.say("/start")
        assert "Olena" in texts(replies)


async def test_the_harness_runs_unpaced(
    bot_api: FakeBotApi, settings: Settings, clock: FakeClock
) -> None:
    async with running_bot(settings, clock) as app:
        assert isinstance(app.bot, ExtBot)
        assert app.bot.rate_limiter is None


@pytest.fixture
def time(bot_api: FakeBotApi) -> VirtualTime:
    """Virtual time shared by the limiter and the fake Bot API's call stamps."""
    virtual = VirtualTime()
    bot_api.clock = virtual.monotonic
    return virtual


def paced(time: VirtualTime, **limits: int) -> TelegramRateLimiter:
    """The production limiter's pacing, on virtual time."""
    return TelegramRateLimiter(monotonic=time.monotonic, sleep=time.sleep, **limits)


@pytest.fixture
async def bot(bot_api: FakeBotApi, time: VirtualTime) -> AsyncIterator[ExtBot[int]]:
    """A bot talking to the fake API through the limiter; no Application, no polling."""
    bot: ExtBot[int] = ExtBot(
        bot_api.token,
        base_url=f"{bot_api.base_url}/bot",
        rate_limiter=paced(time, max_retries=2),
    )
    async with bot:
        yield bot


def sends(api: FakeBotApi, chat_id: int) -> list[tuple[float, str | None]]:
    """(arrival, error) of every sendMessage to a chat."""
    calls = api.calls("sendMessage")
    return [(c.at, c.error) for c in calls if c.params["chat_id"] == chat_id]


async def test_a_429_pauses_every_send_to_every_chat_for_all_of_retry_after(
    bot: ExtBot[int], bot_api: FakeBotApi, time: VirtualTime
) -> None:
    start = time.now
    bot_api.throttle(ANNA, retry_after=5)

    await time.run(*(bot.send_message(chat, "Hello") for chat in (ANNA, BOHDAN, CHRISTA)))

    (refused, error), *_ = sends(bot_api, ANNA)
    assert refused == start
    assert (error or "").startswith("Too Many Requests")
    delivered = sorted(c.at for c in bot_api.calls("sendMessage") if c.error is None)
    assert len(delivered) == 3
    assert delivered[0] >= start + 5  # Bohdan and Christa were due at once: they waited too
    assert all(b - a >= OVERALL - EPSILON for a, b in pairwise(delivered))


async def test_a_shorter_429_never_ends_a_longer_pause_early(time: VirtualTime) -> None:
    """Two sends in flight get 429s of 10 s and then 2 s: both retry after 10 s (PTB #5338)."""
    limiter = paced(time, overall=0)
    bohdan_in_flight, anna_refused = asyncio.Event(), asyncio.Event()
    attempts: dict[int, list[float]] = {ANNA: [], BOHDAN: []}

    async def send(chat_id: int) -> bool:
        attempts[chat_id].append(time.now)
        if len(attempts[chat_id]) > 1:
            return True
        if chat_id == ANNA:
            await bohdan_in_flight.wait()
            anna_refused.set()
            raise RetryAfter(10)
        bohdan_in_flight.set()
        await anna_refused.wait()
        raise RetryAfter(2)

    start = time.now
    await time.run(
        *(
            limiter.process_request(send, (chat,), {}, "sendMessage", {"chat_id": chat}, None)
            for chat in (ANNA, BOHDAN)
        )
    )
    assert attempts[ANNA][0] == attempts[BOHDAN][0] == start
    assert min(attempts[ANNA][1], attempts[BOHDAN][1]) >= start + 10


async def test_one_chat_is_paced_without_holding_up_another(
    bot: ExtBot[int], bot_api: FakeBotApi, time: VirtualTime
) -> None:
    start = time.now
    to_anna = [bot.send_message(ANNA, f"Part {n}") for n in range(5)]
    await time.run(*to_anna, bot.send_message(BOHDAN, "Hi"))

    anna = [at - start for at, _ in sends(bot_api, ANNA)]
    assert max(anna[:3]) < 1  # a short burst passes
    assert anna[3] >= 1  # then one a second
    assert anna[4] >= 2
    assert sends(bot_api, BOHDAN)[0][0] - start < 1


async def test_a_429_beyond_max_retries_raises_for_the_sender_to_retry_later(
    bot: ExtBot[int], bot_api: FakeBotApi, time: VirtualTime
) -> None:
    start = time.now
    bot_api.throttle(None, retry_after=3, times=3)

    with pytest.raises(RetryAfter):
        await time.run(bot.send_message(ANNA, "Hello"))

    assert [at - start for at, _ in sends(bot_api, ANNA)] == [0, 3, 6]
    assert time.sleeps == [3, 3]

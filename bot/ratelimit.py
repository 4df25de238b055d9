"""Telegram's flood limits, kept by the bot itself: paced sends and one shared 429 pause.

Telegram allows a bot about 30 messages a second overall, about one a second in a private chat
(short bursts pass) and 20 a minute in a group; beyond that it answers 429 with ``retry_after``.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]
Monotonic = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class Pace:
    """One lane of sends: one every ``interval`` seconds, with up to ``burst`` at once.

    A generic cell rate algorithm: ``reserve`` books the next free instant and returns it, with
    no await between reading and booking, so concurrent senders on one event loop never share
    a slot.
    """

    def __init__(self, interval: float, burst: int = 1) -> None:
        self._interval = interval
        self._tolerance = interval * (burst - 1)
        self._due = float("-inf")

    def reserve(self, now: float) -> float:
        """The instant the caller may send at; the slot is booked for them."""
        start = max(now, self._due - self._tolerance)
        self._due = max(self._due, now) + self._interval
        return start

    def busy(self, now: float) -> bool:
        """Whether a send now would still be held back by earlier ones."""
        return self._due > now


OVERALL = 1 / 29
"""Seconds between two sends by the bot: a little under Telegram's 30 a second, so that requests
that leave on time but arrive bunched up (one slow, the next not) never put 31 in one second;
paced at exactly 30, the fan-out benchmark drew a 429, and with it a whole second's pause, about
once every 40 messages."""
PRIVATE_CHAT = 1.0
"""Seconds between two sends to one person: about one a second."""
GROUP_CHAT = 3.0
"""Seconds between two sends to one group: 20 a minute."""
CHAT_BURST = 3
"""Sends one chat may get at once (a reply of text, chart and file) before pacing starts."""
MAX_RETRIES = 3
LANES = 10_000
"""Chat lanes kept before the idle ones are dropped."""


class TelegramRateLimiter(BaseRateLimiter[int]):
    """Paces sends per chat and overall, and halts every send for the whole of any 429.

    Replaces python-telegram-bot 22.8's ``AIORateLimiter``, which re-opens a 429 pause as soon
    as any one retry finishes, before another caller's longer ``retry_after`` has passed
    (upstream issue 5338, fixed but unreleased), and has no per-chat limit for private chats.
    Here one "paused until" instant is shared by every call and only ever moves later. Only
    methods that send to a chat (``chat_id`` in the request) are paced; a 429 halts them all.
    Time is injected (``monotonic`` and ``sleep``) so tests check the waits without waiting.
    """

    def __init__(
        self,
        *,
        overall: float = OVERALL,
        private_chat: float = PRIVATE_CHAT,
        group_chat: float = GROUP_CHAT,
        chat_burst: int = CHAT_BURST,
        max_retries: int = MAX_RETRIES,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._overall = Pace(overall)
        self._private_chat = private_chat
        self._group_chat = group_chat
        self._chat_burst = chat_burst
        self._chats: dict[int | str, Pace] = {}
        self._max_retries = max_retries
        self._monotonic = monotonic
        self._sleep = sleep
        self._paused_until = float("-inf")

    async def initialize(self) -> None:
        """Nothing to open: the lanes live in memory."""

    async def shutdown(self) -> None:
        """Forget every lane, so a restarted bot starts unpaced."""
        self._chats.clear()
        self._paused_until = float("-inf")

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """Wait for the chat's lane, any 429 pause and the overall lane; retry a 429 a few times."""
        chat_id = data.get("chat_id")
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        attempt = 0
        while True:
            if chat_id is not None:
                await self._until(self._chat(chat_id).reserve(self._monotonic()))
                await self._take_turn()
            else:
                await self._until(self._paused_until)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as flood:
                seconds = retry_seconds(flood)
                self._paused_until = max(self._paused_until, self._monotonic() + seconds)
                if attempt == retries:
                    raise
                attempt += 1
                log.info("Telegram asked to wait %.1f s (%s); every send waits", seconds, endpoint)

    async def _take_turn(self) -> None:
        """Wait out any pause, then the overall lane; a 429 meanwhile sends us back to wait."""
        while True:
            await self._until(self._paused_until)
            await self._until(self._overall.reserve(self._monotonic()))
            if self._monotonic() >= self._paused_until:
                return

    def _chat(self, chat_id: object) -> Pace:
        """The lane of one chat; negative ids and @usernames are groups and channels.

        Lanes that have caught up are dropped now and then, so a long-running bot keeps only
        the chats it is still pacing.
        """
        key: int | str
        try:
            key = int(str(chat_id))
        except ValueError:
            key = str(chat_id)
        if key not in self._chats:
            if len(self._chats) >= LANES:
                now = self._monotonic()
                self._chats = {k: lane for k, lane in self._chats.items() if lane.busy(now)}
            group = isinstance(key, str) or key < 0
            interval = self._group_chat if group else self._private_chat
            self._chats[key] = Pace(interval, self._chat_burst)
        return self._chats[key]

    async def _until(self, instant: float) -> None:
        wait = instant - self._monotonic()
        if wait > 0:
            await self._sleep(wait)


def retry_seconds(flood: RetryAfter) -> float:
    """The wait Telegram asked for, in seconds, without PTB's int-or-timedelta warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        wait = flood.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)

"""The tick: record what is due, then send it; every minute in the bot, or once from cron.

A function of the database and a time. Recording happens in the services' transactions
(``alignment.services.rhythm``); sending is the edge's sender, passed in, so this package never
talks to Telegram itself. It is safe to run in several processes at once: recording is keyed
and locked per workspace, and the sender claims each delivery before sending it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from alignment.services.rhythm import RhythmService
from jobs.rounds import close_rounds
from storage.database import Sessions

INTERVAL_SECONDS = 60
FIRST_RUN_SECONDS = 5


async def tick(
    sessions: Sessions,
    rhythm: RhythmService,
    send: Callable[[], Awaitable[None]],
    now: datetime,
) -> None:
    """Close what ran out, record everything due at ``now``, then send what is pending."""
    await close_rounds(sessions, now)
    await rhythm.record(now)
    await send()

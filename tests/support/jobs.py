"""Scheduled jobs run by hand: tests move a FakeClock and never wait for the JobQueue."""

from __future__ import annotations

from jobs.rounds import close_rounds
from storage.database import Sessions
from tests.support.clock import FakeClock


async def close_due_rounds(sessions: Sessions, clock: FakeClock) -> None:
    """What the every-minute job would do now: close rounds whose time ran out and pool them."""
    await close_rounds(sessions, clock.now())

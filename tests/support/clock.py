"""A clock tests set by hand; nothing in the suite sleeps."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any


@dataclass
class FakeClock:
    """Starts at a fixed instant and moves only when told."""

    current: datetime = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        """The current fake time."""
        return self.current

    def advance(self, **delta: float) -> None:
        """Move time forward, e.g. ``advance(days=7)``."""
        self.current += timedelta(**delta)


class VirtualTime:
    """A monotonic clock and an ``asyncio.sleep`` for code that paces itself.

    ``run`` drives some coroutines: time stands still while any of them is busy (an HTTP call
    to the fake Bot API, say) and jumps to the earliest wake-up only when all of them sleep,
    so waits are exact and nothing really sleeps. ``sleeps`` records every wait asked for.
    """

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []
        self._changed = asyncio.Event()

    def monotonic(self) -> float:
        """The current virtual instant, in seconds."""
        return self.now

    async def sleep(self, seconds: float) -> None:
        """Wait until ``run`` has moved time ``seconds`` on."""
        self.sleeps.append(seconds)
        woken = asyncio.get_running_loop().create_future()
        self._sleepers.append((self.now + seconds, woken))
        self._changed.set()
        await woken

    async def run(self, *coroutines: Coroutine[Any, Any, Any]) -> list[Any]:
        """Run the coroutines together to the end; a hang fails after 10 real seconds."""
        tasks = [asyncio.ensure_future(c) for c in coroutines]
        async with asyncio.timeout(10):
            while not all(task.done() for task in tasks):
                changed = asyncio.ensure_future(self._changed.wait())
                await asyncio.wait([*tasks, changed], return_when=asyncio.FIRST_COMPLETED)
                changed.cancel()
                self._changed.clear()
                if len(self._sleepers) == sum(not task.done() for task in tasks):
                    self._wake_next()
        return [task.result() for task in tasks]

    def _wake_next(self) -> None:
        """Move to the earliest wake-up and wake everyone due by then."""
        if not self._sleepers:
            return
        self.now = max(self.now, min(at for at, _ in self._sleepers))
        for at, woken in [s for s in self._sleepers if s[0] <= self.now]:
            self._sleepers.remove((at, woken))
            woken.set_result(None)

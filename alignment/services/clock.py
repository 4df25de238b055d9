"""Time as a dependency, so tests and jobs can set the clock instead of sleeping."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Anything that can tell the current time."""

    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current UTC time."""
        return datetime.now(UTC)


@dataclass(frozen=True)
class StoppedClock:
    """A clock stopped at one instant: `northstar jobs tick --at` acts as if it were then."""

    at: datetime

    def now(self) -> datetime:
        """Always the same instant."""
        return self.at

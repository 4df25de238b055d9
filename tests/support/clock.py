"""A clock tests set by hand; nothing in the suite sleeps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


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

"""When things fall due: weekly slots and quiet hours in a business's own time zone.

Pure calendar arithmetic, no database. A slot is a local weekday and wall-clock time; its key is
the local date and time, so a daylight-saving change can neither skip nor repeat a week's item
(the key of a week is the same whatever the offset), and a time that does not exist on the
night the clocks go forward falls at the same wall-clock distance after the gap.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

WEEKDAYS = range(7)
"""0 is Monday, as ``date.weekday`` counts."""
MAX_QUIET = 16
"""Hours of quiet at most, so every day keeps a window to send in."""
STALE = timedelta(days=1)
"""An item that fell due longer ago than this is skipped, not sent at the wrong moment."""


@dataclass(frozen=True)
class Rhythm:
    """One workspace's weekly rhythm, in its local time; defaults come from the settings."""

    checkin_day: int = 0
    checkin_time: time = time(9)
    pulse_days: tuple[int, ...] = (1,)
    pulse_time: time = time(10)
    pulse_every: int = 1
    """Weeks between rounds: 1 or 2."""
    pulse_items: int = 6
    quiet_from: time = time(21)
    quiet_until: time = time(8)
    """Quiet hours run from ``quiet_from`` to ``quiet_until``; equal times mean none."""


@dataclass(frozen=True)
class Slot:
    """One occurrence of a weekly item: when it fell due and the key that makes it unique."""

    at: datetime
    key: str = field(compare=False)


@dataclass(frozen=True)
class Weekly:
    """A weekly item: its weekdays and wall-clock time, every week or every other one.

    With ``every`` 2 the slots fall on alternate weeks, counted from the week of ``since`` (the
    workspace's start), so changing nothing else never moves the fortnight; no slot falls
    before ``since``.
    """

    weekdays: tuple[int, ...]
    at: time
    every: int = 1
    since: datetime | None = None

    def latest(self, now: datetime, zone: tzinfo) -> Slot | None:
        """The most recent slot at or before ``now``, if there is one since ``since``."""
        back = range(0, -7 * self.every - 1, -1)
        slot = next((s for s in self._slots(now, zone, back) if s.at <= now), None)
        if slot is None or (self.since is not None and slot.at < self.since):
            return None
        return slot

    def following(self, now: datetime, zone: tzinfo) -> Slot | None:
        """The first slot after ``now``."""
        ahead = range(7 * self.every + 1)
        return next((s for s in self._slots(now, zone, ahead) if s.at > now), None)

    def _slots(self, now: datetime, zone: tzinfo, offsets: range) -> Iterator[Slot]:
        today = now.astimezone(zone).date()
        first_week = _monday(self.since.astimezone(zone).date()) if self.since else None
        for offset in offsets:
            day = today + timedelta(days=offset)
            if day.weekday() not in self.weekdays:
                continue
            if (
                self.every > 1
                and first_week
                and ((_monday(day) - first_week).days // 7) % self.every
            ):
                continue
            yield Slot(_instant(day, self.at, zone), f"{day.isoformat()}T{self.at:%H:%M}")


def is_quiet(instant: datetime, zone: tzinfo, rhythm: Rhythm) -> bool:
    """Whether an instant falls in the quiet hours, which may run past midnight."""
    start, end = rhythm.quiet_from, rhythm.quiet_until
    wall = instant.astimezone(zone).time()
    if start == end:
        return False
    if start < end:
        return start <= wall < end
    return wall >= start or wall < end


def next_allowed(instant: datetime, zone: tzinfo, rhythm: Rhythm) -> datetime:
    """``instant`` itself, or the end of the quiet hours it falls in."""
    if not is_quiet(instant, zone, rhythm):
        return instant
    local = instant.astimezone(zone)
    day = local.date() if local.time() < rhythm.quiet_until else local.date() + timedelta(days=1)
    return _instant(day, rhythm.quiet_until, zone)


def quiet_hours(rhythm: Rhythm) -> timedelta:
    """How long the quiet hours last each night."""
    start = datetime.combine(date.min, rhythm.quiet_from)
    end = datetime.combine(date.min, rhythm.quiet_until)
    return (end - start) % timedelta(days=1)


def _instant(day: date, at: time, zone: tzinfo) -> datetime:
    """A local wall-clock time as an instant; in a spring-forward gap, just after the gap."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())

"""Weekly slots and quiet hours in a business's own time zone: pure calendar arithmetic."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from alignment.schedule import Rhythm, Weekly, is_quiet, next_allowed

BERLIN = ZoneInfo("Europe/Berlin")


def test_the_latest_slot_keeps_its_local_time_across_the_change() -> None:
    mondays = Weekly((0,), time(9))
    winter = mondays.latest(datetime(2027, 3, 24, 12, tzinfo=UTC), BERLIN)
    summer = mondays.latest(datetime(2027, 3, 31, 12, tzinfo=UTC), BERLIN)
    assert winter is not None
    assert summer is not None
    assert (winter.key, winter.at.hour) == ("2027-03-22T09:00", 8)  # 09:00 CET
    assert (summer.key, summer.at.hour) == ("2027-03-29T09:00", 7)  # 09:00 CEST


def test_a_time_the_clocks_skip_falls_just_after_the_gap() -> None:
    sundays = Weekly((6,), time(2, 30))
    slot = sundays.latest(datetime(2027, 3, 28, 12, tzinfo=UTC), BERLIN)
    assert slot is not None
    assert slot.key == "2027-03-28T02:30"
    assert slot.at.astimezone(BERLIN).time() == time(3, 30)


def test_every_other_week_counts_from_the_start_and_nothing_falls_before_it() -> None:
    start = datetime(2026, 11, 20, tzinfo=UTC)  # a Friday: its week is the first
    fortnightly = Weekly((1,), time(10), every=2, since=start)
    # Tuesday 17 November was before the start, and the week of the 24th is an off week
    assert fortnightly.latest(datetime(2026, 11, 25, 12, tzinfo=UTC), BERLIN) is None
    later = fortnightly.latest(datetime(2026, 12, 3, 12, tzinfo=UTC), BERLIN)
    assert later is not None
    assert later.key == "2026-12-01T10:00"
    upcoming = fortnightly.following(datetime(2026, 12, 3, 12, tzinfo=UTC), BERLIN)
    assert upcoming is not None
    assert upcoming.key == "2026-12-15T10:00"


def test_quiet_hours_run_past_midnight_and_end_in_the_morning() -> None:
    rhythm = Rhythm(quiet_from=time(21), quiet_until=time(8))
    late = datetime(2026, 12, 3, 21, 30, tzinfo=UTC)  # 22:30 in Berlin
    assert is_quiet(late, BERLIN, rhythm)
    assert next_allowed(late, BERLIN, rhythm) == datetime(2026, 12, 4, 7, tzinfo=UTC)
    early = datetime(2026, 12, 4, 5, tzinfo=UTC)  # 06:00
    assert next_allowed(early, BERLIN, rhythm) == datetime(2026, 12, 4, 7, tzinfo=UTC)
    noon = datetime(2026, 12, 4, 11, tzinfo=UTC)
    assert next_allowed(noon, BERLIN, rhythm) == noon
    assert not is_quiet(late, BERLIN, Rhythm(quiet_from=time(8), quiet_until=time(8)))

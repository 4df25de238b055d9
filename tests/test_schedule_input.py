"""Times, weekdays, quiet hours and dates as owners and members type them."""

from __future__ import annotations

from datetime import date, time

import pytest

from alignment.schedule_input import (
    parse_date,
    parse_quiet,
    parse_time,
    parse_weekdays,
    quiet_problem,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("09:30", time(9, 30)),
        ("9:30", time(9, 30)),
        ("9.30", time(9, 30)),
        ("9 Uhr", time(9)),
        ("21h", time(21)),
        ("9pm", time(21)),
        ("12am", time(0)),
        ("25:00", None),
        ("9:75", None),
        ("13pm", None),
        ("nine", None),
    ],
)
def test_times(typed: str, expected: time | None) -> None:
    assert parse_time(typed) == expected


def test_weekdays_in_english_and_german() -> None:
    assert parse_weekdays("tue,fri") == (1, 4)
    assert parse_weekdays("Di Fr Di") == (1, 4)
    assert parse_weekdays("Montag, sunday") == (0, 6)
    assert parse_weekdays("tue,frey") is None


def test_quiet_hours_keep_a_window_to_send_in() -> None:
    assert parse_quiet("21:00-08:00") == (time(21), time(8))
    assert parse_quiet("22 Uhr bis 7 Uhr") == (time(22), time(7))
    assert parse_quiet("21:00") is None
    assert quiet_problem(time(21), time(8)) is None
    assert quiet_problem(time(8), time(8)) == "quiet_whole_day"
    assert quiet_problem(time(20), time(12, 1)) == "quiet_too_long"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-24", date(2026, 12, 24)),
        ("24.12.2026", date(2026, 12, 24)),
        ("24.12.26", date(2026, 12, 24)),
        ("24.12.", date(2026, 12, 24)),
        ("1.2.", date(2027, 2, 1)),  # the next 1 February
        ("12/24", None),
        ("31.02.", None),
        ("soon", None),
    ],
)
def test_dates(typed: str, expected: date | None) -> None:
    assert parse_date(typed, TODAY) == expected

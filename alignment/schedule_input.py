"""Times, weekdays, quiet hours and dates as people type them, in English or German.

Pure parsing, no database: each function returns the value or None, and the caller words the
refusal. The vocabulary here is input only; every word the bot says lives in prompts/.
"""

from __future__ import annotations

import re
from datetime import date, time

from alignment.schedule import MAX_QUIET, Rhythm, quiet_hours

DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""How buttons spell weekdays; typed text may use any name in DAY_NAMES."""
DAY_NAMES: dict[str, int] = {
    **{name: day for day, name in enumerate(DAY_CODES)},
    **{name: day for day, name in enumerate(("mo", "di", "mi", "do", "fr", "sa", "so"))},
    **{
        name: day
        for day, name in enumerate(
            ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
        )
    },
}
"""Three-letter English prefixes, German two-letter abbreviations and German full names."""
_ENGLISH = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(uhr|h|am|pm|a\.m\.|p\.m\.)?$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})?$")


def parse_time(raw: str) -> time | None:
    """09:30, 9:30, 9.30, 9h30, 9, "9 Uhr", "9:30 Uhr", 9pm; None for 25:00, 9:75 or words.

    A bare number is an hour; am/pm turn 1-12 into the 24-hour clock.
    """
    match = _TIME.match(raw.strip())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").lower().replace(".", "")
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_weekday(raw: str) -> int | None:
    """0 for "mon", "Monday", "Mo" or "Montag"; None for anything else."""
    word = raw.strip().lower().rstrip(".")
    if word in DAY_NAMES:
        return DAY_NAMES[word]
    english = [day for day, name in enumerate(_ENGLISH) if len(word) >= 3 and name.startswith(word)]
    return english[0] if english else None


def parse_weekdays(raw: str) -> tuple[int, ...] | None:
    """Sorted distinct weekdays from "tue,fri", "Di Fr" or "tue, fri"; None if any is unknown."""
    parts = [part for part in re.split(r"[\s,;/+&]+", raw.strip()) if part]
    days = [parse_weekday(part) for part in parts]
    if not days or any(day is None for day in days):
        return None
    return tuple(sorted({day for day in days if day is not None}))


def parse_quiet(raw: str) -> tuple[time, time] | None:
    """Quiet hours "21:00-08:00" (also with "to", "bis" or spaces); None if either time is wrong."""
    parts = [p for p in re.split(r"\s*(?:-|–|to|bis)\s*", raw.strip(), flags=re.IGNORECASE) if p]
    if len(parts) != 2:
        return None
    start, end = parse_time(parts[0]), parse_time(parts[1])
    return (start, end) if start is not None and end is not None else None


def quiet_problem(start: time, end: time) -> str | None:
    """The notice key saying why these quiet hours cannot be used, or None.

    Equal times read as the whole day, and every day must keep a window to send in.
    """
    if start == end:
        return "quiet_whole_day"
    if quiet_hours(Rhythm(quiet_from=start, quiet_until=end)).seconds > MAX_QUIET * 3600:
        return "quiet_too_long"
    return None


def parse_date(raw: str, today: date) -> date | None:
    """2026-12-24, 24.12.2026, 24.12.26 or 24.12. (the next 24 December from ``today``).

    Slashed dates (12/24 or 24/12) are refused: which comes first is ambiguous.
    """
    text = raw.strip()
    try:
        if match := _ISO_DATE.match(text):
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if match := _GERMAN_DATE.match(text):
            day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
            if year is not None:
                return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
            found = date(today.year, month, day)
            return found if found >= today else date(today.year + 1, month, day)
    except ValueError:
        return None
    return None

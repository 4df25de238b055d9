"""Time zones as owners type them: IANA names or UTC offsets."""

from __future__ import annotations

import re
from datetime import timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


@cache
def _zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def normalize_timezone(raw: str) -> str | None:
    """Canonical zone name ("Europe/Kyiv", "UTC+05:30") or None when it is not a zone."""
    text = raw.strip().replace(" ", "_") if "/" in raw else raw.strip()
    if text.lower() in ("utc", "gmt", "z"):
        return "UTC"
    name = _zones_by_lower_name().get(text.lower())
    if name is not None:
        return name
    match = _OFFSET.match(text)
    if match is None:
        return None
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    limit = 14 if sign == "+" else 12
    if hours > limit or minutes not in (0, 15, 30, 45) or (hours == limit and minutes):
        return None
    if hours == 0 and minutes == 0:
        return "UTC"
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def tzinfo_for(name: str) -> tzinfo:
    """The tzinfo for a canonical zone name produced by normalize_timezone."""
    match = _OFFSET.match(name)
    if match is None:
        return ZoneInfo(name)
    sign = -1 if match.group(1) == "-" else 1
    delta = timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0))
    return timezone(sign * delta, name)

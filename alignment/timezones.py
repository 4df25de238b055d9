"""Time zones as owners type them: IANA names, city names or UTC offsets."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
_CITY_AREAS = ("Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")
"""Zone name prefixes whose last part is a city; Etc/, US/ and the like are not."""
CITY_ALIASES = {
    # German and local names of cities that are zone names in English
    "wien": "Europe/Vienna",
    "rom": "Europe/Rome",
    "roma": "Europe/Rome",
    "prag": "Europe/Prague",
    "warschau": "Europe/Warsaw",
    "lissabon": "Europe/Lisbon",
    "brussel": "Europe/Brussels",
    "kopenhagen": "Europe/Copenhagen",
    "athen": "Europe/Athens",
    "moskau": "Europe/Moscow",
    "kiew": "Europe/Kyiv",
    "kiev": "Europe/Kyiv",
    "lemberg": "Europe/Kyiv",
    "lviv": "Europe/Kyiv",
    "genf": "Europe/Zurich",
    "geneva": "Europe/Zurich",
    "bern": "Europe/Zurich",
    "basel": "Europe/Zurich",
    # big cities that share a zone named after another city
    "munich": "Europe/Berlin",
    "munchen": "Europe/Berlin",
    "muenchen": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "koln": "Europe/Berlin",
    "koeln": "Europe/Berlin",
    "cologne": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "stuttgart": "Europe/Berlin",
    "dusseldorf": "Europe/Berlin",
    "duesseldorf": "Europe/Berlin",
    "leipzig": "Europe/Berlin",
    "dresden": "Europe/Berlin",
    "graz": "Europe/Vienna",
    "salzburg": "Europe/Vienna",
    "linz": "Europe/Vienna",
    "innsbruck": "Europe/Vienna",
    "milan": "Europe/Rome",
    "milano": "Europe/Rome",
    "mailand": "Europe/Rome",
    "barcelona": "Europe/Madrid",
    "lyon": "Europe/Paris",
    "marseille": "Europe/Paris",
    "krakow": "Europe/Warsaw",
    "manchester": "Europe/London",
    "edinburgh": "Europe/London",
    "odesa": "Europe/Kyiv",
    "kharkiv": "Europe/Kyiv",
    "boston": "America/New_York",
    "washington": "America/New_York",
    "miami": "America/New_York",
    "atlanta": "America/New_York",
    "montreal": "America/Toronto",
    "ottawa": "America/Toronto",
    "dallas": "America/Chicago",
    "houston": "America/Chicago",
    "san_francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "san_diego": "America/Los_Angeles",
    "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "new_delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "beijing": "Asia/Shanghai",
    "abu_dhabi": "Asia/Dubai",
}
"""Cities owners type that are not the last part of a zone name, folded as ``_fold`` does."""


def _fold(text: str) -> str:
    """Lower case without accents, spaces as underscores: "München" and "munchen" match."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s-]+", "_", plain)


@cache
def _zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


@cache
def _zones_by_city() -> dict[str, str]:
    """Zones by their city part ("vienna": Europe/Vienna), then the aliases, which win."""
    cities: dict[str, str] = {}
    for name in sorted(available_timezones()):
        area, _, rest = name.partition("/")
        if area in _CITY_AREAS and rest:
            cities.setdefault(_fold(rest.rsplit("/", 1)[-1]), name)
    return {**cities, **CITY_ALIASES}


def normalize_timezone(raw: str) -> str | None:
    """Canonical zone name ("Europe/Kyiv", "UTC+05:30") or None when it is not a zone.

    A city is found by the last part of the zone names ("Vienna", "toronto") or in
    ``CITY_ALIASES`` ("Munich", "Wien").
    """
    text = raw.strip().replace(" ", "_") if "/" in raw else raw.strip()
    if text.lower() in ("utc", "gmt", "z"):
        return "UTC"
    name = _zones_by_lower_name().get(text.lower()) or _zones_by_city().get(_fold(text))
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

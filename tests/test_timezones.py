"""Time zones as owners type them, and the tzinfo behind each canonical name."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from alignment.timezones import CITY_ALIASES, normalize_timezone, tzinfo_for

WINTER = datetime(2026, 1, 15, 12, 0)
SUMMER = datetime(2026, 7, 15, 12, 0)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Europe/Kyiv", "Europe/Kyiv"),
        ("  europe/kyiv ", "Europe/Kyiv"),
        ("AMERICA/NEW_YORK", "America/New_York"),
        ("America/New York", "America/New_York"),
        ("Etc/GMT+3", "Etc/GMT+3"),
        ("utc", "UTC"),
        ("GMT", "UTC"),
        ("Z", "UTC"),
        ("+3", "UTC+03:00"),
        ("-3", "UTC-03:00"),
        ("UTC+3", "UTC+03:00"),
        ("utc + 3", "UTC+03:00"),
        ("UTC-05:30", "UTC-05:30"),
        ("UTC-0530", "UTC-05:30"),
        ("GMT+5:45", "UTC+05:45"),
        ("+14", "UTC+14:00"),
        ("+0", "UTC"),
        ("UTC-00:00", "UTC"),
    ],
)
def test_normalize_timezone(raw: str, expected: str) -> None:
    assert normalize_timezone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "Mars/Olympus",
        "Mars",
        "Europe",
        "Etc",
        "3",
        "+15",
        "+14:30",
        "+3:20",
        "UTC+5.5",
        "UTC+3h",
        "++3",
    ],
)
def test_not_a_timezone(raw: str) -> None:
    assert normalize_timezone(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Vienna", "Europe/Vienna"),
        ("toronto", "America/Toronto"),
        (" Kyiv ", "Europe/Kyiv"),
        ("new york", "America/New_York"),
        ("Sao Paulo", "America/Sao_Paulo"),
        ("Buenos Aires", "America/Argentina/Buenos_Aires"),
        ("Zürich", "Europe/Zurich"),
        ("Munich", "Europe/Berlin"),
        ("München", "Europe/Berlin"),
        ("MUENCHEN", "Europe/Berlin"),
        ("Wien", "Europe/Vienna"),
        ("Köln", "Europe/Berlin"),
        ("Kiev", "Europe/Kyiv"),
        ("San Francisco", "America/Los_Angeles"),
    ],
)
def test_city_names_are_time_zones(raw: str, expected: str) -> None:
    assert normalize_timezone(raw) == expected


def test_every_city_alias_is_a_zone_the_system_knows() -> None:
    assert all(normalize_timezone(zone) == zone for zone in CITY_ALIASES.values())


@pytest.mark.parametrize(
    ("name", "offset"),
    [
        ("UTC+03:00", timedelta(hours=3)),
        ("UTC-05:30", -timedelta(hours=5, minutes=30)),
        ("UTC+05:45", timedelta(hours=5, minutes=45)),
        ("UTC", timedelta(0)),
    ],
)
def test_offset_zone_has_that_utc_offset(name: str, offset: timedelta) -> None:
    zone = tzinfo_for(name)
    assert zone.utcoffset(WINTER) == offset
    assert zone.utcoffset(SUMMER) == offset


def test_offset_zone_is_named_after_itself() -> None:
    assert tzinfo_for("UTC-05:30").tzname(None) == "UTC-05:30"


def test_iana_zone_follows_daylight_saving() -> None:
    zone = tzinfo_for("Europe/Kyiv")
    assert zone == ZoneInfo("Europe/Kyiv")
    assert datetime(2026, 1, 15, 12, tzinfo=zone).utcoffset() == timedelta(hours=2)
    assert datetime(2026, 7, 15, 12, tzinfo=zone).utcoffset() == timedelta(hours=3)


def test_etc_zone_keeps_its_inverted_posix_sign() -> None:
    # Etc/GMT+3 is three hours *behind* UTC; it must not be read as the offset "+3".
    zone = tzinfo_for("Etc/GMT+3")
    assert datetime(2026, 1, 15, 12, tzinfo=zone).utcoffset() == timedelta(hours=-3)


@pytest.mark.parametrize("raw", ["Asia/Kolkata", "+3", "UTC-05:30", "utc", "America/New York"])
def test_every_normalized_name_has_a_tzinfo(raw: str) -> None:
    name = normalize_timezone(raw)
    assert name is not None
    assert datetime(2026, 1, 15, 12, tzinfo=tzinfo_for(name)).utcoffset() is not None

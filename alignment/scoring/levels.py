"""The 1–5 answer scale, its 0–100 level and the rounding used for every displayed figure."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

SCALE_MIN = 1
SCALE_MAX = 5


def flip(value: float) -> float:
    """Turn an answer to a reverse-worded statement around, so that 5 is always the good end."""
    return SCALE_MIN + SCALE_MAX - value


def to_level(value: float) -> float:
    """Map a 1–5 value onto 0–100, so that levels read like percentages of the scale's range."""
    return (value - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * 100


def _half_away_from_zero(value: float, step: str) -> Decimal:
    # repr() is the shortest text that reads back as the same float, so 1.005 stays 1.005
    # instead of becoming 1.00499999999999989... and rounding down.
    return Decimal(repr(value)).quantize(Decimal(step), rounding=ROUND_HALF_UP)


def whole(value: float) -> int:
    """Round half away from zero (58.5 -> 59, -27.5 -> -28), as a reader rounding by hand would."""
    return int(_half_away_from_zero(value, "1"))


def hundredths(value: float) -> float:
    """Round half away from zero to 2 decimals, for rWG and AD as shown in reports."""
    return float(_half_away_from_zero(value, "0.01"))

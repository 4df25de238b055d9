"""Find when a vision says it will come true: "by 2030", "within five years", "next decade".

A four-digit number is read as a calendar year only from this year up to YEAR_WINDOW years
ahead, so "2000 customers" stays a quantity. A relative phrase needs one of the YAML prefixes
("in", "within", "by", "next", ...) at most LOOKBACK words before its unit, so "for 10 years"
(looking back) is not mistaken for a horizon. Without a count ("within a decade") one unit is
assumed; for a range ("in 3 to 5 years") the far end counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from alignment.reviewers.lexicon import Lexicon, Token

YEAR_WINDOW = 100
LOOKBACK = 5
MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class Horizon:
    """How many years ahead the text points, and which tokens said so."""

    years: float
    span: range


def find_horizons(lexicon: Lexicon, tokens: Sequence[Token], today: date) -> list[Horizon]:
    """Every horizon stated in the text, in reading order."""
    found = []
    for index, token in enumerate(tokens):
        if len(token.text) == 4 and token.text.isdecimal():
            year = int(token.text)
            if today.year <= year <= today.year + YEAR_WINDOW:
                found.append(Horizon(float(year - today.year), range(index, index + 1)))
        elif (months := lexicon.unit_months.get(token.stem)) is not None:
            relative = _relative(lexicon, tokens, index, months)
            if relative is not None:
                found.append(relative)
    return found


def _relative(
    lexicon: Lexicon, tokens: Sequence[Token], unit_at: int, months: int
) -> Horizon | None:
    """Read back from a time unit ("years") over a count and fillers to a horizon prefix."""
    count: int | None = None
    for index in range(unit_at - 1, max(unit_at - 1 - LOOKBACK, -1), -1):
        token = tokens[index]
        if lexicon.horizon_prefixes.has(token.stem):
            units = 1 if count is None else count
            return Horizon(units * months / MONTHS_PER_YEAR, range(index, unit_at + 1))
        if token.value is not None:
            count = token.value if count is None else count
        elif not lexicon.horizon_fillers.has(token.stem):
            return None
    return None

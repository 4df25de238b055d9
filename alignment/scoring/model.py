"""The inputs and outputs of scoring: items, anonymous answer histograms and dimension scores."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from alignment.dimensions import Dimension
from alignment.scoring.levels import SCALE_MAX, SCALE_MIN


@dataclass(frozen=True)
class Item:
    """One Likert statement; reverse-worded statements are flipped before scoring."""

    id: str
    dimension: Dimension
    reverse: bool = False


@dataclass(frozen=True)
class ItemCounts:
    """How many people gave each raw answer (1–5, not flipped) to one item; skips are not counted."""

    item: Item
    counts: Mapping[int, int]

    def __post_init__(self) -> None:
        for value, count in self.counts.items():
            if not SCALE_MIN <= value <= SCALE_MAX:
                raise ValueError(f"answer {value} is outside {SCALE_MIN}..{SCALE_MAX}")
            if count < 0:
                raise ValueError(f"answer {value} has a negative count {count}")
        # A private read-only copy, so the caller's dict cannot change a frozen object later.
        object.__setattr__(self, "counts", MappingProxyType(dict(self.counts)))


@dataclass(frozen=True)
class DimensionScore:
    """Everything a report shows for one dimension, unrounded; None means "no data"."""

    dimension: Dimension
    team: float | None
    rwg: float | None
    ad: float | None
    n: int
    owner: float | None = None
    previous: float | None = None

    @property
    def gap(self) -> float | None:
        """Owner level minus team level: positive when the owner sees it rosier than the team."""
        if self.owner is None or self.team is None:
            return None
        return self.owner - self.team

    @property
    def change(self) -> float | None:
        """Team level minus the previous reported team level: positive when it went up."""
        if self.team is None or self.previous is None:
            return None
        return self.team - self.previous

"""One headline alignment figure that drops with low level, disagreement or an owner–team gap."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean

from alignment.scoring.model import DimensionScore


def headline(scores: Sequence[DimensionScore]) -> float | None:
    """Mean over dimensions with team data of team × (1 + rWG)/2 × (1 − |gap|/100).

    The team level is the base. The agreement factor can at most halve it: a team split between
    enthusiasts and sceptics is misaligned even when its average looks fine. The gap factor
    punishes owner–team perception gaps in either direction: an optimistic owner has a blind
    spot, a pessimistic one under-uses what the team already sees. So the figure falls when
    disagreement or the gap grows, not only when the team level drops. A missing rWG or a
    missing owner self-check counts as factor 1. None when no dimension has team data.
    """
    adjusted: list[float] = []
    for score in scores:
        if score.team is None:
            continue
        agreement = 1.0 if score.rwg is None else (1 + score.rwg) / 2
        gap = score.gap
        perception = 1.0 if gap is None else 1 - abs(gap) / 100
        adjusted.append(score.team * agreement * perception)
    return fmean(adjusted) if adjusted else None

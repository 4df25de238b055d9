"""Per-item statistics and rWG(J), the index of how much a team agrees within a dimension."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from statistics import fmean

from alignment.scoring.levels import flip

# (A² − 1) / 12 for A = 5 answer options: the variance of a uniform ("random") response, the
# spread a team would show if its answers carried no shared view at all.
EXPECTED_ERROR_VARIANCE = 2.0


def answer_count(counts: Mapping[int, int]) -> int:
    """How many people answered the item; skips are not in the histogram, so they do not count."""
    return sum(counts.values())


def _raw_mean(counts: Mapping[int, int]) -> float:
    return sum(value * count for value, count in counts.items()) / answer_count(counts)


def item_mean(counts: Mapping[int, int], reverse: bool) -> float | None:
    """The item's mean answer with 5 as the good end (flipped when reverse); None if unanswered."""
    if answer_count(counts) == 0:
        return None
    mean = _raw_mean(counts)
    return flip(mean) if reverse else mean


def sample_variance(counts: Mapping[int, int]) -> float | None:
    """Variance dividing by n − 1, as rWG expects; None below 2 answers. Flipping leaves it as is."""
    n = answer_count(counts)
    if n < 2:
        return None
    mean = _raw_mean(counts)
    return sum(count * (value - mean) ** 2 for value, count in counts.items()) / (n - 1)


def average_deviation(counts: Mapping[int, int]) -> float | None:
    """Mean absolute distance from the item mean (AD_M), in scale points; None below 2 answers."""
    n = answer_count(counts)
    if n < 2:
        return None
    mean = _raw_mean(counts)
    return sum(count * abs(value - mean) for value, count in counts.items()) / n


def rwg_j(variances: Sequence[float]) -> float | None:
    """James, Demaree & Wolf (1984) rWG(J) over J item variances: 1 is full agreement, 0 none.

    Truncated to 0 once the mean variance reaches the expected error variance, where the raw
    formula explodes or turns negative; None when there is no variance to judge.
    """
    j = len(variances)
    if j == 0:
        return None
    mean_variance = fmean(variances)
    if mean_variance >= EXPECTED_ERROR_VARIANCE:
        return 0.0
    ratio = mean_variance / EXPECTED_ERROR_VARIANCE
    return j * (1 - ratio) / (j * (1 - ratio) + ratio)

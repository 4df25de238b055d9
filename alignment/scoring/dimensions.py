"""Team level, agreement and respondent count for each dimension, from answer histograms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from statistics import fmean

from alignment.dimensions import Dimension
from alignment.scoring.agreement import (
    answer_count,
    average_deviation,
    item_mean,
    rwg_j,
    sample_variance,
)
from alignment.scoring.levels import to_level
from alignment.scoring.model import DimensionScore, ItemCounts


def score_dimension(
    dimension: Dimension,
    items: Sequence[ItemCounts],
    *,
    owner: float | None = None,
    previous: float | None = None,
) -> DimensionScore:
    """Score one dimension from its items (others are ignored), so callers can pass everything.

    The team level is the mean of item means, so every statement weighs the same however many
    people skipped it; rWG and AD need a spread, so they only use items with 2 or more answers.
    """
    own = [counted for counted in items if counted.item.dimension == dimension]
    levels = [
        to_level(mean)
        for counted in own
        if (mean := item_mean(counted.counts, counted.item.reverse)) is not None
    ]
    variances = [v for counted in own if (v := sample_variance(counted.counts)) is not None]
    deviations = [d for counted in own if (d := average_deviation(counted.counts)) is not None]
    return DimensionScore(
        dimension=dimension,
        team=fmean(levels) if levels else None,
        rwg=rwg_j(variances),
        ad=fmean(deviations) if deviations else None,
        n=max((answer_count(counted.counts) for counted in own), default=0),
        owner=owner,
        previous=previous,
    )


def score_all(
    items: Sequence[ItemCounts],
    owner: Mapping[Dimension, float] | None = None,
    previous: Mapping[Dimension, float] | None = None,
) -> list[DimensionScore]:
    """One score per dimension in display order, including empty ones, so reports never skip a row."""
    owners = owner or {}
    previous_levels = previous or {}
    return [
        score_dimension(
            dimension,
            items,
            owner=owners.get(dimension),
            previous=previous_levels.get(dimension),
        )
        for dimension in Dimension
    ]

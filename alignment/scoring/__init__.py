"""Alignment scoring as pure functions: no I/O, no clock, no storage.

Keeping it pure means every number in a report can be recomputed by hand from the answer
histograms, following docs/scoring.md.
"""

from alignment.scoring.agreement import (
    EXPECTED_ERROR_VARIANCE,
    answer_count,
    average_deviation,
    item_mean,
    rwg_j,
    sample_variance,
)
from alignment.scoring.dimensions import score_all, score_dimension
from alignment.scoring.headline import headline
from alignment.scoring.levels import SCALE_MAX, SCALE_MIN, flip, hundredths, to_level, whole
from alignment.scoring.model import DimensionScore, Item, ItemCounts
from alignment.scoring.owner import owner_levels
from alignment.scoring.recall import recall_rate

__all__ = [
    "EXPECTED_ERROR_VARIANCE",
    "SCALE_MAX",
    "SCALE_MIN",
    "DimensionScore",
    "Item",
    "ItemCounts",
    "answer_count",
    "average_deviation",
    "flip",
    "headline",
    "hundredths",
    "item_mean",
    "owner_levels",
    "recall_rate",
    "rwg_j",
    "sample_variance",
    "score_all",
    "score_dimension",
    "to_level",
    "whole",
]

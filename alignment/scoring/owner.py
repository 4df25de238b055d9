"""The owner's own level per dimension, from their self-check answers on the paired items."""

from __future__ import annotations

from collections.abc import Iterable

from alignment.dimensions import Dimension
from alignment.scoring.dimensions import score_dimension
from alignment.scoring.model import Item, ItemCounts


def owner_levels(answers: Iterable[tuple[Item, int]]) -> dict[Dimension, float]:
    """Per dimension, the mean level of the owner's answers (flipped when reverse).

    The owner is scored as a team of one, with the same code as the team, so the perception gap
    compares like with like. Dimensions the owner did not answer are absent.
    """
    single = [ItemCounts(item, {answer: 1}) for item, answer in answers]
    levels: dict[Dimension, float] = {}
    for dimension in Dimension:
        level = score_dimension(dimension, single).team
        if level is not None:
            levels[dimension] = level
    return levels

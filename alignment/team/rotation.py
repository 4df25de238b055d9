"""Which pulse questions a short round asks, chosen from the questions earlier rounds asked.

Pure: the caller passes the pulse script and the item lists of earlier rounds (oldest first;
None for a round that asked the full pulse). The rules, and why:

- one statement per dimension, ``count`` dimensions: a dimension's level then rests on one
  statement, but more dimensions are measured each week, so none waits long;
- the dimensions measured least recently come first (never measured before anything; ties in
  the order of ``Dimension``), so with 2 or more per round every one of the 8 is measured at
  least every 4 rounds;
- of a dimension's statements the one asked least recently (ties in script order), so the same
  statement is never asked two rounds running (after a full round every statement was just
  asked, so the rule cannot hold for the round after it);
- the vision echo and the strategy recall whenever neither of the last ``ECHO_EVERY - 1`` rounds
  asked them (the free recall of the top priorities with the echo, so it comes before the
  recall's choices can prompt it), and the comment question always;
- the first round after the owner changed the strategy asks the echo, the recall and the vision
  and goal-alignment statements whatever their age (``AFTER_CHANGE``, on top of ``count`` when
  ``count`` is smaller), so the report soon shows whether the change came across.
- every question in ``forced`` on top (a dimension the owner acted on, asked again about four
  weeks later so before and after can be compared).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from alignment.dimensions import Dimension
from alignment.questionnaire import QuestionType, Script
from alignment.team.items import COMMENT, ECHO, PRIORITIES, RECALL

MEASURE_EVERY = 4
"""Every dimension is measured at least once in this many consecutive rounds."""
ECHO_EVERY = 4
"""The echo and the recall are asked at least once in this many consecutive rounds."""

NEVER = sys.maxsize
"""The age of a question no earlier round asked: older than any that was."""

AFTER_CHANGE = (Dimension.VISION_CLARITY, Dimension.GOAL_ALIGNMENT)
"""The dimensions the first round after a strategy change always measures."""

Previous = Sequence[Sequence[str] | None]
"""Earlier rounds' question ids, oldest first; None asked the full pulse."""


def choose(
    pulse: Script,
    previous: Previous,
    count: int,
    forced: Sequence[str] = (),
    *,
    changed: bool = False,
) -> tuple[str, ...]:
    """The question ids of the next round, in the script's order.

    ``forced`` questions are asked on top; ``changed``: the strategy changed since the last
    round (see ``AFTER_CHANGE``).
    """
    statements = [
        (q.id, q.dimension)
        for q in pulse.questions
        if q.type is QuestionType.LIKERT5 and q.dimension is not None
    ]
    dimensions = [d for d in Dimension if any(dim is d for _, dim in statements)]
    if not 1 <= count <= len(dimensions):
        raise ValueError(f"a round asks 1 to {len(dimensions)} statements, not {count}")
    everything = {q.id for q in pulse.questions}
    asked = [set(ids) if ids is not None else everything for ids in previous]

    def age(ids: set[str]) -> int:
        """Rounds since any of ``ids`` was asked: 1 for the last round, NEVER when never."""
        return next(
            (back for back, round_ids in enumerate(reversed(asked), 1) if ids & round_ids), NEVER
        )

    def statements_of(dimension: Dimension) -> list[str]:
        return [item for item, dim in statements if dim is dimension]

    first = [d for d in AFTER_CHANGE if d in dimensions] if changed else []
    by_age = sorted(dimensions, key=lambda d: (-age(set(statements_of(d))), dimensions.index(d)))
    measured = [*first, *(d for d in by_age if d not in first)][: max(count, len(first))]
    chosen = {max(statements_of(d), key=lambda item: age({item})) for d in measured}
    chosen.add(COMMENT)
    chosen.update(forced)
    for extra in (ECHO, RECALL):
        if changed or age({extra}) >= ECHO_EVERY:
            chosen.add(extra)
    if ECHO in chosen:
        chosen.add(PRIORITIES)
    return tuple(q.id for q in pulse.questions if q.id in chosen)

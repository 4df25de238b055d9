"""Ids and values of the pulse answers that the filing and the report agree on.

Pure constants, so the report (no database) and the filing (which stores) share them.
"""

from __future__ import annotations

ECHO = "echo"
COMMENT = "comment"
RECALL = "recall"
PRIORITIES = "priorities"
"""Ids of the pulse questions that are not Likert items; the tallies use RECALL too.
PRIORITIES is the free recall: the top priorities in the member's own words."""
CORRECT, WRONG, OTHER_GOAL = 1, 0, 2
"""Recall answers: the top goal, not a real goal, another real goal. Rounds filed before
OTHER_GOAL existed counted another real goal as WRONG, and have no OTHER_GOAL count at all."""
LIKERT_VALUES = range(1, 6)

"""Anonymity rules: results only for groups of at least a threshold of distinct respondents.

Why each rule exists:

- ``MIN_THRESHOLD``: with one respondent a result is that person's answer; with two, each
  of them can subtract their own answer and read the other's. Three is the smallest group
  in which nobody, not even a member, learns another person's answer. The owner may raise
  the threshold, never lower it.
- ``pool_rounds``: a small team rarely reaches the threshold in a single pulse round, so a
  small round is pooled with the rounds after the last reported block until enough
  *distinct* people answered. Respondents are opaque keys, so the same person answering in
  three rounds counts once; counting answers instead of people would let one person stand
  in for a crowd. Blocks never overlap and never change once reported: if a lone answer
  were pooled with a round the owner had already seen on its own, subtracting the two
  reports would give that one person's answers.
- ``disclosed_groups``: per-group breakdowns (e.g. by department) are shown next to the
  team total. A group below the threshold is hidden, but hiding it alone is not enough:
  with Sales 5, Ops 4 and a two-person Finance team, "total minus Sales minus Ops" is
  Finance's result. So the hidden groups that have respondents must together be none,
  or at least two groups with at least ``threshold`` people combined; until they are, the
  smallest shown group is hidden too (ties by ``str(key)``, so the choice is
  deterministic). Groups with nobody in them add no cover and are never counted as
  protection. When the total itself is below the threshold nothing is shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K")

MIN_THRESHOLD = 3


def check_threshold(value: int) -> int:
    """The threshold itself, refused below the minimum so anonymity cannot be configured away."""
    if value < MIN_THRESHOLD:
        raise ValueError(f"the anonymity threshold must be at least {MIN_THRESHOLD}, got {value}")
    return value


@dataclass(frozen=True)
class Turnout:
    """Who answered one pulse round, as opaque per-membership keys, never names."""

    round_id: int
    respondents: frozenset[str]


@dataclass(frozen=True)
class Pools:
    """Closed rounds grouped for reporting: complete blocks, and the rounds still waiting."""

    blocks: tuple[tuple[int, ...], ...]
    waiting: tuple[int, ...]


def pool_rounds(rounds: Sequence[Turnout], threshold: int) -> Pools:
    """Group rounds, oldest first, into blocks of at least ``threshold`` distinct people.

    Pass only rounds that are not yet in a reported block; a block, once formed, is stored
    by the caller and never re-formed, so raising the threshold later cannot regroup rounds
    the owner has already seen.
    """
    check_threshold(threshold)
    blocks: list[tuple[int, ...]] = []
    current: list[int] = []
    people: set[str] = set()
    for turnout in rounds:
        current.append(turnout.round_id)
        people |= turnout.respondents
        if len(people) >= threshold:
            blocks.append(tuple(current))
            current, people = [], set()
    return Pools(tuple(blocks), tuple(current))


def disclosed_groups(respondents: Mapping[K, int], threshold: int) -> frozenset[K]:
    """Groups whose breakdown may be shown beside the total without exposing anyone."""
    check_threshold(threshold)
    if sum(respondents.values()) < threshold:
        return frozenset()
    shown = {key for key, count in respondents.items() if count >= threshold}
    while shown:
        hidden = [count for key, count in respondents.items() if key not in shown and count > 0]
        if not hidden or (len(hidden) >= 2 and sum(hidden) >= threshold):
            break
        shown.remove(min(shown, key=lambda key: (respondents[key], str(key))))
    return frozenset(shown)

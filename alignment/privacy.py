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
- Differencing: two reports whose people differ by one person (someone joined, left or skipped)
  give that person's answers by subtraction, n₁·level₁ − n₂·level₂, whenever the others answered
  alike. So a block, a figure or a group is reported only when its people are the same as in the
  last report of it, or differ by at least ``threshold`` people (``changed_too_little``).
- Newcomers: accounts that joined while a round was open may be someone's second account. A block
  needs ``threshold`` respondents who were members before their round opened, except in the
  team's first block, where everyone is new (see docs/security.md for how that case is covered).
- ``disclosed_groups``: per-group breakdowns (e.g. by department) are shown next to the
  team total. A group below the threshold is hidden, but hiding it alone is not enough:
  with Sales 5, Ops 4 and a two-person Finance team, "total minus Sales minus Ops" is
  Finance's result. So the hidden groups that have respondents must together be none,
  or at least two groups with at least ``threshold`` people combined; until they are, the
  smallest shown group is hidden too (ties by ``str(key)``, the department id, so the choice is
  deterministic and a rename cannot change it). Groups the caller ``blocked`` (for example by
  the differencing rule) are hidden and count as hidden groups. Groups with nobody in them add no cover and are never counted as
  protection. When the total itself is below the threshold nothing is shown.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

K = TypeVar("K")

MIN_THRESHOLD = 3


def check_threshold(value: int) -> int:
    """The threshold itself, refused below the minimum so anonymity cannot be configured away."""
    if value < MIN_THRESHOLD:
        raise ValueError(f"the anonymity threshold must be at least {MIN_THRESHOLD}, got {value}")
    return value


class Hold(StrEnum):
    """Why closed rounds, or one figure of a block, are not reported (yet)."""

    FEW_PEOPLE = "few_people"
    """Fewer than the threshold of distinct people answered."""
    FEW_ESTABLISHED = "few_established"
    """Too many of them joined while the round was open."""
    SMALL_CHANGE = "small_change"
    """Their people differ from the last report by fewer than the threshold."""
    COVER = "cover"
    """A department hidden so that a smaller one cannot be worked out by subtraction."""


@dataclass(frozen=True)
class Turnout:
    """Who answered one pulse round, as opaque per-membership keys, never names."""

    round_id: int
    respondents: frozenset[str]
    newcomers: frozenset[str] = frozenset()
    """Respondents who joined the team after this round opened."""


@dataclass(frozen=True)
class Pools:
    """Closed rounds grouped for reporting: complete blocks, and the rounds still waiting."""

    blocks: tuple[tuple[int, ...], ...]
    waiting: tuple[int, ...]
    held: Hold | None = None
    """Why the waiting rounds are not a block yet; None when nothing waits."""


def changed_too_little(now: Collection[str], before: Collection[str], threshold: int) -> bool:
    """Whether two groups differ by at least one but fewer than ``threshold`` people."""
    return 0 < len(set(now) ^ set(before)) < threshold


def pool_rounds(
    rounds: Sequence[Turnout], threshold: int, previous: frozenset[str] | None = None
) -> Pools:
    """Group rounds, oldest first, into blocks that may be reported.

    A block needs ``threshold`` distinct people, ``threshold`` of them members before their
    round opened (unless ``previous`` is None: no block was ever reported), and people equal to
    ``previous`` (the last reported block's) or differing from them by ``threshold`` or more.
    Until all three hold, the next round is pooled in. Pass only rounds that are not yet in a
    reported block; a block, once formed, is stored by the caller and never re-formed, so raising
    the threshold later cannot regroup rounds the owner has already seen.
    """
    check_threshold(threshold)
    blocks: list[tuple[int, ...]] = []
    current: list[int] = []
    people: set[str] = set()
    established: set[str] = set()
    held: Hold | None = None
    for turnout in rounds:
        current.append(turnout.round_id)
        people |= turnout.respondents
        established |= turnout.respondents - turnout.newcomers
        held = _hold(people, established, previous, threshold)
        if held is None:
            blocks.append(tuple(current))
            previous = frozenset(people)
            current, people, established = [], set(), set()
    return Pools(tuple(blocks), tuple(current), held if current else None)


def _hold(
    people: set[str], established: set[str], previous: frozenset[str] | None, threshold: int
) -> Hold | None:
    if len(people) < threshold:
        return Hold.FEW_PEOPLE
    if previous is None:
        return None
    if len(established) < threshold:
        return Hold.FEW_ESTABLISHED
    if changed_too_little(people, previous, threshold):
        return Hold.SMALL_CHANGE
    return None


def disclosed_groups(
    respondents: Mapping[K, int], threshold: int, blocked: Collection[K] = ()
) -> frozenset[K]:
    """Groups whose breakdown may be shown beside the total without exposing anyone."""
    check_threshold(threshold)
    if sum(respondents.values()) < threshold:
        return frozenset()
    shown = {key for key, count in respondents.items() if count >= threshold and key not in blocked}
    while shown:
        hidden = [count for key, count in respondents.items() if key not in shown and count > 0]
        if not hidden or (len(hidden) >= 2 and sum(hidden) >= threshold):
            break
        shown.remove(min(shown, key=lambda key: (respondents[key], str(key))))
    return frozenset(shown)

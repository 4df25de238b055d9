"""Anonymity rules: the threshold floor, pooling small rounds, and hiding small groups."""

from __future__ import annotations

import random

import pytest

from alignment.privacy import (
    MIN_THRESHOLD,
    Turnout,
    check_threshold,
    disclosed_groups,
    pooled_window,
)


def turnout(round_id: int, *people: str) -> Turnout:
    return Turnout(round_id=round_id, respondents=frozenset(people))


def test_check_threshold() -> None:
    assert MIN_THRESHOLD == 3
    assert check_threshold(3) == 3
    assert check_threshold(7) == 7
    for too_low in (2, 1, 0, -3):
        with pytest.raises(ValueError, match="at least 3"):
            check_threshold(too_low)


def test_newest_round_alone_reaches_the_threshold() -> None:
    rounds = [turnout(9, "a", "b", "c"), turnout(8, "d")]
    assert pooled_window(rounds, 3) == (9,)


def test_pools_two_rounds() -> None:
    rounds = [turnout(9, "a", "b"), turnout(8, "c"), turnout(7, "d", "e")]
    assert pooled_window(rounds, 3) == (9, 8)


def test_pools_three_rounds() -> None:
    rounds = [turnout(9, "a"), turnout(8, "b"), turnout(7, "c", "d"), turnout(6, "e")]
    assert pooled_window(rounds, 4) == (9, 8, 7)


def test_same_people_count_once_so_pooling_continues() -> None:
    rounds = [turnout(9, "a", "b"), turnout(8, "a", "b"), turnout(7, "b", "c")]
    assert pooled_window(rounds, 3) == (9, 8, 7)


def test_empty_newest_round_still_starts_the_window() -> None:
    rounds = [turnout(9), turnout(8, "a", "b", "c")]
    assert pooled_window(rounds, 3) == (9, 8)


def test_never_reaching_the_threshold_gives_none() -> None:
    assert pooled_window([], 3) is None
    assert pooled_window([turnout(2, "a", "b"), turnout(1, "c")], 4) is None


def test_team_of_two_never_gets_results() -> None:
    rounds = [turnout(round_id, "a", "b") for round_id in range(50, 0, -1)]
    assert pooled_window(rounds, 3) is None


def test_pooled_window_refuses_a_low_threshold() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        pooled_window([turnout(1, "a", "b")], 2)


def test_all_big_groups_are_shown() -> None:
    counts = {"sales": 5, "ops": 4, None: 3}
    assert disclosed_groups(counts, 3) == {"sales", "ops", None}


def test_small_department_hides_the_smallest_other_too() -> None:
    counts = {"sales": 5, "ops": 4, "kitchen": 6, "finance": 2}
    shown = disclosed_groups(counts, 3)
    assert shown == {"sales", "kitchen"}
    hidden = [count for key, count in counts.items() if key not in shown and count > 0]
    assert sum(hidden) >= 3
    assert len(hidden) >= 2


def test_empty_groups_give_no_cover() -> None:
    counts = {"sales": 5, "ops": 4, "finance": 2, "legal": 0}
    assert disclosed_groups(counts, 3) == {"sales"}


def test_ties_are_broken_by_key() -> None:
    counts = {"b": 4, "a": 4, "c": 4, "d": 1}
    assert disclosed_groups(counts, 3) == {"b", "c"}


def test_small_total_shows_nothing() -> None:
    assert disclosed_groups({"sales": 2}, 3) == frozenset()
    assert disclosed_groups({"sales": 1, "ops": 1}, 3) == frozenset()
    assert disclosed_groups({}, 3) == frozenset()


def test_higher_threshold() -> None:
    counts = {"sales": 5, "ops": 4, "kitchen": 3}
    assert disclosed_groups(counts, 4) == {"sales"}


def test_disclosed_groups_refuses_a_low_threshold() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        disclosed_groups({"sales": 5}, 2)


def test_no_group_can_be_recovered_by_subtraction() -> None:
    rng = random.Random(20260101)  # noqa: S311 -- reproducible cases, not secrets
    for _ in range(500):
        threshold = rng.randint(3, 4)
        counts = {f"dept{index}": rng.randint(0, 7) for index in range(rng.randint(1, 5))}
        shown = disclosed_groups(counts, threshold)
        total = sum(counts.values())
        context = (counts, threshold, shown)
        if total < threshold:
            # The total is withheld too, so there is nothing to subtract from.
            assert shown == frozenset(), context
            continue
        hidden = [count for key, count in counts.items() if key not in shown and count > 0]
        assert shown <= counts.keys(), context
        assert all(counts[key] >= threshold for key in shown), context
        assert len(hidden) == 0 or len(hidden) >= 2, context
        assert sum(hidden) == 0 or sum(hidden) >= threshold, context

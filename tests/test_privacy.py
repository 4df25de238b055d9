"""Anonymity rules: the threshold floor, pooling small rounds, and hiding small groups."""

from __future__ import annotations

import random

import pytest

from alignment.privacy import (
    MIN_THRESHOLD,
    Hold,
    Pools,
    Turnout,
    changed_too_little,
    check_threshold,
    disclosed_groups,
    pool_rounds,
)
from alignment.team.disclosure import GROUP, Filing, Verdict, decide


def turnout(round_id: int, *people: str) -> Turnout:
    return Turnout(round_id=round_id, respondents=frozenset(people))


def test_check_threshold() -> None:
    assert MIN_THRESHOLD == 3
    assert check_threshold(3) == 3
    assert check_threshold(7) == 7
    for too_low in (2, 1, 0, -3):
        with pytest.raises(ValueError, match="at least 3"):
            check_threshold(too_low)


def test_a_round_that_reaches_the_threshold_is_a_block_of_its_own() -> None:
    rounds = [turnout(1, "a", "b", "c"), turnout(2, "d", "e", "f")]
    assert pool_rounds(rounds, 3) == Pools(blocks=((1,), (2,)), waiting=())


def test_small_rounds_are_pooled_with_the_rounds_before_them() -> None:
    rounds = [turnout(1, "a"), turnout(2, "b"), turnout(3, "c", "d"), turnout(4, "e")]
    assert pool_rounds(rounds, 4) == Pools(((1, 2, 3),), waiting=(4,), held=Hold.FEW_PEOPLE)


def test_same_people_count_once_so_pooling_continues() -> None:
    rounds = [turnout(1, "a", "b"), turnout(2, "a", "b"), turnout(3, "b", "c")]
    assert pool_rounds(rounds, 3) == Pools(blocks=((1, 2, 3),), waiting=())


def test_a_lone_answer_after_a_reported_round_waits_instead_of_joining_it() -> None:
    # Pooling round 2 into round 1, already reported alone, would let the owner subtract
    # the two reports and read the one person's answers.
    rounds = [turnout(1, "a", "b", "c"), turnout(2, "d")]
    assert pool_rounds(rounds, 3) == Pools(((1,),), waiting=(2,), held=Hold.FEW_PEOPLE)


def test_blocks_never_overlap() -> None:
    rng = random.Random(11)  # noqa: S311 - test data, not security
    for _ in range(200):
        rounds = [turnout(i, *rng.sample("abcdefgh", rng.randint(0, 4))) for i in range(1, 12)]
        pools = pool_rounds(rounds, rng.randint(3, 5))
        ids = [i for block in pools.blocks for i in block] + list(pools.waiting)
        assert ids == list(range(1, 12))


def test_team_of_two_never_gets_results() -> None:
    rounds = [turnout(round_id, "a", "b") for round_id in range(1, 51)]
    assert pool_rounds(rounds, 3).blocks == ()


def test_pooling_refuses_a_low_threshold() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        pool_rounds([turnout(1, "a", "b")], 2)


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


def test_one_person_absent_from_the_last_report_holds_the_block() -> None:
    # Reporting {a, b, c} after {a, b, c, d} gives d's answers by subtraction.
    previous = frozenset("abcd")
    held = pool_rounds([turnout(5, "a", "b", "c")], 3, previous)
    assert held == Pools((), waiting=(5,), held=Hold.SMALL_CHANGE)
    # Pooled with the next round, in which d answers again, the people are the same: reported.
    back = pool_rounds([turnout(5, "a", "b", "c"), turnout(6, "a", "b", "d")], 3, previous)
    assert back.blocks == ((5, 6),)


def test_a_change_of_threshold_people_is_reported() -> None:
    assert not changed_too_little("abcdef", "abc", 3)
    assert changed_too_little("abcd", "abc", 3)
    assert not changed_too_little("abc", "cba", 3)


def test_newcomers_do_not_count_until_they_were_members_before_a_round() -> None:
    # One real member and two accounts that joined during the round: not reported.
    joined = Turnout(7, frozenset("rxy"), newcomers=frozenset("xy"))
    assert pool_rounds([joined], 3, frozenset("rst")).held == Hold.FEW_ESTABLISHED
    # A new team's first block: everyone is new, and it is reported.
    assert pool_rounds([joined], 3, None).blocks == ((7,),)


def filing(key: str, department: int | None, *figures: str) -> Filing:
    return Filing(key, department, frozenset(figures))


def test_a_figure_needs_threshold_people_of_its_own() -> None:
    filings = [filing("a", None, "q1", "q2"), filing("b", None, "q1"), filing("c", None, "q1")]
    verdicts = decide(filings, {}, None, 3).verdicts
    assert verdicts[(None, "q1")] == Verdict(3)
    assert verdicts[(None, "q2")] == Verdict(1, Hold.FEW_PEOPLE)


def test_a_figure_whose_people_changed_by_one_is_held() -> None:
    filings = [filing(k, None, "q1") for k in "abc"]
    verdicts = decide(filings, {(None, "q1"): frozenset("abcd")}, None, 3).verdicts
    assert verdicts[(None, "q1")] == Verdict(3, Hold.SMALL_CHANGE)


def test_departments_shown_once_are_compared_with_themselves() -> None:
    filings = [filing(k, 1, "q") for k in "abc"] + [filing(k, 2, "q") for k in "defg"]
    fresh = decide(filings, {}, None, 3).verdicts
    assert fresh[(1, GROUP)] == Verdict(3)
    assert fresh[(2, GROUP)] == Verdict(4)
    # Department 1 had d in it last time: it is held, and so is 2, or total minus 2 gives 1.
    held = decide(filings, {(1, GROUP): frozenset("abcd")}, None, 3).verdicts
    assert held[(1, GROUP)] == Verdict(3, Hold.SMALL_CHANGE)
    assert held[(2, GROUP)] == Verdict(4, Hold.COVER)


def test_the_rest_outside_shown_departments_obeys_differencing() -> None:
    # Ops {d, e, f} could be shown, leaving a rest (total minus Ops) of {a, b, c, x, y}; the
    # last report's rest had z in it too, so total minus Ops would give z: nothing is shown.
    filings = (
        [filing(k, 1, "q") for k in "abc"]
        + [filing(k, 2, "q") for k in "def"]
        + [filing(k, None, "q") for k in "xy"]
    )
    assert decide(filings, {}, None, 3).verdicts[(2, GROUP)] == Verdict(3)
    decision = decide(filings, {}, frozenset("abcxyz"), 3)
    assert decision.verdicts[(2, GROUP)] == Verdict(3, Hold.COVER)
    assert decision.rest == frozenset("abcdefxy")

"""Short pulse rounds: which statements each asks (alignment/team/rotation.py), and which
earlier figure a report carries for a dimension a block did not ask (``carry_forward``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignment.dimensions import Dimension
from alignment.privacy import Hold
from alignment.reporting.table import history_csv
from alignment.scoring import DimensionScore, headline
from alignment.team.items import COMMENT, ECHO, RECALL
from alignment.team.report import Measured, Snapshot, carry_forward
from alignment.team.rotation import ECHO_EVERY, MEASURE_EVERY, choose
from tests.support.team import PULSE_ITEMS, SCRIPTS

PULSE = SCRIPTS["pulse"]
DIMENSION_OF = {item.id: item.dimension for item in PULSE_ITEMS}


def dimensions(ids: Sequence[str]) -> set[Dimension | None]:
    return {DIMENSION_OF[i] for i in ids if i in DIMENSION_OF}


def test_after_a_strategy_change_vision_goals_echo_and_recall_come_first_even_over_count() -> None:
    previous = [choose(PULSE, [], 6)]  # asked the echo and vision and goals a round ago
    assert not {ECHO, RECALL} & set(choose(PULSE, previous, 1))
    ids = choose(PULSE, previous, 1, changed=True)
    assert {ECHO, RECALL, COMMENT} <= set(ids)
    assert dimensions(ids) == {Dimension.VISION_CLARITY, Dimension.GOAL_ALIGNMENT}
    other = choose(PULSE, previous, 4, changed=True)
    assert len(dimensions(other)) == 4
    assert {Dimension.VISION_CLARITY, Dimension.GOAL_ALIGNMENT} <= dimensions(other)


def test_a_first_round_asks_count_dimensions_once_each_echo_recall_and_comment() -> None:
    ids = choose(PULSE, [], 6)
    statements = [i for i in ids if i in DIMENSION_OF]
    assert len(statements) == 6
    assert len(dimensions(statements)) == 6
    assert {ECHO, RECALL, COMMENT} <= set(ids)
    assert list(ids) == [q.id for q in PULSE.questions if q.id in ids]


def test_the_least_recently_measured_dimensions_come_first() -> None:
    first = choose(PULSE, [], 5)
    second = choose(PULSE, [first], 5)
    left_out = set(Dimension) - dimensions(first)
    assert left_out <= dimensions(second)
    assert not set(first) & set(second) - {COMMENT}


def test_after_a_full_round_statements_alternate_again() -> None:
    after_full = choose(PULSE, [None], 7)
    following = choose(PULSE, [None, after_full], 7)
    assert ECHO not in after_full
    assert RECALL not in after_full
    assert not {i for i in after_full if i in DIMENSION_OF} & set(following)


def test_the_same_choice_every_time() -> None:
    history: list[Sequence[str] | None] = [None, ("t_vision_clear", COMMENT)]
    assert choose(PULSE, history, 5) == choose(PULSE, list(history), 5)


@pytest.mark.parametrize("count", [0, 9])
def test_impossible_counts_are_refused(count: int) -> None:
    with pytest.raises(ValueError, match="1 to 8"):
        choose(PULSE, [], count)


@settings(max_examples=60, deadline=None)
@given(
    start=st.lists(st.none() | st.just(()), max_size=3),
    counts=st.lists(st.integers(min_value=5, max_value=7), min_size=12, max_size=30),
)
def test_every_rule_holds_over_many_rounds(
    start: list[tuple[()] | None], counts: list[int]
) -> None:
    """Whatever came before (full rounds, rounds that asked nothing), every rule holds."""
    history: list[Sequence[str] | None] = list(start)
    chosen: list[tuple[str, ...]] = []
    for count in counts:
        ids = choose(PULSE, history, count)
        statements = [i for i in ids if i in DIMENSION_OF]
        assert len(statements) == count == len(dimensions(statements))
        assert COMMENT in ids
        if chosen and history[-1] is not None:
            assert not set(statements) & set(chosen[-1])
        history.append(ids)
        chosen.append(ids)
    for start_at in range(len(chosen) - MEASURE_EVERY + 1):
        measured = [i for ids in chosen[start_at : start_at + MEASURE_EVERY] for i in ids]
        assert dimensions(measured) == set(Dimension)
    for start_at in range(len(chosen) - ECHO_EVERY + 1):
        asked = {i for ids in chosen[start_at : start_at + ECHO_EVERY] for i in ids}
        assert {ECHO, RECALL} <= asked


def block(number: int, levels: dict[Dimension, float | None], held: Sequence[str] = ()) -> Snapshot:
    """A reported block with these team levels (None: no figure)."""
    scores = tuple(
        DimensionScore(d, levels.get(d), rwg=None, ad=None, n=3 if levels.get(d) else 0)
        for d in Dimension
    )
    return Snapshot(
        number=number,
        pooled=(number,),
        respondents=3,
        closed_on=date(2026, 11, number),
        scores=scores,
        headline=None,
        recall=None,
        echo=None,
        held=tuple((name, Hold.FEW_PEOPLE) for name in held),
    )


def test_a_report_carries_each_unasked_dimension_from_the_block_that_measured_it() -> None:
    vision, goals, money = (
        Dimension.VISION_CLARITY,
        Dimension.GOAL_ALIGNMENT,
        Dimension.FINANCIAL_ALIGNMENT,
    )
    first = carry_forward(block(1, {vision: 50.0, goals: 60.0, money: 70.0}), None)
    second = carry_forward(block(2, {vision: 80.0}, held=[goals.value]), first)
    third = carry_forward(block(3, {Dimension.ADAPTABILITY: 90.0}), second)
    levels = {s.dimension: s.team for s in third.scores}
    assert levels[vision] == 80.0
    assert levels[goals] is None  # held back where last measured: never an older figure
    assert levels[money] == 70.0
    assert third.measured(money) == Measured(money, 1, date(2026, 11, 1))
    assert third.measured(vision) == Measured(vision, 2, date(2026, 11, 2))
    assert third.measured(Dimension.ADAPTABILITY) is None
    assert third.headline is not None
    assert round(third.headline, 6) == round(headline(third.scores) or 0, 6)
    rows = {
        row["dimension"]: row["as_of_round"]
        for row in csv.DictReader(io.StringIO(history_csv([third]).decode()))
    }
    assert (rows[money.value], rows[vision.value], rows["adaptability"]) == ("1", "2", "3")

"""The reassessment thresholds, each at its edge."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from alignment.dimensions import Dimension
from alignment.reassessment.triggers import (
    ClosedRound,
    GoalState,
    Kind,
    Progress,
    Trigger,
    goal_triggers,
    most_important,
    score_triggers,
    silence_triggers,
)
from alignment.scoring import DimensionScore
from alignment.team.report import Measured, Snapshot

VISION = Dimension.VISION_CLARITY
DAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def shot(
    number: int, team: float, rwg: float = 0.8, owner: float | None = None, carried: bool = False
) -> Snapshot:
    score = DimensionScore(VISION, team, rwg, None, 5, owner=owner)
    measured = (Measured(VISION, number - 1, DAY),) if carried else ()
    return Snapshot(number, (number,), 5, DAY, (score,), team, None, None, carried=measured)


def kinds(found: list[Trigger]) -> list[Kind]:
    return [t.kind for t in found]


def test_a_ten_point_fall_is_a_score_drop_and_nine_and_a_half_is_not() -> None:
    found = score_triggers([shot(1, 70.0), shot(2, 60.0)])
    assert kinds(found) == [Kind.SCORE_DROP]
    assert found[0].subject == VISION.value
    assert found[0].key == "vision_clarity:2"
    assert found[0].figures == {"before": 70, "after": 60}
    assert score_triggers([shot(1, 70.0), shot(2, 60.5)]) == []


def test_a_carried_figure_is_not_a_measurement() -> None:
    """The fall is between the blocks that measured it: the carried block is skipped."""
    found = score_triggers([shot(1, 70.0), shot(2, 70.0, carried=True), shot(3, 59.0)])
    assert [t.key for t in found] == ["vision_clarity:3"]
    assert score_triggers([shot(1, 70.0), shot(2, 50.0, carried=True)]) == []


def test_agreement_falling_below_half_is_low_agreement_once() -> None:
    assert kinds(score_triggers([shot(1, 60.0), shot(2, 60.0, rwg=0.49)])) == [Kind.LOW_AGREEMENT]
    assert score_triggers([shot(1, 60.0), shot(2, 60.0, rwg=0.5)]) == []
    assert score_triggers([shot(1, 60.0, rwg=0.4), shot(2, 60.0, rwg=0.3)]) == []


def test_a_gap_widening_by_fifteen_points_is_reported() -> None:
    widened = score_triggers([shot(1, 60.0, owner=65.0), shot(2, 55.0, owner=75.0)])
    assert kinds(widened) == [Kind.GAP_WIDENED]
    assert widened[0].figures["gap"] == 20
    assert score_triggers([shot(1, 60.0, owner=65.0), shot(2, 55.5, owner=74.5)]) == []


def goal(reports: list[Progress], target: str = "100%") -> GoalState:
    return GoalState(7, "Ten new clients", target, DAY + timedelta(days=100), DAY, reports)


def report(value: float, confidence: int = 7, *, is_percent: bool = True, id: int = 1) -> Progress:
    return Progress(id, value, is_percent, confidence, DAY)


def test_progress_twenty_points_behind_elapsed_time_is_drift() -> None:
    today = DAY + timedelta(days=50)  # half the time gone
    found = goal_triggers([goal([report(30.0)])], today)
    assert kinds(found) == [Kind.GOAL_DRIFT]
    assert found[0].goal == 7
    assert found[0].figures == {"progress": 30, "elapsed": 50}
    assert goal_triggers([goal([report(30.5)])], today) == []


def test_numeric_progress_is_read_against_the_target() -> None:
    today = DAY + timedelta(days=50)
    behind = goal([report(3.0, is_percent=False)], target="10 clients")
    assert kinds(goal_triggers([behind], today)) == [Kind.GOAL_DRIFT]
    on_track = goal([report(4.0, is_percent=False)], target="10 clients")
    assert goal_triggers([on_track], today) == []
    assert goal_triggers([goal([report(0.0, is_percent=False)], target="more")], today) == []


def test_confidence_falling_by_three_is_drift() -> None:
    today = DAY
    fell = goal([report(0.0, 8, id=1), report(0.0, 5, id=2)])
    found = goal_triggers([fell], today)
    assert kinds(found) == [Kind.GOAL_DRIFT]
    assert found[0].key == "7:2"
    assert goal_triggers([goal([report(0.0, 8, id=1), report(0.0, 6, id=2)])], today) == []
    assert goal_triggers([goal([])], today) == []


def test_three_weeks_without_a_check_in_is_silence_keyed_by_the_last_one() -> None:
    last = NOW - timedelta(days=21)
    found = silence_triggers(last, NOW - timedelta(days=90), NOW, [])
    assert kinds(found) == [Kind.OWNER_SILENT]
    assert found[0].key == last.date().isoformat()
    assert silence_triggers(last + timedelta(minutes=1), last, NOW, []) == []
    never = silence_triggers(None, NOW - timedelta(days=30), NOW, [])
    assert kinds(never) == [Kind.OWNER_SILENT]


def test_two_rounds_in_a_row_under_half_is_low_participation() -> None:
    since = NOW - timedelta(days=1)
    low = [ClosedRound(1, 4, 10), ClosedRound(2, 4, 10)]
    found = silence_triggers(None, since, NOW, low)
    assert kinds(found) == [Kind.LOW_PARTICIPATION]
    assert found[0].key == "2"
    assert silence_triggers(None, since, NOW, [ClosedRound(1, 4, 10), ClosedRound(2, 5, 10)]) == []
    assert silence_triggers(None, since, NOW, [ClosedRound(2, 1, 10)]) == []


def test_goal_drift_comes_first_and_silence_last() -> None:
    found = [
        Trigger(Kind.OWNER_SILENT, "a"),
        Trigger(Kind.LOW_AGREEMENT, "b"),
        Trigger(Kind.GOAL_DRIFT, "c"),
        Trigger(Kind.SCORE_DROP, "d"),
    ]
    assert [t.key for t in most_important(found)] == ["c", "d", "b", "a"]

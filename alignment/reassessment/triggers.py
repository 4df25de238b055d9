"""Which reassessment nudges a workspace's reported figures call for: pure functions.

Inputs are figures the owner can already see: the snapshots the report service builds (they
respect the anonymity threshold and pooling), the owner's own goal progress and check-ins, and
how many people answered closed rounds. Each trigger carries a stable key naming the situation
(the dimension or goal and the block, report or week it refers to), so a situation nudges once
and a new nudge needs something to have changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from alignment.dimensions import Dimension
from alignment.scoring import DimensionScore
from alignment.team.report import Snapshot

SCORE_DROP_POINTS = 10.0
"""A team level this many points below its previous measurement is a real fall, not noise."""
LOW_AGREEMENT_RWG = 0.5
"""Below this rWG the team is split on a dimension (docs/scoring.md)."""
GAP_WIDENED_POINTS = 15.0
"""The owner-versus-team gap grew by this many points: the owner and team are drifting apart."""
DRIFT_POINTS = 20.0
"""Progress trailing the share of time elapsed by this many points is behind schedule."""
CONFIDENCE_DROP = 3
"""The owner's confidence in a goal fell this much (on 1-10) between two progress reports."""
SILENT_AFTER = timedelta(days=21)
"""Three weeks without an owner check-in: the rhythm has stopped."""
LOW_PARTICIPATION = 0.5
"""Fewer than half the team answered: the figures speak for too few."""


class Kind(StrEnum):
    """The nudge kinds, most important first.

    Goal drift comes first because it is about what the business committed to and a deadline
    that will not move; a score drop is the team saying something got worse; a widening gap is
    the owner's picture drifting from the team's; low agreement is a split worth a conversation
    but not yet a fall; low participation and owner silence are about the rhythm itself, and
    are only worth a nudge when nothing more specific is.
    """

    GOAL_DRIFT = "goal_drift"
    SCORE_DROP = "score_drop"
    GAP_WIDENED = "gap_widened"
    LOW_AGREEMENT = "low_agreement"
    LOW_PARTICIPATION = "low_participation"
    OWNER_SILENT = "owner_silent"


CONFIDENCE = "confidence"
"""A goal drifting because its owner's confidence fell, not its progress."""
WORDINGS = frozenset(Kind) | {f"{Kind.GOAL_DRIFT.value}_{CONFIDENCE}"}
"""The key of every what-changed sentence (``Trigger.wording``)."""

PRIORITY: tuple[Kind, ...] = tuple(Kind)


@dataclass(frozen=True)
class Trigger:
    """One situation worth a nudge; ``key`` is the same for as long as the situation is."""

    kind: Kind
    key: str
    subject: str = ""
    """The dimension's value or the goal's title; empty for the rhythm kinds."""
    figures: dict[str, int] = field(default_factory=dict)
    """Rounded figures the message may quote (before/after, percent, days)."""
    goal: int | None = None
    reason: str = ""
    """Which of a kind's situations it is, when a kind has more than one (``confidence``)."""

    @property
    def wording(self) -> str:
        """The key of the sentence that says what changed."""
        return f"{self.kind.value}_{self.reason}" if self.reason else self.kind.value


@dataclass(frozen=True)
class Progress:
    """One of the owner's progress reports on a goal."""

    id: int
    value: float
    is_percent: bool
    confidence: int
    recorded_on: date


@dataclass(frozen=True)
class GoalState:
    """A goal of the current strategy with its progress reports, oldest first."""

    id: int
    title: str
    target: str
    deadline: date
    started: date
    """When the strategy version holding the goal was stated: the goal's clock starts there."""
    reports: Sequence[Progress]


@dataclass(frozen=True)
class ClosedRound:
    """A closed round: how many answered it out of how many members."""

    id: int
    answered: int
    members: int


def score_triggers(snapshots: Sequence[Snapshot]) -> list[Trigger]:
    """Falls, splits and widening gaps between each dimension's last two measurements."""
    found: list[Trigger] = []
    for dimension in Dimension:
        measured = _measurements(snapshots, dimension)
        if len(measured) < 2:
            continue
        (_, before), (number, after) = measured[-2:]
        assert before.team is not None
        assert after.team is not None
        key = f"{dimension.value}:{number}"
        figures = {"before": round(before.team), "after": round(after.team)}
        if before.team - after.team >= SCORE_DROP_POINTS:
            found.append(Trigger(Kind.SCORE_DROP, key, dimension.value, figures))
        split = after.rwg is not None and after.rwg < LOW_AGREEMENT_RWG
        if split and (before.rwg is None or before.rwg >= LOW_AGREEMENT_RWG):
            found.append(Trigger(Kind.LOW_AGREEMENT, key, dimension.value, figures))
        widened = _widening(before, after)
        if widened is not None and widened >= GAP_WIDENED_POINTS:
            gap = {"gap": round(abs(after.gap or 0.0))}
            found.append(Trigger(Kind.GAP_WIDENED, key, dimension.value, figures | gap))
    return found


def _widening(before: DimensionScore, after: DimensionScore) -> float | None:
    """How many points further apart the owner and the team are now; None without both."""
    if before.gap is None or after.gap is None:
        return None
    return abs(after.gap) - abs(before.gap)


def _measurements(
    snapshots: Iterable[Snapshot], dimension: Dimension
) -> list[tuple[int, DimensionScore]]:
    """(block number, score) of each block that measured ``dimension`` itself, oldest first."""
    found = []
    for shot in snapshots:
        score = next((s for s in shot.scores if s.dimension is dimension), None)
        if score is not None and score.team is not None and shot.measured(dimension) is None:
            found.append((shot.number, score))
    return found


def goal_triggers(goals: Iterable[GoalState], today: date) -> list[Trigger]:
    """Goals behind schedule, or whose owner lost confidence, as of their latest report."""
    found: list[Trigger] = []
    for goal in goals:
        if not goal.reports:
            continue
        latest = goal.reports[-1]
        key = f"{goal.id}:{latest.id}"
        progress = progress_percent(latest, goal.target)
        elapsed = elapsed_percent(goal.started, goal.deadline, today)
        if progress is not None and elapsed - progress >= DRIFT_POINTS:
            figures = {"progress": round(progress), "elapsed": round(elapsed)}
            found.append(Trigger(Kind.GOAL_DRIFT, key, goal.title, figures, goal.id))
            continue
        if len(goal.reports) >= 2:
            before = goal.reports[-2].confidence
            if before - latest.confidence >= CONFIDENCE_DROP:
                figures = {"before": before, "after": latest.confidence}
                found.append(
                    Trigger(Kind.GOAL_DRIFT, key, goal.title, figures, goal.id, CONFIDENCE)
                )
    return found


_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def progress_percent(report: Progress, target: str) -> float | None:
    """Percent done: the report itself, or its value over the first number in the target."""
    if report.is_percent:
        return report.value
    match = _NUMBER.search(target.replace(" ", ""))
    goal = float(match.group().replace(",", ".")) if match else 0.0
    return 100.0 * report.value / goal if goal > 0 else None


def elapsed_percent(started: date, deadline: date, today: date) -> float:
    """The share of the time from ``started`` to ``deadline`` gone by ``today``, 0 to 100."""
    span = (deadline - started).days
    if span <= 0:
        return 100.0
    return min(100.0, max(0.0, 100.0 * (today - started).days / span))


def silence_triggers(
    last_checkin: datetime | None,
    since: datetime,
    now: datetime,
    rounds: Sequence[ClosedRound],
) -> list[Trigger]:
    """An owner silent three weeks, or two closed rounds in a row under half the team.

    ``last_checkin`` is the owner's latest completed check-in (``since``, the workspace's
    start, when there is none); the key names it, so the nudge comes once per silence.
    """
    found: list[Trigger] = []
    quiet_since = last_checkin or since
    if now - quiet_since >= SILENT_AFTER:
        days = {"days": (now - quiet_since).days}
        found.append(Trigger(Kind.OWNER_SILENT, quiet_since.date().isoformat(), figures=days))
    if len(rounds) >= 2 and all(_low(r) for r in rounds[-2:]):
        latest = rounds[-1]
        share = {"percent": round(100 * latest.answered / latest.members)}
        found.append(Trigger(Kind.LOW_PARTICIPATION, str(latest.id), figures=share))
    return found


def _low(closed: ClosedRound) -> bool:
    return closed.members > 0 and closed.answered < LOW_PARTICIPATION * closed.members


def most_important(triggers: Iterable[Trigger]) -> list[Trigger]:
    """Triggers in the order the owner should hear them (stable within a kind)."""
    return sorted(triggers, key=lambda t: PRIORITY.index(t.kind))

"""What the coach knows about a business: its strategy and reported figures, nothing personal.

Built by ``alignment/services/coach.py`` from the current strategy and the report snapshots
(``ReportService.snapshots``), so every figure here already passed the disclosure rules. It holds
no user ids, names, usernames, individual answers or comments, so neither the offline rules nor
the LLM prompt can reveal them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from alignment.dimensions import Dimension
from alignment.scoring.levels import whole
from alignment.team.report import Snapshot


@dataclass(frozen=True)
class GoalFacts:
    """One goal of the current strategy with its latest reported progress."""

    title: str
    metric: str
    target: str
    deadline: date
    confidence: int
    progress: str | None
    top: bool


@dataclass(frozen=True)
class DimensionFacts:
    """One dimension's reported team figure (0-100), agreement, owner gap and change."""

    dimension: Dimension
    level: int
    agreement: float | None
    gap: int | None
    change: int | None


@dataclass(frozen=True)
class CoachContext:
    """A business as the coach sees it on one day."""

    business: str
    vision: str | None
    mission: str | None
    values: tuple[str, ...]
    goals: tuple[GoalFacts, ...]
    dimensions: tuple[DimensionFacts, ...]
    headline: int | None
    today: date

    @property
    def top_goal(self) -> GoalFacts | None:
        """The goal the owner marked most important, else the first."""
        return next((g for g in self.goals if g.top), self.goals[0] if self.goals else None)

    def figure(self, dimension: Dimension) -> DimensionFacts | None:
        """The reported figure of a dimension, if the report shows one."""
        return next((d for d in self.dimensions if d.dimension is dimension), None)

    def variables(self) -> dict[str, str]:
        """The context as prompt variables; each is wrapped as data by ``CoachPrompt.render``."""
        goals = [
            f"- {g.title}{' (top priority)' if g.top else ''}: {g.metric} to {g.target} by "
            f"{g.deadline.isoformat()}, confidence {g.confidence}/10, latest progress "
            f"{g.progress or 'not reported'}"
            for g in self.goals
        ]
        figures = [
            f"- {d.dimension.value}: level {d.level}/100"
            + (f", agreement rWG {d.agreement:.2f}" if d.agreement is not None else "")
            + (f", owner minus team {d.gap:+d}" if d.gap is not None else "")
            + (f", change {d.change:+d}" if d.change is not None else "")
            for d in self.dimensions
        ]
        strategy = [
            f"Business: {self.business}",
            f"Vision: {self.vision or 'not stated'}",
            f"Mission: {self.mission or 'not stated'}",
            f"Values: {', '.join(self.values) or 'not stated'}",
            "Goals:",
            *(goals or ["- none yet"]),
        ]
        headline = (
            f"Headline: {self.headline}/100" if self.headline is not None else "No report yet"
        )
        return {
            "strategy": "\n".join(strategy),
            "figures": "\n".join([headline, *figures]),
            "today": self.today.isoformat(),
        }


def dimension_facts(latest: Snapshot | None) -> tuple[DimensionFacts, ...]:
    """The figures of the latest reported block that have a team level; held ones are absent."""
    if latest is None:
        return ()
    return tuple(
        DimensionFacts(
            s.dimension,
            whole(s.team),
            s.rwg,
            whole(s.gap) if s.gap is not None else None,
            whole(s.change) if s.change is not None else None,
        )
        for s in latest.scores
        if s.team is not None
    )

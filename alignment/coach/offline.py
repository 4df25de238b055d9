"""The offline coach: deterministic rules over the business's own data, words from prompts/.

Pure: no database, no clock ("today" is in the context). The rules (docs/coach.md):

- The weekly insight takes the dimension that fell most (at least ``FALL_NOTABLE`` points since
  it was last measured); else the one the owner rates most above the team (at least
  ``GAP_NOTABLE`` points); else the one with the lowest team level; with no figures yet, goal
  alignment around the top goal. Ties go to the dimension listed first in ``Dimension``.
- An answer to ``/coach <question>`` is routed by keywords (English and German): a goal named
  by a word of its title, else the dimension with most keyword hits, else any goal keyword
  (the top goal), else the insight's dimension.

Every text names the business's own goal, vision or dimension, carries actions dated within
the next days and stays within ``MAX_WORDS``: actions are dropped from the end until it fits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from alignment.coach.context import CoachContext, GoalFacts
from alignment.coach.model import Action, Advice, Insight
from alignment.dimensions import Dimension
from alignment.prompt_files import check_template, load_yaml
from alignment.team.report import GAP_NOTABLE

MAX_WORDS = 120
FALL_NOTABLE = 5
"""A drop of this many points since the dimension was last measured outranks any gap."""
DUE_IN = (1, 3, 5)
"""Working days (Monday to Friday) from today by which the first, second and third action are
due: all within the next seven days."""
ADVICE_DUE_IN = 2
HEADING_WORDS = 8
"""Words the insight's heading may take ("This week's insight for" and the business name)."""
ACTION_WORDS = 3
"""Words each action's bullet and date add."""
VISION_WORDS = 8
"""The vision is quoted by its first words, so a long one does not crowd out the advice."""
SATURDAY = 5
TITLE_WORD = 5
"""Words of a goal title at least this long route a question to that goal."""

FILL = ("business", "goal", "vision", "metric", "target", "deadline")
"""Placeholders every template may use: the business and its top goal."""


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Findings(_Words):
    """The first sentence of an insight, one per rule."""

    falling: str
    gap: str
    low: str
    no_data: str


class AdviceWords(_Words):
    """The parts of an offline /coach answer."""

    dimension: str
    figure: str
    no_figure: str
    goal: str
    no_progress: str
    no_goals: str
    no_goals_action: str
    action: str


class Keywords(_Words):
    """Words (lower case, matched inside words) that route a question."""

    goal: tuple[str, ...]
    dimensions: dict[Dimension, tuple[str, ...]]


class CoachWords(_Words):
    """All of prompts/coach.yaml, each template checked for the placeholders it may use."""

    findings: Findings
    why: dict[Dimension, str]
    actions: dict[Dimension, tuple[str, ...]] = Field()
    advice: AdviceWords
    keywords: Keywords

    @model_validator(mode="after")
    def _complete(self) -> CoachWords:
        for name, table in (("why", self.why), ("actions", self.actions)):
            missing = set(Dimension) - set(table)
            if missing:
                raise ValueError(f"{name} is missing {', '.join(sorted(missing))}")
        for steps in self.actions.values():
            if not 1 <= len(steps) <= len(DUE_IN):
                raise ValueError(f"each dimension needs 1 to {len(DUE_IN)} actions")
            for step in steps:
                check_template(step, FILL)
        for text in self.why.values():
            check_template(text, FILL)
        facts = (*FILL, "dimension", "level", "drop", "gap")
        for text in self.findings.model_dump().values():
            check_template(text, facts)
        advice = self.advice
        check_template(advice.dimension, (*FILL, "dimension", "figure", "why"), ("why",))
        check_template(advice.figure, ("level",), ("level",))
        check_template(advice.goal, (*FILL, "progress", "confidence"), ("goal",))
        check_template(advice.no_goals, FILL)
        check_template(advice.no_goals_action, FILL)
        check_template(advice.action, ("action", "due"), ("action", "due"))
        return self


def load_coach_words(path: Path) -> CoachWords:
    """Parse prompts/coach.yaml; a bad template stops start-up with its place."""
    return load_yaml(path, CoachWords)


def words_in(text: str) -> int:
    """Words as a reader counts them."""
    return len(text.split())


class OfflineCoach:
    """The coach with no model: the same questions answered by rules and templates."""

    def __init__(self, words: CoachWords, dimension_names: Mapping[str, str]) -> None:
        self._words = words
        self._names = dimension_names

    def insight(self, ctx: CoachContext) -> Insight:
        """The biggest misalignment, why it matters here, and up to three dated actions."""
        fill = self._fill(ctx)
        dimension, finding = self._finding(ctx, fill)
        why = self._words.why[dimension].format(**fill)
        steps = [
            Action(text=step.format(**fill), due=working_day(ctx.today, days))
            for step, days in zip(self._words.actions[dimension], DUE_IN, strict=False)
        ]
        budget = MAX_WORDS - HEADING_WORDS
        while len(steps) > 1 and (
            words_in(" ".join([finding, why, *(a.text for a in steps)]))
            > budget - ACTION_WORDS * len(steps)
        ):
            steps.pop()
        return Insight(dimension=dimension, finding=finding, why=why, actions=tuple(steps))

    def answer(self, ctx: CoachContext, question: str) -> Advice:
        """Advice on the goal or dimension the question is about, with one dated action."""
        fill = self._fill(ctx)
        words = self._words.advice
        due = working_day(ctx.today, ADVICE_DUE_IN)
        if ctx.top_goal is None:  # every piece of advice hangs on a goal: the first one first
            return self._advice(
                words.no_goals.format(**fill), words.no_goals_action.format(**fill), due
            )
        goal = self._goal_asked(ctx, question)
        dimension = self._dimension_asked(question)
        if goal is not None or (dimension is None and self._mentions_goal(question)):
            target = goal or ctx.top_goal
            fill = {**fill, **_goal_fill(target)}
            text = words.goal.format(
                progress=target.progress or words.no_progress,
                confidence=target.confidence,
                **fill,
            )
            step = self._words.actions[Dimension.GOAL_ALIGNMENT][-1].format(**fill)
            return self._advice(text, step, due)
        chosen = dimension or self.insight(ctx).dimension
        figure = ctx.figure(chosen)
        shown = words.figure.format(level=figure.level) if figure else words.no_figure
        text = words.dimension.format(
            dimension=self._names[chosen],
            figure=shown,
            why=self._words.why[chosen].format(**fill),
            **fill,
        )
        step = self._words.actions[chosen][0].format(**fill)
        return self._advice(text, step, due)

    def render(self, advice: Advice) -> str:
        """An answer as one text: the advice, then its action and date."""
        action = self._words.advice.action.format(
            action=advice.action.text, due=advice.action.due.isoformat()
        )
        return f"{advice.text}\n\n{action}"

    def _advice(self, text: str, step: str, due: date) -> Advice:
        return Advice(text=text, action=Action(text=step, due=due))

    def _finding(self, ctx: CoachContext, fill: Mapping[str, str]) -> tuple[Dimension, str]:
        """The rule that fires first, and its sentence."""
        found = self._words.findings
        figures = ctx.dimensions
        falling = [d for d in figures if d.change is not None and -d.change >= FALL_NOTABLE]
        gaps = [d for d in figures if d.gap is not None and d.gap >= GAP_NOTABLE]
        if falling:
            worst = min(falling, key=lambda d: (d.change, _order(d.dimension)))
            template, extra = found.falling, {"drop": str(-(worst.change or 0))}
        elif gaps:
            worst = max(gaps, key=lambda d: (d.gap, -_order(d.dimension)))
            template, extra = found.gap, {"gap": str(worst.gap)}
        elif figures:
            worst = min(figures, key=lambda d: (d.level, _order(d.dimension)))
            template, extra = found.low, {}
        else:
            return Dimension.GOAL_ALIGNMENT, found.no_data.format(**fill)
        name = self._names[worst.dimension]
        text = template.format(dimension=name, level=worst.level, **extra, **fill)
        return worst.dimension, text

    def _fill(self, ctx: CoachContext) -> dict[str, str]:
        """The business's own words every template may use.

        The business name stands in for a missing vision or goal.
        """
        vision = _first_words(ctx.vision) if ctx.vision else ctx.business
        top = ctx.top_goal
        goal = (
            _goal_fill(top)
            if top
            else {"goal": ctx.business, "metric": "", "target": "", "deadline": ""}
        )
        return {"business": ctx.business, "vision": vision, **goal}

    def _goal_asked(self, ctx: CoachContext, question: str) -> GoalFacts | None:
        """A goal one of whose longer title words the question uses."""
        asked = set(re.findall(r"\w+", question.casefold()))
        for goal in ctx.goals:
            title = {w for w in re.findall(r"\w+", goal.title.casefold()) if len(w) >= TITLE_WORD}
            if title & asked:
                return goal
        return None

    def _dimension_asked(self, question: str) -> Dimension | None:
        """The dimension with most keyword hits; the first listed wins a tie; None for none."""
        text = question.casefold()
        hits = {
            dimension: sum(word in text for word in words)
            for dimension, words in self._words.keywords.dimensions.items()
        }
        best = max(hits.values(), default=0)
        if best == 0:
            return None
        return next(d for d in Dimension if hits.get(d, 0) == best)

    def _mentions_goal(self, question: str) -> bool:
        text = question.casefold()
        return any(word in text for word in self._words.keywords.goal)


def working_day(today: date, count: int) -> date:
    """The ``count``-th working day (Monday to Friday) after today."""
    day = today
    while count:
        day += timedelta(days=1)
        if day.weekday() < SATURDAY:
            count -= 1
    return day


def _goal_fill(goal: GoalFacts) -> dict[str, Any]:
    return {
        "goal": goal.title,
        "metric": goal.metric,
        "target": goal.target,
        "deadline": goal.deadline.isoformat(),
    }


def _first_words(text: str) -> str:
    """The first sentence of the vision, cut to ``VISION_WORDS`` words."""
    first = re.split(r"(?<=[.!?;])\s", text.strip(), maxsplit=1)[0].rstrip(".!?;")
    words = first.split()
    return " ".join(words[:VISION_WORDS]) + ("…" if len(words) > VISION_WORDS else "")


def _order(dimension: Dimension) -> int:
    return list(Dimension).index(dimension)

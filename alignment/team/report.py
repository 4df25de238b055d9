"""What a report says, computed from anonymous counts: snapshots, call-outs, the history.

Pure functions over data the reports service loaded, so every figure can be recomputed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from alignment.dimensions import Dimension
from alignment.privacy import Hold
from alignment.questionnaire import QuestionType, Script
from alignment.scoring import (
    DimensionScore,
    Item,
    ItemCounts,
    headline,
    owner_levels,
    recall_rate,
    score_all,
)
from alignment.team.disclosure import Verdict
from alignment.team.items import COMMENT, CORRECT, ECHO, OTHER_GOAL, PRIORITIES, RECALL

GAP_NOTABLE = 15.0
"""A perception gap of this many points or more is worth a sentence in the report."""
AGREEMENT_NOTABLE = 0.70
"""Below this rWG the team is usually read as not agreeing (James, Demaree and Wolf)."""
SPLIT_WEIGHT = 50.0
"""Puts weak agreement on the gap's scale: rWG 0.50 ranks like a 25-point gap."""
AGREEMENT_MODERATE = 0.50
"""From here up to AGREEMENT_NOTABLE agreement is moderate; below it the team is split."""
CALLOUTS = 3
OWNER_HIGHER, OWNER_LOWER, SPLIT = "owner_higher", "owner_lower", "split"
CALLOUT_KINDS = frozenset({OWNER_HIGHER, OWNER_LOWER, SPLIT})
AGREES, MODERATE = "agrees", "moderate"
AGREEMENT_BANDS = frozenset({AGREES, MODERATE, SPLIT})
HEADLINE_BANDS: tuple[tuple[float, str], ...] = ((70.0, "strong"), (50.0, "fair"), (0.0, "weak"))
"""The lowest headline of each band, highest first; docs/scoring.md words them."""

Tally = tuple[str, int, int]
"""(item id, value, count) as stored."""


@dataclass(frozen=True)
class Snapshot:
    """The figures of one reported block: a round, or consecutive small rounds pooled together."""

    number: int
    pooled: tuple[int, ...]
    respondents: int
    closed_on: date
    scores: tuple[DimensionScore, ...]
    headline: float | None
    recall: float | None
    echo: float | None
    newcomers: int = 0
    """How many of the people counted joined the team while one of the block's rounds was open."""
    held: tuple[tuple[str, Hold], ...] = ()
    """Figures some people answered but that are held back, and why: dimension values,
    ``recall``, ``echo``, ``priorities`` or ``comment``."""

    texts: frozenset[str] = frozenset()
    """Which kinds of text (``echo``, ``priorities``, ``comment``) the block may use."""
    recall_any: float | None = None
    """Percent of recall answers naming any real goal; None for blocks filed before it was
    counted apart."""
    carried: tuple[Measured, ...] = ()
    """Dimensions this block did not measure whose figures come from an earlier block."""

    def measured(self, dimension: Dimension) -> Measured | None:
        """The earlier block a dimension's figure comes from; None when from this one."""
        return next((m for m in self.carried if m.dimension is dimension), None)


@dataclass(frozen=True)
class Measured:
    """The block a carried-forward figure was shown in: its newest round and closing day."""

    dimension: Dimension
    number: int
    closed_on: date


@dataclass(frozen=True)
class Callout:
    """One of the biggest gaps or weakest agreements, to be put into words."""

    kind: str
    dimension: Dimension
    gap: float | None
    rwg: float | None


@dataclass(frozen=True)
class DepartmentResult:
    """A department large enough, together with the others, to be shown on its own."""

    name: str
    respondents: int
    headline: float | None


def team_items(script: Script) -> dict[str, Item]:
    """The pulse's Likert items by id."""
    return {
        q.id: Item(q.id, q.dimension, q.reverse)
        for q in script.questions
        if q.type is QuestionType.LIKERT5 and q.dimension is not None
    }


def owner_answers(
    self_check: Script, team: Script, answers: Mapping[str, object]
) -> list[tuple[Item, int]]:
    """The owner's own answers on the statements paired with the team's."""
    pairs = {q.pair for q in team.questions if q.pair}
    found = []
    for question in self_check.questions:
        value = answers.get(question.id)
        if question.pair in pairs and question.dimension is not None and type(value) is int:
            found.append((Item(question.id, question.dimension, question.reverse), value))
    return found


def snapshot(
    number: int,
    pooled: Sequence[int],
    respondents: int,
    closed_on: date,
    *,
    items: Mapping[str, Item],
    tallies: Sequence[Tally],
    figures: Mapping[str, Verdict],
    owner: Sequence[tuple[Item, int]],
    previous: Snapshot | None,
    echo: float | None,
    newcomers: int = 0,
) -> Snapshot:
    """Score one window of rounds from the figures its block may show, and only those.

    A figure held back is left out of every number, so nothing shown was computed from fewer
    people than the threshold; n is the people behind the dimension's most-answered statement.
    """
    shown = {figure: v.people for figure, v in figures.items() if v.held is None}
    counts = counts_by_item(items, [t for t in tallies if t[0] in shown])
    before = (
        {s.dimension: s.team for s in previous.scores if s.team is not None} if previous else {}
    )
    scores = tuple(
        replace(
            score,
            n=max(
                (shown[c.item.id] for c in counts if c.item.dimension is score.dimension), default=0
            ),
        )
        for score in score_all(counts, owner_levels(owner), before)
    )
    return Snapshot(
        number=number,
        pooled=tuple(pooled),
        respondents=respondents,
        closed_on=closed_on,
        scores=scores,
        headline=headline(scores),
        recall=recall_rate(*_recall(tallies, (CORRECT,))) if RECALL in shown else None,
        echo=echo if ECHO in shown else None,
        newcomers=newcomers,
        held=_held(items, figures),
        texts=frozenset(kind for kind in (ECHO, COMMENT, PRIORITIES) if kind in shown),
        recall_any=_any_goal(tallies) if RECALL in shown else None,
    )


def carry_forward(block: Snapshot, before: Snapshot | None) -> Snapshot:
    """A block's figures with each dimension it did not measure taken from ``before``.

    ``before`` is the report as of the previous block, itself carried forward, so every
    dimension shows its latest measurement. A carried figure is the very score its own block
    showed (the owner's level is the same newest self-check), never a new combination of
    answers; a dimension the block measured but held back stays held back. The headline is
    then computed over these figures.
    """
    if before is None:
        return block
    held = {name for name, _ in block.held}
    earlier = {s.dimension: s for s in before.scores if s.team is not None}
    scores: list[DimensionScore] = []
    carried: list[Measured] = []
    for score in block.scores:
        old = earlier.get(score.dimension)
        if score.team is not None or score.dimension.value in held or old is None:
            scores.append(score)
            continue
        scores.append(old)
        carried.append(
            before.measured(score.dimension)
            or Measured(score.dimension, before.number, before.closed_on)
        )
    return replace(block, scores=tuple(scores), headline=headline(scores), carried=tuple(carried))


def _held(
    items: Mapping[str, Item], figures: Mapping[str, Verdict]
) -> tuple[tuple[str, Hold], ...]:
    """Why each dimension or question that has answers shows nothing; people-too-few first."""
    reasons: dict[str, set[Hold]] = {}
    shown: set[str] = set()
    for figure, verdict in figures.items():
        name = items[figure].dimension.value if figure in items else figure
        if verdict.held is None:
            shown.add(name)
        else:
            reasons.setdefault(name, set()).add(verdict.held)
    order = list(Hold)
    return tuple(
        (name, min(why, key=order.index))
        for name, why in sorted(reasons.items())
        if name not in shown
        and name
        in {*(i.dimension.value for i in items.values()), RECALL, ECHO, PRIORITIES, COMMENT}
    )


def counts_by_item(items: Mapping[str, Item], tallies: Iterable[Tally]) -> list[ItemCounts]:
    """Histograms of the Likert items, ignoring anything that is not one."""
    grouped: dict[str, dict[int, int]] = {}
    for item_id, value, count in tallies:
        if item_id in items:
            grouped.setdefault(item_id, {})[value] = count
    return [ItemCounts(items[i], grouped[i]) for i in items if i in grouped]


def callouts(scores: Iterable[DimensionScore]) -> tuple[Callout, ...]:
    """The three biggest perception gaps or weakest agreements, biggest first."""
    found: list[tuple[float, Callout]] = []
    for score in scores:
        gap, rwg = score.gap, score.rwg
        if gap is not None and abs(gap) >= GAP_NOTABLE:
            kind = OWNER_HIGHER if gap > 0 else OWNER_LOWER
            found.append((abs(gap), Callout(kind, score.dimension, gap, rwg)))
        if rwg is not None and rwg < AGREEMENT_NOTABLE:
            found.append(((1 - rwg) * SPLIT_WEIGHT, Callout(SPLIT, score.dimension, gap, rwg)))
    found.sort(key=lambda pair: -pair[0])
    return tuple(callout for _, callout in found[:CALLOUTS])


def agreement_band(rwg: float | None) -> str | None:
    """rWG(J) in words, with the cut-offs of docs/scoring.md; None when there is no figure."""
    if rwg is None:
        return None
    if rwg >= AGREEMENT_NOTABLE:
        return AGREES
    return MODERATE if rwg >= AGREEMENT_MODERATE else SPLIT


def headline_band(value: float) -> str:
    """Which band of docs/scoring.md the headline falls in."""
    return next(band for lowest, band in HEADLINE_BANDS if value >= lowest)


def focus(scores: Sequence[DimensionScore], found: Sequence[Callout]) -> Dimension | None:
    """The dimension this week's suggested action is about.

    The biggest call-out when there is one; otherwise the dimension with the lowest team level,
    since even a well-aligned team gains most where it scores lowest.
    """
    if found:
        return found[0].dimension
    levels = [(s.team, s.dimension) for s in scores if s.team is not None]
    return min(levels, key=lambda pair: pair[0])[1] if levels else None


def _recall(tallies: Iterable[Tally], picked: Iterable[int]) -> tuple[int, int]:
    """How many recall answers have one of the ``picked`` values, and how many there are."""
    marks = {value: count for item_id, value, count in tallies if item_id == RECALL}
    return sum(marks.get(value, 0) for value in picked), sum(marks.values())


def _any_goal(tallies: Sequence[Tally]) -> float | None:
    """The share naming any real goal, once OTHER_GOAL is counted (its cell exists)."""
    if not any(t[0] == RECALL and t[1] == OTHER_GOAL for t in tallies):
        return None
    return recall_rate(*_recall(tallies, (CORRECT, OTHER_GOAL)))

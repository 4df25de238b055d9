"""What a report says, computed from anonymous counts: snapshots, call-outs, the history.

Pure functions over data the reports service loaded, so every figure can be recomputed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from alignment.dimensions import Dimension
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
from alignment.team.items import CORRECT, RECALL

GAP_NOTABLE = 15.0
"""A perception gap of this many points or more is worth a sentence in the report."""
AGREEMENT_NOTABLE = 0.70
"""Below this rWG the team is usually read as not agreeing (James, Demaree and Wolf)."""
SPLIT_WEIGHT = 50.0
"""Puts weak agreement on the gap's scale: rWG 0.50 ranks like a 25-point gap."""
CALLOUTS = 3
OWNER_HIGHER, OWNER_LOWER, SPLIT = "owner_higher", "owner_lower", "split"
CALLOUT_KINDS = frozenset({OWNER_HIGHER, OWNER_LOWER, SPLIT})

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
    owner: Sequence[tuple[Item, int]],
    previous: Snapshot | None,
    echo: float | None,
) -> Snapshot:
    """Score one window of rounds."""
    counts = counts_by_item(items, tallies)
    before = (
        {s.dimension: s.team for s in previous.scores if s.team is not None} if previous else {}
    )
    scores = tuple(score_all(counts, owner_levels(owner), before))
    return Snapshot(
        number=number,
        pooled=tuple(pooled),
        respondents=respondents,
        closed_on=closed_on,
        scores=scores,
        headline=headline(scores),
        recall=_recall(tallies),
        echo=echo,
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


def _recall(tallies: Iterable[Tally]) -> float | None:
    marks = {value: count for item_id, value, count in tallies if item_id == RECALL}
    return recall_rate(marks.get(CORRECT, 0), sum(marks.values()))

"""The quarterly review: every 13 weeks from the first strategy, look back, then look ahead.

The tick records one message to the owner per quarter (kind ``quarterly_review``, period
``quarter:<n>``) saying what the quarter showed: the headline's trend, each dimension's change
and the goals reached or missed, all from figures the report already shows. Its button starts
the ``quarterly`` check-in: a one-line SWOT, then keep, revise or retire the goals. Revise and
retire lead straight into the goals check-in, whose new strategy version sets off the re-check
(``restate``). The SWOT lines stay the check-in's answers and are shown back when it ends.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from alignment.dimensions import Dimension
from alignment.questionnaire import AnswerValue
from alignment.reassessment.triggers import Progress, progress_percent
from alignment.services.events import Event, QuarterlyReview, SwotSummary
from alignment.team.report import Snapshot
from alignment.timezones import tzinfo_for
from storage.models import User, Workspace
from storage.repositories import Repositories

QUARTERLY = "quarterly"
"""The guided review's check-in script."""
REVIEW = "quarterly_review"
"""The delivery kind of the tick's message that opens the review."""
QUARTER = timedelta(weeks=13)
SWOT = ("strengths", "weaknesses", "opportunities", "threats")
CHOICE = "goals"
REVISE_GOALS = frozenset({"revise", "retire"})
"""Choices that continue in the goals check-in: retiring a goal is setting them without it."""
QUESTIONS = (*SWOT, CHOICE)
"""The questions this module reads by id (checked at start-up with the others)."""

Record = Callable[[str, str, User, dict[str, Any], datetime], Awaitable[None]]
Snapshots = Callable[[Repositories, Workspace], Awaitable[list[Snapshot]]]


async def review(
    repos: Repositories,
    workspace: Workspace,
    owner: User,
    now: datetime,
    record: Record,
    snapshots: Snapshots,
) -> None:
    """Record this quarter's review for the owner, once (the tick's part)."""
    first = await repos.strategy.first(workspace.id)
    if first is None or owner.unreachable_at is not None:
        return
    number = (now - first.created_at) // QUARTER
    if number < 1:
        return
    period = f"quarter:{number}"
    if period in await repos.deliveries.periods(owner.telegram_id, REVIEW):
        return
    began = first.created_at + (number - 1) * QUARTER
    fell_due = began + QUARTER
    payload = {
        "business": workspace.name,
        **trends([s for s in await snapshots(repos, workspace) if _within(s, began, now)]),
        **await _goals(repos, workspace, now),
    }
    await record(REVIEW, period, owner, payload, fell_due)


def _within(snapshot: Snapshot, began: datetime, now: datetime) -> bool:
    return began.date() <= snapshot.closed_on <= now.date()


def trends(blocks: list[Snapshot]) -> dict[str, Any]:
    """First and latest headline of the quarter, and each dimension's first and latest level."""
    headlines = [s.headline for s in blocks if s.headline is not None]
    first: dict[str, float] = {}
    latest: dict[str, float] = {}
    for snapshot in blocks:
        for score in snapshot.scores:
            if score.team is not None:
                first.setdefault(score.dimension.value, score.team)
                latest[score.dimension.value] = score.team
    return {
        "headline": [headlines[0], headlines[-1]] if len(headlines) > 1 else None,
        "dimensions": [[d, first[d], latest[d]] for d in latest if len(blocks) > 1],
    }


async def _goals(repos: Repositories, workspace: Workspace, now: datetime) -> dict[str, Any]:
    """Goals whose latest progress meets the target, and those whose deadline passed short."""
    strategy = await repos.strategy.current(workspace.id)
    today = now.astimezone(tzinfo_for(workspace.timezone)).date()
    reached, missed = [], []
    for goal in strategy.goals if strategy else []:
        latest = await repos.strategy.latest_progress(workspace.id, goal)
        done = None
        if latest is not None:
            report = Progress(latest.id, latest.value, latest.is_percent, latest.confidence, today)
            done = progress_percent(report, goal.target)
        if done is not None and done >= 100:
            reached.append(goal.title)
        elif goal.deadline < today:
            missed.append(goal.title)
    return {"reached": reached, "missed": missed}


def review_event(payload: Mapping[str, Any]) -> QuarterlyReview:
    """The stored payload as the event the edge renders."""
    headline = payload.get("headline")
    return QuarterlyReview(
        business=str(payload["business"]),
        headline=(float(headline[0]), float(headline[1])) if headline else None,
        dimensions=tuple(
            (Dimension(d), float(before), float(after))
            for d, before, after in payload["dimensions"]
        ),
        reached=tuple(payload["reached"]),
        missed=tuple(payload["missed"]),
    )


def after(script_id: str, answers: Mapping[str, AnswerValue]) -> tuple[list[Event], bool]:
    """When the quarterly review ends: its SWOT shown back, and whether the goals check-in follows."""
    if script_id != QUARTERLY:
        return [], False
    lines = tuple((key, text) for key in SWOT if isinstance(text := answers.get(key), str) and text)
    events: list[Event] = [SwotSummary(lines)] if lines else []
    return events, answers.get(CHOICE) in REVISE_GOALS

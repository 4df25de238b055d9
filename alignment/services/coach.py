"""The coach's service: read in one short transaction, ask the coach, write in a new one.

The model may take seconds (or its whole timeout), so no transaction, lock or connection is held
while it runs. ``Progress`` is how the edge shows the owner that an answer is coming without the
domain knowing about Telegram.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from alignment.coach.coach import COACH, USER, Coach, Turn
from alignment.coach.context import CoachContext, GoalFacts, dimension_facts
from alignment.scoring.levels import whole
from alignment.services.clock import Clock
from alignment.services.events import CoachAnswer, CoachInsight, Event, Notice, Person
from alignment.services.progress import Waiting
from alignment.services.team import owned_by, owner_scope
from alignment.team.recall import top_position
from alignment.timezones import tzinfo_for
from storage.database import Sessions
from storage.models import Workspace
from storage.repositories import Repositories

if TYPE_CHECKING:  # reports imports rounds, which imports the outbox, which imports this
    from alignment.services.reports import ReportService

REMEMBER = timedelta(hours=24)
"""Turns older than this are a different conversation: ignored, and pruned on the next question."""
TURNS = 6
"""The newest turns the coach is given as the conversation so far."""
ASKED_FOR = timedelta(minutes=15)
"""After a bare /coach, text typed within this time is the question."""
MAX_QUESTION = 1000


class Progress(Waiting, Protocol):
    """What the edge shows while the coach works: "typing…", then the answer as it grows."""

    async def draft(self, text: str) -> None:
        """The answer so far, while the model streams it."""


class CoachService:
    """Owner-only: /coach refuses anyone else through ``owner_scope``."""

    def __init__(
        self, sessions: Sessions, clock: Clock, coach: Coach, reports: ReportService
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._coach = coach
        self._reports = reports

    async def ask(self, person: Person, question: str, progress: Progress) -> list[Event]:
        """/coach <question>: the answer; a bare /coach asks what to ask and waits for it."""
        question = question.strip()[:MAX_QUESTION]
        async with owner_scope(self._sessions, person) as (repos, workspace):
            if not question:
                workspace.coach_asked_at = self._clock.now()
                return [Notice("coach_ask")]
            workspace.coach_asked_at = None
            found = await self._remember(repos, workspace, question)
        return await self._answer(*found, question, progress)

    async def typed(self, person: Person, text: str, progress: Progress) -> list[Event]:
        """Text typed after a bare /coach is the question; [] when no question is awaited."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            repos = Repositories(session)
            workspace = await owned_by(repos, person)
            asked = workspace.coach_asked_at if workspace else None
            if workspace is None or asked is None:
                return []
            workspace.coach_asked_at = None
            if now - asked > ASKED_FOR or not text.strip():
                return []
            question = text.strip()[:MAX_QUESTION]
            found = await self._remember(repos, workspace, question)
        return await self._answer(*found, question, progress)

    async def insight(self, workspace_id: int) -> list[Event]:
        """The weekly insight for the digest: context read and closed, then the coach asked."""
        async with self._sessions.begin() as session:
            repos = Repositories(session)
            workspace = await repos.workspaces.get(workspace_id)
            if workspace is None:
                return []
            ctx = await self._context(repos, workspace)
        insight = await self._coach.insight(ctx, workspace=workspace_id)
        return [CoachInsight(ctx.business, insight)]

    async def _remember(
        self, repos: Repositories, workspace: Workspace, question: str
    ) -> tuple[int, CoachContext, Sequence[Turn]]:
        """Prune old turns, read the conversation so far and the context, store the question."""
        now = self._clock.now()
        await repos.coach.prune(workspace.id, now - REMEMBER)
        history = [
            Turn(t.role, t.text)
            for t in await repos.coach.recent(workspace.id, now - REMEMBER, TURNS)
        ]
        await repos.coach.add(workspace.id, USER, question, now)
        return workspace.id, await self._context(repos, workspace), history

    async def _answer(
        self,
        workspace_id: int,
        ctx: CoachContext,
        history: Sequence[Turn],
        question: str,
        progress: Progress,
    ) -> list[Event]:
        """Ask the coach with no transaction open, then remember its answer."""
        await progress.waiting()
        text = await self._coach.answer(
            ctx, question, history, progress.draft, workspace=workspace_id
        )
        async with self._sessions.begin() as session:
            await Repositories(session).coach.add(workspace_id, COACH, text, self._clock.now())
        return [CoachAnswer(text)]

    async def _context(self, repos: Repositories, workspace: Workspace) -> CoachContext:
        """The strategy and the latest reported figures: no person, answer or comment."""
        strategy = await repos.strategy.current(workspace.id)
        goals: list[GoalFacts] = []
        if strategy is not None:
            top = top_position([g.position for g in strategy.goals], strategy.top_goal)
            for goal in strategy.goals:
                found = await repos.strategy.latest_progress(workspace.id, goal)
                progress = None
                if found is not None:
                    progress = f"{found.value:g}{'%' if found.is_percent else ''}"
                goals.append(
                    GoalFacts(
                        goal.title,
                        goal.metric,
                        goal.target,
                        goal.deadline,
                        goal.confidence,
                        progress,
                        goal.position == top,
                    )
                )
        snapshots = await self._reports.snapshots(repos, workspace)
        latest = snapshots[-1] if snapshots else None
        return CoachContext(
            business=workspace.name,
            vision=strategy.vision if strategy else None,
            mission=strategy.mission if strategy else None,
            values=tuple(strategy.values) if strategy else (),
            goals=tuple(goals),
            dimensions=dimension_facts(latest),
            headline=whole(latest.headline) if latest and latest.headline is not None else None,
            today=_today(self._clock.now(), workspace),
        )


def _today(now: datetime, workspace: Workspace) -> date:
    return now.astimezone(tzinfo_for(workspace.timezone)).date()

"""Closing the loop: one action after a report, told to the team, followed up once.

The owner commits to one action, the team's next round opens with it, and once its date has
passed the owner is asked, once, whether it was done.

Committing is a short conversation whose place is stored on the ``commitments`` row (``stage``:
what, due or message), so a restart keeps it. The pre-filled words come from prompts/ through
``Wording``; the owner takes them with a tap or types their own.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from alignment.dimensions import Dimension
from alignment.schedule_input import parse_date
from alignment.scoring import DimensionScore
from alignment.services.clock import Clock
from alignment.services.events import (
    ActionLine,
    ActionsPage,
    CommitmentAsk,
    Committed,
    Event,
    Notice,
    Person,
)
from alignment.services.team import owned_by, owner_scope
from alignment.team.report import Snapshot
from alignment.timezones import tzinfo_for
from storage.database import Sessions
from storage.models import Commitment, PulseRound, User, Workspace
from storage.repositories import Repositories

if TYPE_CHECKING:  # reports imports rounds, which imports the rotation, which imports this
    from alignment.services.reports import ReportService

WHAT, DUE, MESSAGE = "what", "due", "message"
"""The questions of committing, in order; a tap can take the suggestion for WHAT and MESSAGE."""
SUGGESTED = frozenset({WHAT, MESSAGE})
COMMITMENT_CHECK = "commitment_check"
"""The delivery kind that asks the owner whether a commitment was done."""
OPEN, ASKED, DONE, NOT_YET = "open", "asked", "done", "not_yet"
STATES = frozenset({OPEN, ASKED, DONE, NOT_YET})
"""How /actions words a commitment: before its date, after it, or as the owner answered."""
MAX_WHAT = 300
MAX_MESSAGE = 600
AHEAD = timedelta(days=366)
"""The latest date a commitment may name: an action a year out is a goal, not a next step."""
DRAFT_FOR = timedelta(hours=24)
"""An unfinished commitment older than this no longer claims what the owner types."""
REASK_AFTER = timedelta(days=27)
"""About four weeks: the first round opening this long after a commitment asks its dimension
again (27 days, so a weekly round on the same weekday four weeks on qualifies)."""
ASK_WITHIN = timedelta(days=2)
"""The tick looks this far back for passed dates; older ones were skipped as stale anyway."""
_IN = re.compile(r"^in\s+(\d{1,3})\s+(day|days|week|weeks)$", re.IGNORECASE)

Record = Callable[[str, str, User, dict[str, Any], datetime], Awaitable[None]]
"""The tick's way to record a delivery: kind, period, recipient, payload, when it fell due."""


@dataclass(frozen=True)
class Wording:
    """The pre-filled words from prompts/.

    An action per dimension, what the team said about each, and the message template
    (``{said}``, ``{what}``, ``{due}``).
    """

    actions: Mapping[str, str]
    said: Mapping[str, str]
    message: str


def parse_due(raw: str, today: date) -> date | None:
    """A date as people type it: 2026-12-24, 24.12.2026, 24.12. or "in 2 weeks" / "in 10 days"."""
    text = raw.strip()
    if match := _IN.match(text):
        count = int(match.group(1))
        return today + timedelta(days=count * 7 if match.group(2)[0] in "wW" else count)
    return parse_date(text, today)


class CommitmentService:
    """Owner-only: every method but ``typed`` refuses anyone else through ``owner_scope``."""

    def __init__(
        self, sessions: Sessions, clock: Clock, wording: Wording, reports: ReportService
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._wording = wording
        self._reports = reports

    async def start(self, person: Person, dimension: Dimension) -> list[Event]:
        """The button under a report: a fresh draft for this dimension, replacing any other."""
        async with owner_scope(self._sessions, person) as (repos, workspace):
            await repos.commitments.drop_drafts(workspace.id)
            draft = Commitment(
                workspace_id=workspace.id,
                dimension=dimension.value,
                stage=WHAT,
                created_at=self._clock.now(),
            )
            await repos.commitments.add(draft)
            return [self._ask(draft, workspace)]

    async def take(self, person: Person, commitment_id: int, stage: str) -> list[Event]:
        """The owner tapped the pre-filled action or message: take it as typed."""
        async with owner_scope(self._sessions, person) as (repos, workspace):
            draft = await repos.commitments.draft(workspace.id)
            if draft is None or draft.id != commitment_id or draft.stage != stage:
                return [Notice("stale_button")]
            return self._answer(draft, workspace, self._suggestion(draft, workspace) or "")

    async def typed(self, person: Person, text: str) -> list[Event]:
        """Text typed while a commitment waits for an answer; [] when none does (or it is old)."""
        async with self._sessions.begin() as session:
            repos = Repositories(session)
            workspace = await owned_by(repos, person)
            draft = await repos.commitments.draft(workspace.id) if workspace else None
            if workspace is None or draft is None:
                return []
            if self._clock.now() - draft.created_at > DRAFT_FOR:
                await repos.commitments.drop_drafts(workspace.id)
                return []
            return self._answer(draft, workspace, text.strip())

    async def outcome(self, person: Person, commitment_id: int, done: bool) -> list[Event]:
        """The owner's Yes or Not yet after the date passed; a later answer replaces it."""
        async with owner_scope(self._sessions, person) as (repos, workspace):
            found = await repos.commitments.get(workspace.id, commitment_id)
            if found is None or found.committed_at is None:
                return [Notice("stale_button")]
            found.done, found.answered_at = done, self._clock.now()
            return [Notice("commit_done" if done else "commit_not_yet")]

    async def actions(self, person: Person) -> list[Event]:
        """/actions: every commitment with its outcome, and before and after once re-asked."""
        async with owner_scope(self._sessions, person) as (repos, workspace):
            today = self._today(workspace)
            found = await repos.commitments.committed(workspace.id)
            reasked = any(c.reasked_at is not None for c in found)
            snapshots = await self._reports.snapshots(repos, workspace) if reasked else []
            lines = []
            for c in found:
                assert c.due_on is not None
                dimension = Dimension(c.dimension)
                before, after = _before_after(c, dimension, snapshots, workspace)
                what = c.what or ""
                lines.append(ActionLine(dimension, what, c.due_on, _state(c, today), before, after))
            return [ActionsPage(tuple(lines))]

    def _answer(self, draft: Commitment, workspace: Workspace, text: str) -> list[Event]:
        """Store one answer and ask the next question, or say what was committed."""
        if draft.stage == WHAT:
            if len(text) > MAX_WHAT or not text:
                return [Notice("commit_too_long", {"limit": MAX_WHAT})]
            draft.what, draft.stage = text, DUE
        elif draft.stage == DUE:
            today = self._today(workspace)
            due = parse_due(text, today)
            if due is None or not today < due <= today + AHEAD:
                return [Notice("commit_bad_date")]
            draft.due_on, draft.stage = due, MESSAGE
        else:
            if len(text) > MAX_MESSAGE or not text:
                return [Notice("commit_too_long", {"limit": MAX_MESSAGE})]
            draft.team_message, draft.stage = text, None
            draft.committed_at = self._clock.now()
            assert draft.what is not None
            assert draft.due_on is not None
            return [Committed(draft.what, draft.due_on, text)]
        return [self._ask(draft, workspace)]

    def _ask(self, draft: Commitment, workspace: Workspace) -> CommitmentAsk:
        assert draft.stage is not None
        suggestion = self._suggestion(draft, workspace)
        return CommitmentAsk(draft.id, draft.stage, Dimension(draft.dimension), suggestion)

    def _suggestion(self, draft: Commitment, workspace: Workspace) -> str | None:
        """What a tap takes: the dimension's action, or the message built from the answers."""
        words = self._wording
        if draft.stage == WHAT:
            return words.actions[draft.dimension]
        if draft.stage == MESSAGE and draft.due_on is not None:
            said = words.said[draft.dimension]
            return words.message.format(said=said, what=draft.what, due=draft.due_on.isoformat())
        return None

    def _today(self, workspace: Workspace) -> date:
        return self._clock.now().astimezone(tzinfo_for(workspace.timezone)).date()


def _before_after(
    commitment: Commitment,
    dimension: Dimension,
    snapshots: Sequence[Snapshot],
    workspace: Workspace,
) -> tuple[DimensionScore | None, DimensionScore | None]:
    """The dimension's team figure reported last before committing and first after re-asking.

    Only reported blocks count, so each figure already met the threshold and pooling rules;
    "after" must have measured the dimension itself, not carried an older figure forward.
    """
    if commitment.reasked_at is None or commitment.committed_at is None:
        return None, None
    zone = tzinfo_for(workspace.timezone)
    committed = commitment.committed_at.astimezone(zone).date()
    reasked = commitment.reasked_at.astimezone(zone).date()
    before = after = None
    for shot in snapshots:
        score = next((s for s in shot.scores if s.dimension is dimension), None)
        if score is None or score.team is None:
            continue
        if shot.closed_on <= committed:
            before = score
        elif shot.closed_on >= reasked and shot.measured(dimension) is None:
            after = score
            break
    return (before, after) if after is not None else (None, None)


def _state(commitment: Commitment, today: date) -> str:
    if commitment.done is not None:
        return DONE if commitment.done else NOT_YET
    assert commitment.due_on is not None
    return OPEN if commitment.due_on >= today else ASKED


async def announcement(repos: Repositories, pulse_round: PulseRound) -> str | None:
    """The owner's message a round's invitation opens with: said by one round only.

    The round takes the newest commitment made before it opened that no round has announced.
    """
    found = await repos.commitments.announced_by(pulse_round.id)
    if found is None:
        found = await repos.commitments.unannounced(pulse_round.workspace_id, pulse_round.opened_at)
        if found is not None:
            found.announced_round_id = pulse_round.id
    return found.team_message if found is not None else None


async def reask(repos: Repositories, workspace_id: int, now: datetime) -> set[Dimension]:
    """The dimensions a round opening at ``now`` asks again, each marked so it happens once."""
    found = await repos.commitments.to_reask(workspace_id, now - REASK_AFTER)
    for commitment in found:
        commitment.reasked_at = now
    return {Dimension(c.dimension) for c in found}


async def follow_up(
    repos: Repositories, workspace: Workspace, owner: User, now: datetime, record: Record
) -> None:
    """Once a commitment's date has passed, ask the owner, once, whether it was done.

    Due the morning after the date (after the quiet hours, which ``record`` applies); the
    delivery key (``commitment:<id>``) makes it once.
    """
    if owner.unreachable_at is not None:
        return
    zone: tzinfo = tzinfo_for(workspace.timezone)
    today = now.astimezone(zone).date()
    first = today - ASK_WITHIN - timedelta(days=1)
    for commitment in await repos.commitments.due_between(
        workspace.id, first, today - timedelta(days=1)
    ):
        assert commitment.due_on is not None
        fell_due = datetime.combine(commitment.due_on + timedelta(days=1), time(), zone)
        payload = {
            "commitment": commitment.id,
            "what": commitment.what,
            "due_on": commitment.due_on.isoformat(),
        }
        await record(COMMITMENT_CHECK, f"commitment:{commitment.id}", owner, payload, fell_due)
